"""Goals on benefits (benefits:UNIT) and the business case, on a small pilot computed by hand.

The pilot: start moved from 2026-09-01 to Monday 2026-09-07, 7 weeks (to 2026-10-25), two
participants, tool usage in weeks 1 to 3. Its benefits (unit as typed -> as stored):

    2026-09-02   3    "Hrs"     -> hours   dated before the (moved) start: counts from week 1
    2026-09-13   2    "hour"    -> hours   Sunday: the last day of week 1
    2026-09-14   40   " Mails " -> emails  Monday: week 2
    2026-09-20   1.5  "h"       -> hours   week 2
    2026-09-22   -                         week 3, no quantity: counts as a story, not in any unit
    2026-09-23   4    "HOURS"   -> hours   week 3

Hours by the end of each week: 5, 6.5, 10.5. Emails: 0, 40, 40.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from pilot import export, store
from pilot.report import render, summary
from pilot.results import benefit_weeks, business, decision, progress
from pilot.setup import goals as goal_store
from pilot.setup import pilots
from pilot.setup.goals import Goal
from pilot.stories import benefits
from pilot.stories.benefits import Benefit
from tests.metrics_data import add_people, add_usage, make_pilot

STORIES = [
    ("2026-09-02", 3, "Hrs"),
    ("2026-09-13", 2, "hour"),
    ("2026-09-14", 40, " Mails "),
    ("2026-09-20", 1.5, "h"),
    ("2026-09-22", None, ""),
    ("2026-09-23", 4, "HOURS"),
]


@pytest.fixture
def small(fresh_db):
    pilot = make_pilot(fresh_db, start="2026-09-01", end="2026-10-25", sponsor="ann@example.com")
    ids = add_people(fresh_db, pilot.id, [("ann@example.com", "Sales"), ("bob@example.com", "IT")])
    weeks = ["2026-09-07", "2026-09-14", "2026-09-21"]
    add_usage(fresh_db, pilot.id, ids, [("ann@example.com", w, "tool", 1, 1) for w in weeks])
    hours = goal_store.save_goal(fresh_db, pilot.id, Goal("benefits:Hrs", "at_least", 12, 5, must=True))
    for day, quantity, unit in STORIES:
        story = f"Story of {day}"
        benefits.record_benefit(
            fresh_db,
            pilot,
            Benefit(day, "time saved", story, "ann@example.com", quantity=quantity, unit=unit),
        )
    pilot.start, pilot.hourly_cost, pilot.organisation_size = dt.date(2026, 9, 7), 50.0, 100
    pilot = pilots.save_pilot(fresh_db, pilot)  # the owner moved the start: the first story is before it
    return fresh_db, pilot, hours


def test_units_are_stored_normalised_and_goals_read_them(small):
    db, pilot, hours = small
    stored = benefits.list_benefits(db, pilot.id)
    assert sorted(set(stored["unit"])) == ["", "emails", "hours"]
    assert hours.metric == "benefits:hours"  # typed as benefits:Hrs
    assert benefit_weeks.units(stored) == ["hours", "emails"]  # most used first: offered for a goal
    assert benefits.totals_by_unit(stored) == {"emails": 40.0, "hours": 10.5}


def test_cumulative_sum_by_unit_and_the_dating_rule(small):
    db, pilot, _ = small
    points = benefit_weeks.points(benefits.list_benefits(db, pilot.id), pilot.start)
    assert points["pilot_week"].tolist() == [1, 1, 2, 2, 3, 3]  # 2026-09-02 is before the start: week 1
    assert points["who"].tolist() == ["ann"] * 6
    totals = benefit_weeks.cumulative(points, [1, 2, 3])
    assert totals.to_dict("records") == [
        {"pilot_week": 1, "unit": "emails", "total": 0.0},
        {"pilot_week": 2, "unit": "emails", "total": 40.0},
        {"pilot_week": 3, "unit": "emails", "total": 40.0},
        {"pilot_week": 1, "unit": "hours", "total": 5.0},
        {"pilot_week": 2, "unit": "hours", "total": 6.5},
        {"pilot_week": 3, "unit": "hours", "total": 10.5},
    ]
    assert benefit_weeks.total_until(points, "hours", 2) == 6.5
    counts = benefit_weeks.per_week_by_category(points, [1, 2, 3])
    assert counts["benefits"].tolist() == [2, 2, 2]


def test_goal_status_of_a_benefits_goal_feeds_the_decision(small):
    db, pilot, _ = small
    goal_store.save_goal(db, pilot.id, Goal("benefits:emails", "at_least", 100, 5, must=True))
    week2 = progress.goal_statuses(db, pilot, 2)[0]
    assert (week2.status, week2.actual) == ("not enough data", 6.5)
    hours, emails = progress.goal_statuses(db, pilot, 3)
    # hours 5, 6.5, 10.5 in weeks 1-3: slope 2.75 through the mean (2, 7.333), read at week 5
    assert (hours.status, hours.actual, hours.forecast) == (
        "on track",
        10.5,
        pytest.approx(15.5833, abs=1e-4),
    )
    assert hours.explanation == (
        "Hours saved 10.50 in week 3; the trend of the last 3 weeks reaches 15.58 by week 5, "
        "at or above the target 12."
    )
    assert hours.values.to_dict() == {1: 5.0, 2: 6.5, 3: 10.5}
    # emails 0, 40, 40: slope 20 through (2, 26.667), 86.67 at week 5: more than 10% short of 100
    assert (emails.status, emails.forecast) == ("off track", pytest.approx(86.6667, abs=1e-4))
    verdict = decision.decide([hours, emails], 3, len(pilot.weeks))  # 3 weeks with tool data
    assert verdict.recommendation == "No-go"
    assert verdict.reason == "Must-have goal off track: Emails avoided."
    due = progress.goal_statuses(db, pilot, 5)  # judged at the due week on the latest data (week 3)
    assert [(s.status, s.actual) for s in due] == [("off track", 10.5), ("off track", 40.0)]


def test_business_case_money_figures():
    case = business.business_case("EUR", 45, 22, 1200, 12, 60, 320)
    assert (case.value, case.year_group, case.year_organisation) == (990, 4290, pytest.approx(22880))
    assert case.lines() == [
        "Value of hours saved so far: 990 EUR, against 1,200 EUR spent.",
        "Projected to a year: about 4,290 EUR for the sample group of 60, about 22,900 EUR for 320 people.",
        "How: 990 EUR ÷ 12 pilot weeks ÷ 60 participants × 52 weeks × the number of people "
        "(60 in the sample group, 320 in the organisation); 990 EUR = 22 hours reported × 45 EUR an hour. "
        "An estimate, never part of the decision rule.",
    ]
    assert business.business_case("EUR", None, 22, 1200, 12, 60) is None  # no hourly cost: no case
    early = business.business_case("EUR", 45, 0, 0, 0, 60)
    assert early.lines() == [
        "Value of hours saved so far: 0 EUR, against 0 EUR spent.",
        "Projected to a year: needs at least one pilot week and one participant.",
    ]


def test_summary_carries_the_benefit_goal_the_business_case_and_the_charts(small):
    db, pilot, _ = small
    built = summary.build(db, pilot, "2026-09-23")
    goal = built.goals[0]
    assert (goal["metric"], goal["unit"], goal["actual"], goal["status"]) == (
        "benefits:hours",
        "hours",
        10.5,
        "on track",
    )
    # 10.5 hours x 50 = 525; / 3 weeks / 2 participants x 52 x 2 = 9,100; x 100 people = 455,000
    case = built.business
    assert (case.value, case.year_group, case.year_organisation) == (525, pytest.approx(9100), 455000)
    assert list(built.charts)[-4:] == [
        "Benefits so far, by unit",
        "Benefits each week, by category",
        "Hours saved at least 12",
        "Sample group",
    ]
    cumulative = built.charts["Benefits so far, by unit"]
    hover = [t["title"] for t in cumulative["layer"][1]["encoding"]["tooltip"]]
    assert hover == ["Date", "Who", "Category", "What happened", "Quantity"]
    doc = json.loads(render.render(built, "json"))
    assert doc["goals"][0]["actual"] == 10.5 and doc["goals"][0]["status"] == "on track"
    assert doc["business_case"]["value"] == 525
    assert doc["business_case"]["text"][0] == "Value of hours saved so far: 525 EUR, against 0 EUR spent."
    html = render.render(built, "html").decode()
    assert "<img alt='Benefits so far, by unit'" in html
    assert "<img alt='Benefits each week, by category'" in html
    assert "<p>Value of hours saved so far: 525 EUR, against 0 EUR spent.</p>" in html
    assert render.render(built, "pdf").startswith(b"%PDF")  # the same charts, as PNG (pdf._charts)
    md = render.render(built, "md").decode()
    assert "| Hours saved | yes | at least 12 | 10.50 | on track | 15.58 | 5 |" in md
    assert "Value of hours saved so far: 525 EUR, against 0 EUR spent." in md


def test_hourly_cost_in_the_definition_and_its_export(small):
    db, pilot, _ = small
    text = export.pilot_toml(db, pilot)
    assert "hourly_cost = 50\norganisation_size = 100\n" in text
    assert 'metric = "benefits:hours"\nat_least = 12\ndue_week = 5\nmust = true' in text
    again, goals = pilots.definition_from_toml(text)
    assert (again.hourly_cost, again.organisation_size, goals[0].metric) == (50.0, 100, "benefits:hours")
    bad = text.replace("hourly_cost = 50", "hourly_cost = -1").replace(
        "organisation_size = 100", "organisation_size = 2.5"
    )
    with pytest.raises(pilots.ValidationError) as e:
        pilots.create_from_toml(db, bad.replace(pilot.name, "Another"))
    assert e.value.messages == [
        "'budget.organisation_size' must be a whole number, not the number 2.5",
    ]
    with pytest.raises(pilots.ValidationError, match="The hourly cost cannot be negative"):
        pilots.save_pilot(db, dataclasses.replace(pilot, hourly_cost=-1.0))


def test_a_goal_on_benefits_needs_a_unit():
    assert goal_store.validate_goal(Goal("benefits: ", "at_least", 1)) == [
        "A goal on benefits needs their unit, e.g. benefits:hours"
    ]
    assert Goal("Benefits: E-Mail ", "at_least", 1).metric == "benefits:emails"


def test_migration_normalises_the_units_already_stored(db_path):
    db = store.connect(db_path)
    db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m006_benefit_units', 'm007_business_case')")
    db.execute("ALTER TABLE pilots DROP COLUMN hourly_cost")
    db.execute("ALTER TABLE pilots DROP COLUMN organisation_size")
    db.execute("INSERT INTO pilots (slug, name, start, end) VALUES ('p', 'P', '2026-09-07', '2026-10-04')")
    for unit in (" Hrs ", "Mails", "tickets"):
        db.execute(
            "INSERT INTO benefits (pilot_id, date, category, description, quantity, unit)"
            " VALUES (1, '2026-09-08', 'other', 'x', 1, ?)",
            [unit],
        )
    db.execute(
        "INSERT INTO goals (pilot_id, metric, comparison, target) VALUES (1, 'benefits:HRS', 'at_least', 5)"
    )
    db.close()
    db = store.connect(db_path)
    assert [r[0] for r in db.execute("SELECT unit FROM benefits ORDER BY id")] == [
        "hours",
        "emails",
        "tickets",
    ]
    assert db.execute("SELECT metric FROM goals").fetchone()[0] == "benefits:hours"
    assert pilots.get_pilot(db, "p").hourly_cost is None
    db.close()
