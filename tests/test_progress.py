"""Goal status on made-up weekly series, with forecasts worked out by hand, and on stored pilots."""

from __future__ import annotations

import pandas as pd
import pytest

from pilot import demo
from pilot.results import decision, metrics, progress
from pilot.setup.goals import Goal, list_goals
from tests.metrics_data import add_benefit, add_kpi, make_pilot

ACTIVE = Goal("active_rate", "at_least", 0.6)
HOURS = Goal("manual:Hours to answer", "at_most", 2.4)


def judge(goal: Goal, values: dict[int, float], as_of: int, due: int) -> progress.GoalStatus:
    return progress.judge(goal, pd.Series(values, dtype=float), as_of, due)


def test_met_now():
    s = judge(ACTIVE, {1: 0.3, 2: 0.5, 3: 0.65}, 3, 12)
    assert (s.status, s.actual, s.pilot_week) == ("met", 0.65, 3)
    assert s.forecast == 1.0  # 0.175 a week from 0.65 passes 100%: a rate is kept within 0..1
    assert s.explanation == "Active rate 65% in week 3: at or above the target 60%."
    assert (s.slipping, s.words) == (False, "met")


def test_met_now_but_trending_down_stays_met_and_is_flagged_slipping():
    """Issue 9 defect 8: 'met' beside a forecast of 0 against a target of 2, with no word of warning."""
    posts = Goal("sponsor_posts", "at_least", 2, must=True)
    s = judge(posts, {1: 8, 2: 5, 3: 2}, 3, 12)
    assert (s.status, s.actual, s.forecast) == ("met", 2.0, 0.0)
    assert (s.slipping, s.words) == (True, "met now, at risk by week 12")
    assert s.explanation == (
        "Sponsor posts 2 in week 3: at or above the target 2. "
        "Met now, at risk by week 12: the trend reaches 0."
    )
    assert decision.decide([s], 3, 12).recommendation == "Extend"  # the rule is unchanged: not yet due
    due = judge(posts, {1: 8, 2: 5, 3: 2}, 12, 3)  # judged at its due week: no forecast, no flag
    assert (due.status, due.slipping) == ("met", False)


def test_week_one_says_nothing_about_substitution_without_a_baseline_of_its_own(fresh_db):
    """Issue 9 defect 5: week 1 was its own baseline, and the summary said '0% below its baseline'."""
    pilot = make_pilot(fresh_db)
    weekly = pd.DataFrame(
        [
            {
                "week": "2026-09-07",
                "pilot_week": 1,
                "active_rate": 0.5,
                "contributor_rate": 0.25,
                "substitution": 0.0,
                "tool_share": 0.2,
            }
        ]
    )
    said = progress.this_week_summary(pilot, weekly, [], 1, baseline_weeks=0)
    assert said == "In week 1 of 4, 50% of the sample group used the tool and 25% posted."
    with_baseline = progress.this_week_summary(pilot, weekly, [], 1, baseline_weeks=2)
    assert with_baseline.endswith(
        "The replaced channel volume is at its baseline, and the tool carries 20% of all posts."
    )


def test_on_track():
    s = judge(ACTIVE, {1: 0.2, 2: 0.3, 3: 0.4, 4: 0.5}, 4, 6)
    assert s.status == "on track"
    assert s.forecast == pytest.approx(0.7)
    assert s.explanation == (
        "Active rate 50% in week 4; the trend of the last 4 weeks reaches 70% by week 6, "
        "at or above the target 60%."
    )


def test_at_risk_when_the_forecast_misses_by_ten_percent_of_the_target_or_less():
    s = judge(Goal("active_rate", "at_least", 0.62), {1: 0.2, 2: 0.3, 3: 0.4, 4: 0.5}, 4, 5)
    assert (s.status, s.forecast) == ("at risk", 0.6)
    assert s.explanation.endswith("reaches 60% by week 5, below the target 62% (within 10% of it).")


def test_off_track():
    s = judge(ACTIVE, {1: 0.2, 2: 0.2, 3: 0.2}, 3, 12)
    assert (s.status, s.forecast) == ("off track", 0.2)
    assert s.explanation == (
        "Active rate 20% in week 3; the trend of the last 3 weeks reaches 20% by week 12, "
        "below the target 60%."
    )


def test_trend_is_fitted_to_the_last_four_weeks_only():
    s = judge(ACTIVE, {1: 0.9, 2: 0.1, 3: 0.2, 4: 0.3, 5: 0.4}, 5, 8)
    assert (s.status, s.forecast) == ("on track", 0.7)


def test_too_few_weeks_for_a_forecast():
    s = judge(ACTIVE, {1: 0.2, 2: 0.3}, 2, 12)
    assert (s.status, s.forecast, s.actual) == ("not enough data", None, 0.3)
    assert (
        s.explanation
        == "Active rate 30% in week 2, below the target 60%; a forecast needs at least 3 weeks of data."
    )


def test_met_in_the_first_week_needs_no_forecast():
    assert judge(ACTIVE, {1: 0.7}, 1, 12).status == "met"


def test_no_data_at_all():
    s = judge(ACTIVE, {}, 3, 12)
    assert (s.status, s.actual, s.explanation) == (
        "not enough data",
        None,
        "No data for Active rate yet by week 3.",
    )
    assert (
        progress.judge(ACTIVE, pd.Series(dtype=float), None, 12).explanation == "No data for Active rate yet."
    )


def test_due_week_passed_is_judged_at_the_due_week():
    values = {1: 0.2, 2: 0.3, 3: 0.4, 4: 0.5, 5: 0.55, 6: 0.9, 7: 0.9}
    s = judge(ACTIVE, values, 7, 5)
    assert (s.status, s.pilot_week, s.actual, s.forecast) == ("off track", 5, 0.55, None)
    assert s.explanation == "Active rate 55% in week 5, its due week: below the target 60%."
    assert judge(ACTIVE, values, 7, 6).status == "met"
    s = judge(ACTIVE, {1: 0.2, 2: 0.3, 3: 0.7}, 6, 5)  # no data in weeks 4 and 5
    assert (s.status, s.pilot_week, s.actual) == ("met", 5, 0.7)
    assert (
        s.explanation
        == "Active rate 70% in week 3, the latest data by its due week 5: at or above the target 60%."
    )


def test_at_most_goals():
    assert judge(HOURS, {1: 5, 2: 4, 3: 3}, 3, 6).status == "on track"  # reaches 0 by week 6
    s = judge(HOURS, {1: 5, 2: 4.5, 3: 4}, 3, 6)  # reaches 2.5, above 2.4 but within 10%
    assert (s.status, s.forecast) == ("at risk", 2.5)
    assert s.explanation == (
        "Hours to answer 4 in week 3; the trend of the last 3 weeks reaches 2.50 by week 6, "
        "above the target 2.40 (within 10% of it)."
    )
    assert judge(HOURS, {1: 5, 2: 6, 3: 7}, 3, 6).status == "off track"
    assert judge(HOURS, {1: 2.0}, 1, 6).status == "met"


def test_counts_are_never_forecast_below_zero():
    s = judge(Goal("sponsor_posts", "at_least", 2), {1: 6, 2: 3, 3: 0}, 3, 12)
    assert (s.status, s.forecast) == ("off track", 0.0)


def test_manual_kpi_goal_with_tied_benefits(fresh_db):
    pilot = make_pilot(fresh_db, goals=[Goal("manual:Hours to answer", "at_most", 2, due_week=4, must=True)])
    goal = list_goals(fresh_db, pilot.id)[0]
    for week, value in (("2026-09-07", 5), ("2026-09-14", 4), ("2026-09-21", 3)):
        add_kpi(fresh_db, pilot.id, "Hours to answer", week, value)
    add_benefit(fresh_db, pilot.id, "2026-09-10", description="Answer found in the archive", goal=goal)
    add_benefit(fresh_db, pilot.id, "2026-09-28", description="After week 3", goal=goal)
    add_benefit(fresh_db, pilot.id, "2026-09-11", description="Not tied")
    [s] = progress.goal_statuses(fresh_db, pilot)  # no usage: the latest week is the KPI's week 3
    assert (s.status, s.pilot_week, s.week, s.actual, s.due_week) == ("on track", 3, "2026-09-21", 3.0, 4)
    assert s.forecast == pytest.approx(2.0)
    assert s.benefits == ["Answer found in the archive"]
    [s] = progress.goal_statuses(fresh_db, pilot, 4)
    assert (s.status, s.pilot_week, s.actual) == ("off track", 4, 3.0)
    assert s.benefits == ["Answer found in the archive", "After week 3"]


def test_no_data_yet(fresh_db):
    pilot = make_pilot(fresh_db, goals=[ACTIVE])
    [s] = progress.goal_statuses(fresh_db, pilot)
    assert (s.status, s.pilot_week, s.week, s.due_week) == ("not enough data", None, None, 4)
    assert progress.this_week_summary(
        pilot, metrics.weekly(fresh_db, pilot.id), [s], 1, baseline_weeks=0
    ) == ("No usage data for week 1 yet.")


def test_demo_statuses_and_summary(fresh_db):
    pilot = demo.load(fresh_db)
    weekly = metrics.weekly(fresh_db, pilot.id)
    week8 = progress.goal_statuses(fresh_db, pilot, 8, weekly)
    assert [(s.goal.metric, s.status, s.due_week, s.week) for s in week8] == [
        ("active_rate", "met", 12, "2026-10-19"),
        ("substitution", "met", 12, "2026-10-19"),
        ("sponsor_posts", "on track", 12, "2026-10-19"),
        ("benefits:hours", "on track", 12, "2026-10-19"),
    ]
    assert week8[2].explanation == (
        "Sponsor posts 1 in week 8; the trend of the last 4 weeks reaches 9.50 by week 12, "
        "at or above the target 2."
    )
    assert week8[1].benefits[0] == "Procedure change explained once instead of four times"
    assert progress.baseline_weeks(fresh_db, pilot.id) == 2
    assert progress.this_week_summary(pilot, weekly, week8, 8, baseline_weeks=2) == (
        "In week 8 of 12, 88.3% of the sample group used Viva Engage (up 15 pts on last week) "
        "and 48.3% posted. "
        "Broadcast email volume is 39.2% below its baseline, and Viva Engage carries 21.3% of all posts. "
        "Goals: 2 met, 2 on track."
    )
    latest = progress.goal_statuses(fresh_db, pilot)
    assert [(s.status, s.pilot_week) for s in latest] == [("met", 12)] * 4
    week5 = progress.goal_statuses(fresh_db, pilot, 5, weekly)
    assert progress.this_week_summary(pilot, weekly, week5, 5, baseline_weeks=2).endswith(
        "Goals: 2 met, 1 at risk, 1 off track (Sponsor posts)."
    )
