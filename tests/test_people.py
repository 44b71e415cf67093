"""People who need a one-on-one, champions and top contributors, on made-up usage with exact names."""

from __future__ import annotations

import csv

import pytest

from pilot.results import people
from tests.conftest import DEMO_DIR
from tests.made_up import add_usage, small_pilot

# Weeks with tool data: 2026-08-31 (baseline), 09-07, 09-14, 09-21, 09-28; the last two are 09-21 and 09-28.
USAGE = [
    ("ann@example.com", "2026-08-31", 1, 0),
    ("ann@example.com", "2026-09-07", 2, 1),
    ("ann@example.com", "2026-09-28", 3, 2),
    ("bob@example.com", "2026-09-07", 0, 5),
    ("bob@example.com", "2026-09-14", 4, 0),
    ("bob@example.com", "2026-09-21", 0, 0),
    ("bob@example.com", "2026-09-28", 0, 0),
    ("cy@example.com", "2026-09-07", 0, 0),
    ("di@example.com", "2026-09-21", 6, 2),
    ("di@example.com", "2026-09-28", 1, 0),
    ("ed@example.com", "2026-09-07", 0, 1),  # Ed left on 2026-09-15
]


@pytest.fixture
def pilot(fresh_db):
    pilot = small_pilot(fresh_db)
    add_usage(fresh_db, pilot, USAGE)
    return pilot


def test_needing_help_lists_never_active_then_inactive_for_two_weeks(fresh_db, pilot):
    helped = people.people_view(fresh_db, pilot.id).needing_help
    assert helped.values.tolist() == [
        ["Cy Diaz", "cy@example.com", "Finance", "practitioner", "never active", None],
        [
            "Bob Smith",
            "bob@example.com",
            "Sales",
            "practitioner",
            "last active in week 2, 2 weeks ago",
            "2026-09-14",
        ],
    ]


def test_with_one_week_of_data_only_the_never_active_are_listed(fresh_db):
    pilot = small_pilot(fresh_db)
    add_usage(
        fresh_db, pilot, [("ann@example.com", "2026-09-07", 1, 0), ("bob@example.com", "2026-09-07", 0, 2)]
    )
    helped = people.people_view(fresh_db, pilot.id).needing_help
    assert helped["name"].tolist() == ["Di Park", "Ed Fox", "Cy Diaz"]
    assert set(helped["reason"]) == {"never active"}


def test_nobody_is_judged_before_any_tool_data(fresh_db):
    pilot = small_pilot(fresh_db)
    helped = people.people_view(fresh_db, pilot.id).needing_help
    assert helped.empty
    assert list(helped.columns) == ["name", "email", "department", "audience", "reason", "last_active"]


def test_contributors_count_pilot_weeks_only_and_drop_leavers(fresh_db, pilot):
    frame = people.people_view(fresh_db, pilot.id).contributors.set_index("name")
    assert frame[["posts", "last_week_posts", "active_weeks"]].to_dict("index") == {
        "Ann Lee": {"posts": 5, "last_week_posts": 3, "active_weeks": 2},
        "Bob Smith": {"posts": 4, "last_week_posts": 0, "active_weeks": 2},
        "Cy Diaz": {"posts": 0, "last_week_posts": 0, "active_weeks": 0},
        "Di Park": {"posts": 7, "last_week_posts": 1, "active_weeks": 2},
    }


def test_top_contributors_and_champions(fresh_db, pilot):
    frame = people.people_view(fresh_db, pilot.id).contributors
    assert people.top_contributors(frame)["name"].tolist() == ["Di Park", "Ann Lee", "Bob Smith"]
    assert people.top_contributors(frame, n=1)["name"].tolist() == ["Di Park"]
    assert people.top_contributors(frame, by="last_week_posts")["name"].tolist() == ["Ann Lee", "Di Park"]
    assert people.champions(frame)[["name", "posts"]].values.tolist() == [["Di Park", 7], ["Bob Smith", 4]]


def test_demo_people_are_the_whole_group_with_its_champions(demo_db):
    pilot_id = next(demo_db.query("SELECT id FROM pilots WHERE slug = 'demo'"))["id"]
    frame = people.people_view(demo_db, pilot_id).contributors
    with open(DEMO_DIR / "participants.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(frame["email"]) == sorted(r["email"] for r in rows)
    champions = sorted(r["name"] for r in rows if r["champion"] == "true")
    assert sorted(people.champions(frame)["name"]) == champions


def test_the_why_says_since_when_someone_is_inactive(fresh_db):
    """Issue 9, defect 6: someone last active nine weeks ago read 'inactive for two weeks'."""
    pilot = small_pilot(fresh_db)
    weeks = ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12"]
    add_usage(fresh_db, pilot, [("ann@example.com", "2026-08-31", 1, 0)])  # the baseline only
    add_usage(fresh_db, pilot, [("bob@example.com", "2026-09-14", 2, 0)])  # week 2
    add_usage(fresh_db, pilot, [("di@example.com", w, 1, 1) for w in weeks])
    helped = people.people_view(fresh_db, pilot.id).needing_help.set_index("name")["reason"]
    assert helped["Bob Smith"] == "last active in week 2, 4 weeks ago"
    assert helped["Ann Lee"] == "last active before the start, 6 weeks ago"
