"""Extending a pilot moves no goal's bar unasked; a stale edit is refused (issue 10)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pilot import store
from pilot.core.errors import StaleEdit, ValidationError
from pilot.report import summary
from pilot.results import history
from pilot.setup import goals, pilots
from pilot.setup.goals import Goal
from tests.conftest import snapshot
from tests.test_pilots import a_pilot


def test_a_blank_due_week_is_stored_as_the_last_week_at_the_time(fresh_db):
    pilot = pilots.save_pilot(fresh_db, a_pilot(), [Goal("active_rate", "at_least", 0.6)])
    later = goals.save_goal(fresh_db, pilot.id, Goal("tool_posts", "at_least", 5))
    assert len(pilot.weeks) == 12
    assert [g.due_week for g in goals.list_goals(fresh_db, pilot.id)] == [12, 12]
    assert later.due_week == 12


def _extended(pilot: pilots.Pilot, weeks: int) -> pilots.Pilot:
    return dataclasses.replace(pilot, end=pilot.end + dt.timedelta(weeks=weeks))


def test_extending_leaves_the_goals_where_they_are_unless_asked(fresh_db):
    pilot = pilots.save_pilot(
        fresh_db,
        a_pilot(),
        [Goal("active_rate", "at_least", 0.6), Goal("tool_posts", "at_least", 5, due_week=6)],
    )
    longer = pilots.save_pilot(fresh_db, _extended(pilot, 4))
    assert [g.due_week for g in goals.list_goals(fresh_db, pilot.id)] == [12, 6]
    pilots.save_pilot(fresh_db, _extended(longer, 2), move_goals=True)
    assert [g.due_week for g in goals.list_goals(fresh_db, pilot.id)] == [12, 6]  # none was due at 16
    shorter = pilots.get_pilot(fresh_db, pilot.id)
    pilots.save_pilot(fresh_db, dataclasses.replace(shorter, end=pilot.end), move_goals=True)
    assert [g.due_week for g in goals.list_goals(fresh_db, pilot.id)] == [12, 6]


def test_moving_the_goals_with_the_end_is_recorded_and_flagged_in_the_summary(demo_db):
    demo = pilots.get_pilot(demo_db, "demo")
    due_at_end = [g.id for g in goals.list_goals(demo_db, demo.id) if g.due_week == len(demo.weeks)]
    pilots.save_pilot(demo_db, _extended(demo, 2), move_goals=True)
    moved = [g for g in goals.list_goals(demo_db, demo.id) if g.id in due_at_end]
    assert moved and {g.due_week for g in moved} == {len(demo.weeks) + 2}
    trail = history.audit_trail(demo_db, demo.id)
    assert len(trail[(trail["entity"] == "goal") & (trail["action"] == "changed")]) == len(moved)
    notes = summary.build(demo_db, pilots.get_pilot(demo_db, "demo")).goal_changes
    assert any(
        f"Due week of Active rate changed from {len(demo.weeks)} to {len(demo.weeks) + 2}" in n for n in notes
    )


def test_shortening_past_a_goal_s_due_week_is_refused_unless_moved(fresh_db, db_path):
    pilot = pilots.save_pilot(fresh_db, a_pilot(), [Goal("active_rate", "at_least", 0.6)])
    before = snapshot(db_path)
    shorter = dataclasses.replace(pilot, end=pilot.end - dt.timedelta(weeks=2))
    with pytest.raises(ValidationError, match="1 goal is due after the new last week 10"):
        pilots.save_pilot(fresh_db, shorter)
    assert snapshot(db_path) == before
    pilots.save_pilot(fresh_db, shorter, move_goals=True)
    assert [g.due_week for g in goals.list_goals(fresh_db, pilot.id)] == [10]


def test_a_save_against_a_newer_version_is_refused_with_who_and_when(fresh_db, db_path):
    pilot = pilots.save_pilot(fresh_db, a_pilot())
    seen = store.version(fresh_db, pilot.id, "pilot", pilot.id)
    pilots.save_pilot(fresh_db, dataclasses.replace(pilot, purpose="Newer"))
    before = snapshot(db_path)
    with pytest.raises(StaleEdit, match=r"^Changed by .+ at \d\d:\d\d UTC since you opened it"):
        pilots.save_pilot(fresh_db, dataclasses.replace(pilot, purpose="Older"), seen=seen)
    assert snapshot(db_path) == before
    newest = store.version(fresh_db, pilot.id, "pilot", pilot.id)
    assert newest > seen
    pilots.save_pilot(fresh_db, dataclasses.replace(pilot, purpose="Mine"), seen=newest)
    assert pilots.get_pilot(fresh_db, pilot.id).purpose == "Mine"
