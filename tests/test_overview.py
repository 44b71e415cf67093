"""The pilot at a glance: the home page's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from pilot.results import overview
from pilot.setup import pilots
from pilot.setup.pilots import Pilot


def test_the_demo_at_a_glance(demo_db):
    glance = overview.overview(demo_db, pilots.get_pilot(demo_db, "demo"), today=dt.date(2026, 9, 16))
    assert glance.week == "Week 3 of 12"
    assert glance.dates == "31 Aug 2026 to 22 Nov 2026 (12 weeks)"
    assert glance.sponsor == "Kira Garcia"
    assert (glance.budget, glance.budget_detail) == ("24%", "1,200 of 5,000 EUR")
    assert (glance.checklist_done, len(glance.checklist_items), glance.checklist) == (5, 6, "5 of 6 ticked")
    assert glance.checklist_items[3] == (
        "Data export path tested",
        False,
        "Network data export to be tried before week 12",
    )
    assert (glance.group_size, glance.departments, glance.warnings) == (60, 6, [])


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.date(2026, 9, 2), "Starts in 5 days"),
        (dt.date(2026, 9, 6), "Starts in 1 day"),
        (dt.date(2026, 9, 7), "Week 1 of 12"),
        (dt.date(2026, 9, 13), "Week 1 of 12"),
        (dt.date(2026, 11, 29), "Week 12 of 12"),
        (dt.date(2026, 11, 30), "Ended"),
    ],
)
def test_where_the_pilot_stands(today, status):
    pilot = Pilot(name="x", start=dt.date(2026, 9, 7), end=dt.date(2026, 11, 29))
    assert overview.week_status(pilot, today) == status


def test_a_new_pilot_without_group_sponsor_or_cap(fresh_db):
    pilot = pilots.save_pilot(
        fresh_db,
        Pilot(
            name="Wiki",
            start=dt.date(2026, 9, 7),
            end=dt.date(2026, 9, 27),
            budget_spent=300,
            currency="GBP",
            checklist={"hosted_or_cheap": {"done": True, "note": "SaaS"}},
        ),
    )
    glance = overview.overview(fresh_db, pilot, today=dt.date(2026, 9, 7))
    assert (glance.sponsor, glance.budget, glance.group_size, glance.departments) == (
        "Not set",
        "300 GBP",
        0,
        0,
    )
    assert glance.budget_detail == "spent; no budget cap set"  # not "300 of 0 GBP"
    assert glance.checklist_items[0] == ("Hosted or cheap", True, "SaaS")
    assert glance.warnings == ["The sample group is empty: add participants from at least 3 departments"]
    pilot.sponsor_email = "dana@example.com"
    assert overview.overview(fresh_db, pilot).sponsor == "dana@example.com"


def test_a_pilot_without_a_budget_says_so_not_0_of_0(fresh_db):
    pilot = pilots.save_pilot(
        fresh_db, Pilot(name="Wiki", start=dt.date(2026, 9, 7), end=dt.date(2026, 9, 27))
    )
    glance = overview.overview(fresh_db, pilot, today=dt.date(2026, 9, 7))
    assert (glance.budget, glance.budget_detail) == ("–", "No budget set")
