"""The risks beside the verdict (DESIGN section 4), on made-up pilots and on the demo."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pilot.core.catalog import CHECKLIST
from pilot.report import summary as report
from pilot.results.engagement import Concentration
from pilot.results.progress import GoalStatus
from pilot.results.risks import risks
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, get_pilot
from pilot.stories import concerns
from pilot.stories.concerns import Concern
from tests.metrics_data import add_people, add_usage, make_pilot

ALL_TICKED = {key: {"done": True} for key in CHECKLIST}
NO_CONCERNS = pd.DataFrame(columns=["description", "status"])


def pilot(**changes) -> Pilot:
    fields = {"name": "Wiki", "start": dt.date(2026, 9, 7), "end": dt.date(2026, 11, 29)}
    return Pilot(**{**fields, "replaced_name": "Broadcast email", "checklist": dict(ALL_TICKED), **changes})


def weekly(*shares: float) -> pd.DataFrame:
    return pd.DataFrame({"pilot_week": range(1, len(shares) + 1), "tool_share": shares})


def slipping(metric: str, must: bool) -> GoalStatus:
    goal = Goal(metric, "at_least", 2, due_week=12, must=must)
    return GoalStatus(goal, None, 5, 2.0, "met", 0.0, 12, "", slipping=True)


def texts(found) -> list[tuple[str, str]]:
    return [(r.kind, r.text) for r in found]


def test_a_tidy_pilot_has_no_risk() -> None:
    assert risks(pilot(), "Go", [], weekly(0.4, 0.6), NO_CONCERNS) == []


def test_a_go_with_the_export_path_untested_is_flagged_first() -> None:
    """The seed of the product: a throw-away pilot's data must be exportable."""
    untested = {**ALL_TICKED, "export_tested": {"done": False}, "no_customisation": {"done": False}}
    assert texts(risks(pilot(checklist=untested), "Go", [], weekly(0.6), NO_CONCERNS)) == [
        ("export", "Go, but the data export path is not tested: the pilot's data must be exportable."),
        ("checklist", "Throw-away checklist not ticked: No customisation."),
    ]
    assert texts(risks(pilot(checklist=untested), "Extend", [], weekly(0.6), NO_CONCERNS)) == [
        ("checklist", "Throw-away checklist not ticked: No customisation, Data export path tested."),
    ]


def test_open_concerns_budget_slipping_must_haves_and_the_replaced_channel() -> None:
    raised = pd.DataFrame(
        {"description": ["Workload", "Wrong advice", "Goofing off"], "status": ["open", "handled", "open"]}
    )
    over = pilot(budget_cap=5000, budget_spent=5600)
    statuses = [slipping("sponsor_posts", must=True), slipping("tool_posts", must=False)]
    assert texts(risks(over, "Extend", statuses, weekly(0.7, 0.4, float("nan")), raised)) == [
        (
            "slipping",
            "Must-have goal met now but trending down: "
            "Sponsor posts at least 2, met now, at risk by week 12.",
        ),
        ("concern", "2 concerns still open (Workload; Goofing off)."),
        ("budget", "Budget over its cap: 5,600 of 5,000 EUR spent (112%)."),
        ("channel", "Broadcast email still carries most traffic: 60% of posts in week 2."),
    ]


def test_a_budget_on_its_cap_or_without_one_is_no_risk() -> None:
    assert risks(pilot(budget_cap=5000, budget_spent=5000), "Go", [], weekly(), NO_CONCERNS) == []
    assert risks(pilot(budget_cap=0, budget_spent=900), "Go", [], weekly(), NO_CONCERNS) == []


def test_risks_never_change_the_demo_verdict(demo_db) -> None:
    demo = get_pilot(demo_db, "demo")
    before = report.build(demo_db, demo)
    concerns.record_concern(demo_db, demo, Concern("2026-11-18", "Sponsor leaves in December"))
    demo.budget_spent = 9000
    after = report.build(demo_db, demo)
    assert before.decision == after.decision
    assert after.decision.recommendation == "Go"
    assert [r.kind for r in after.risks] == ["export", "concern", "budget", "channel"]
    assert after.risks[1].text == (
        "2 concerns still open (Sponsor leaves in December; "
        "Workload: one more place to read on top of email)."
    )


def test_posting_concentrated_on_a_few_people_is_a_risk() -> None:
    """Issue 13: half the posts from fewer than 10% of the people enrolled, or from fewer than 3."""
    few = Concentration(week=8, people=4, enrolled=60, posts=120)
    assert texts(risks(pilot(), "Go", [], weekly(0.6), NO_CONCERNS, few)) == [
        (
            "concentration",
            "4 of 60 people wrote half of week 8's posts. The pilot rests on a few enthusiasts.",
        )
    ]
    spread = Concentration(week=8, people=6, enrolled=60, posts=120)  # 10% exactly, and 3 or more
    assert risks(pilot(), "Go", [], weekly(0.6), NO_CONCERNS, spread) == []
    assert risks(pilot(), "Go", [], weekly(0.6), NO_CONCERNS, Concentration(8, 0, 60, 0)) == []


def test_the_summary_reads_the_concentration_of_its_week_from_the_usage(fresh_db) -> None:
    """p1 writes 9 of week 2's 10 posts (1 of 8 people: a risk); in week 1 all 8 post once, so
    4 people make half of the posts (not fewer than 3, not under 10% of 8): no risk."""
    made = make_pilot(fresh_db)
    people = [f"p{i}@example.com" for i in range(1, 9)]
    ids = add_people(fresh_db, made.id, [(p, "A") for p in people])
    week1 = [(p, "2026-09-07", "tool", 1, 1) for p in people]
    week2 = [(people[0], "2026-09-14", "tool", 9, 0), (people[1], "2026-09-14", "tool", 1, 0)]
    add_usage(fresh_db, made.id, ids, week1 + week2)
    found = report.build(fresh_db, made).risks
    assert [r.text for r in found if r.kind == "concentration"] == [
        "1 of 8 people wrote half of week 2's posts. The pilot rests on a few enthusiasts."
    ]
    assert "concentration" not in [r.kind for r in report.build(fresh_db, made, "2026-09-07").risks]
