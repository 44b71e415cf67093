"""The go / no-go rule of DESIGN section 4 on made-up goal sets, and the owner's override."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pilot.core.errors import ValidationError
from pilot.results import decision
from pilot.results.progress import GoalStatus
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, save_pilot
from tests.conftest import connect_as, snapshot


def status(metric: str, state: str, must: bool = True, judged: int | None = 12, due: int = 12) -> GoalStatus:
    goal = Goal(metric, "at_least", 0.5, due_week=due, must=must)
    return GoalStatus(
        goal=goal,
        week=None,
        pilot_week=judged,
        actual=0.6,
        status=state,
        forecast=0.6,
        due_week=due,
        explanation="",
        benefits=[],
    )


def test_every_must_have_met_at_its_due_week_is_go() -> None:
    result = decision.decide(
        [
            status("active_rate", "met"),
            status("substitution", "met"),
            status("tool_posts", "off track", must=False),
        ],
        12,
        12,
    )
    assert result.recommendation == "Go"
    assert result.reason == "All 2 must-have goals were met at their due week."
    assert result.rule == decision.RULE
    assert [p.part for p in result.parts] == [
        "Must-have, met at its due week 12: counts towards Go.",
        "Must-have, met at its due week 12: counts towards Go.",
        "Not a must-have: shown, not counted.",
    ]


def test_one_must_have_off_track_is_no_go() -> None:
    result = decision.decide([status("active_rate", "met"), status("substitution", "off track")], 12, 12)
    assert result.recommendation == "No-go"
    assert result.reason == "Must-have goal off track: Substitution."
    assert result.parts[1].part == "Must-have and off track: makes it No-go."


def test_at_risk_or_not_enough_data_is_extend() -> None:
    result = decision.decide(
        [status("active_rate", "at risk"), status("substitution", "not enough data")], 12, 12
    )
    assert result.recommendation == "Extend"
    assert (
        result.reason
        == "0 of 2 must-have goals met at their due week; none off track. 2 not met yet or not due yet."
    )
    assert result.parts[0].part == "Must-have, at risk (due week 12): keeps it at Extend."


def test_met_before_the_due_week_is_not_yet_go() -> None:
    """None due yet: both goals meet their target in week 4, but the sponsor asked for week 12."""
    result = decision.decide(
        [status("active_rate", "met", judged=4), status("substitution", "on track", judged=4)], 4, 12
    )
    assert result.recommendation == "Extend"
    assert result.parts[0].part == "Must-have, met now but due in week 12: Go waits for the due week."
    assert result.parts[0].judged_week == 4
    assert result.parts[1].part == "Must-have, on track (due week 12): keeps it at Extend."


def test_no_must_have_goal_cannot_be_go() -> None:
    result = decision.decide([status("active_rate", "met", must=False)], 12, 12)
    assert result.recommendation == "Extend"
    assert result.reason == "No goal is a must-have, so the evidence cannot support Go."


@pytest.fixture
def pilot(fresh_db) -> Pilot:
    return save_pilot(fresh_db, Pilot(name="Wiki", start=dt.date(2026, 9, 7), end=dt.date(2026, 11, 29)))


def test_override_is_stored_under_the_signed_in_user_and_role(fresh_db, db_path, pilot: Pilot) -> None:
    assert decision.latest_override(fresh_db, pilot.id) is None
    kira = connect_as(db_path, "Kira@Example.com", "owner", pilot, name="Kira Garcia")
    first = decision.record_override(kira, pilot.id, "Extend", " Budget review first ")
    second = decision.record_override(fresh_db, pilot.id, "No-go", "Security said no")
    assert (first.decision, first.reason, first.decided_by, first.decided_role) == (
        "Extend",
        "Budget review first",
        "Kira Garcia",
        "owner",
    )
    assert (second.decided_by, second.decided_role) == (fresh_db.actor.label, "admin")
    assert dt.datetime.fromisoformat(second.decided_at) <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert decision.latest_override(fresh_db, pilot.id) == second
    assert [o.decision for o in decision.list_overrides(fresh_db, pilot.id)] == ["No-go", "Extend"]


def test_the_decision_as_of_a_day_is_the_latest_recorded_by_its_end(fresh_db, pilot: Pilot) -> None:
    """A summary as of an earlier week shows no decision recorded after that week (walkthrough defect)."""
    extend = decision.record_override(fresh_db, pilot.id, "Extend", "Wait for week 8")
    go = decision.record_override(fresh_db, pilot.id, "Go", "Every must-have met")
    for made, when in ((extend, "2026-10-04 23:59:59"), (go, "2026-12-01 08:00:00")):
        fresh_db.execute("UPDATE decisions SET decided_at = ? WHERE decision = ?", [when, made.decision])
    assert decision.latest_override(fresh_db, pilot.id, "2026-10-03") is None  # neither made yet
    assert decision.latest_override(fresh_db, pilot.id, "2026-10-04").decision == "Extend"  # its last second
    assert decision.latest_override(fresh_db, pilot.id, "2026-11-30").decision == "Extend"
    assert decision.latest_override(fresh_db, pilot.id, "2026-12-01").decision == "Go"
    assert decision.latest_override(fresh_db, pilot.id).decision == "Go"  # no day: every one counts


def test_override_needs_a_decision_and_a_reason(fresh_db, db_path, pilot: Pilot) -> None:
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as error:
        decision.record_override(fresh_db, pilot.id, "Maybe", "  ")
    assert error.value.messages == [
        "The decision must be one of Go, Extend, No-go, not 'Maybe'",
        "Write the reason for the override",
    ]
    assert snapshot(db_path) == before


def test_one_week_of_data_has_data() -> None:
    result = decision.decide([status("active_rate", "not enough data", judged=1)], 1, 12)
    assert result.reason == "1 of 12 weeks has data; a recommendation needs 3."


def test_fewer_than_three_weeks_of_data_is_too_early_to_recommend() -> None:
    """Issue 9 defect 4: a verdict no data supports. An off-track goal in week 2 does not make it No-go."""
    result = decision.decide([status("active_rate", "off track", judged=2)], 2, 12)
    assert result.recommendation == "Too early to recommend"
    assert result.reason == "2 of 12 weeks have data; a recommendation needs 3."
    assert result.parts[0].part == "Must-have, off track now: judged once 3 weeks have data."
    assert result.data_weeks == 2
    assert "with fewer than 3 pilot weeks of tool data up to the week shown, Too early to recommend" in (
        result.rule
    )
    assert decision.decide([status("active_rate", "off track", judged=3)], 3, 12).recommendation == "No-go"


def test_weeks_with_data_count_tool_weeks_up_to_the_week_judged() -> None:
    weekly = pd.DataFrame({"pilot_week": [1, 2, 3, 4, 5], "tool_posts": [3.0, None, 4.0, 5.0, 6.0]})
    assert [decision.data_weeks(weekly, n) for n in (None, 1, 2, 3, 5)] == [0, 1, 1, 2, 4]
    assert decision.data_weeks(weekly.iloc[:0], 5) == 0


def test_reasons_list_every_must_have_when_three_or_fewer() -> None:
    statuses = [status("active_rate", "met"), status("tool_posts", "off track", must=False)]
    statuses.append(status("substitution", "at risk"))
    assert decision.reasons(statuses) == (
        ["Active rate at least 50%: met (60%)", "Substitution at least 50%: at risk (60%)"],
        0,
    )


def test_reasons_put_off_track_first_then_at_risk_then_the_rest() -> None:
    slipping = status("retention", "met")
    slipping.slipping = True
    statuses = [
        status("active_rate", "met"),
        status("contributor_rate", "on track"),
        slipping,
        status("substitution", "off track"),
        status("tool_share", "met"),
    ]
    lines, more = decision.reasons(statuses)
    assert lines == [
        "Substitution at least 50%: off track (60%)",
        "Retention at least 50%: met now, at risk by week 12 (60%)",
        "Active rate at least 50%: met (60%)",
    ]
    assert more == 2
