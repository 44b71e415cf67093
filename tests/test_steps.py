"""The set-up checklist and the next step after creating a pilot (issue 9)."""

from __future__ import annotations

import datetime as dt

from pilot.intake import entries
from pilot.results import steps
from pilot.setup import goals, participants
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, save_pilot
from tests.made_up import GROUP


def test_a_new_pilot_is_told_each_next_step_until_its_set_up_is_complete(fresh_db):
    pilot = save_pilot(
        fresh_db,
        Pilot(name="Wiki", start=dt.date(2026, 9, 7), end=dt.date(2026, 11, 29), tool_name="Confluence"),
    )
    done = [s.done for s in steps.setup_steps(fresh_db, pilot)]
    assert done == [False, False, False, False]
    assert steps.next_step(steps.setup_steps(fresh_db, pilot)) == (
        "Next step: define the pilot "
        "(on the Definition tab: name the replaced channel, the rule, the sponsor)."
    )
    pilot.replaced_name, pilot.replaced_rule, pilot.sponsor_email = (
        "Email",
        "How-tos on the wiki",
        "ann@example.com",
    )
    pilot = save_pilot(fresh_db, pilot)
    assert steps.next_step(steps.setup_steps(fresh_db, pilot)).startswith("Next step: enrol the sample group")
    participants.import_csv(fresh_db, pilot, GROUP)
    assert steps.next_step(steps.setup_steps(fresh_db, pilot)).startswith(
        "Next step: set the sponsor's goals"
    )
    goals.save_goal(fresh_db, pilot.id, Goal("active_rate", "at_least", 0.6, must=True))
    assert steps.next_step(steps.setup_steps(fresh_db, pilot)).startswith("Next step: import the first week")
    entries.enter_group_count(fresh_db, pilot, "2026-08-31", 40)
    final = steps.setup_steps(fresh_db, pilot)
    assert [s.detail for s in final] == [
        "tool, replaced channel, rule and sponsor set",
        "5 participants in 3 departments",
        "1 goal, 1 must-have",
        "1 import stored",
    ]
    assert steps.next_step(final) is None


def test_a_group_of_one_is_one_participant_in_one_department(fresh_db):
    """It said "1 participants in 1 departments"; the counts now go through format.counted."""
    pilot = save_pilot(fresh_db, Pilot(name="Wiki", start=dt.date(2026, 9, 7), end=dt.date(2026, 11, 29)))
    participants.import_csv(
        fresh_db,
        pilot,
        GROUP.splitlines(keepends=True)[0] + b"Ann Lee,ann@example.com,Sales,leadership,true,false,,\n",
    )
    assert steps.setup_steps(fresh_db, pilot)[1].detail == "1 participant in 1 department"
    goals.save_goal(fresh_db, pilot.id, Goal("active_rate", "at_least", 0.6, must=True))
    goals.save_goal(fresh_db, pilot.id, Goal("tool_posts", "at_least", 10))
    entries.enter_group_count(fresh_db, pilot, "2026-08-31", 40)
    entries.enter_group_count(fresh_db, pilot, "2026-09-07", 30)
    assert [s.detail for s in steps.setup_steps(fresh_db, pilot)[2:]] == [
        "2 goals, 1 must-have",
        "2 imports stored",
    ]
