"""Engagement tiers and concentration on a small pilot whose every figure was worked out by hand."""

from __future__ import annotations

import pytest

from pilot.results import engagement, metrics
from tests.metrics_data import add_people, add_usage, make_pilot

W1, W2, W3, W4 = "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"
PEOPLE = ["p1@example.com", "p2@example.com", "p3@example.com", "p4@example.com"]


@pytest.fixture
def inputs(fresh_db):
    """p1 posts every week; p2 posts in weeks 1, 2 and 4; p3 only reads; p4 does nothing
    until a post in week 4. Week 3 has no report for p4 (absent: inactive)."""
    pilot = make_pilot(fresh_db)
    ids = add_people(fresh_db, pilot.id, [(p, "A") for p in PEOPLE])
    rows = [
        ("p1@example.com", W1, "tool", 5, 1),
        ("p1@example.com", W2, "tool", 5, 0),
        ("p1@example.com", W3, "tool", 9, 0),
        ("p1@example.com", W4, "tool", 1, 0),
        ("p2@example.com", W1, "tool", 1, 0),
        ("p2@example.com", W2, "tool", 1, 0),
        ("p2@example.com", W3, "tool", 0, 3),
        ("p2@example.com", W4, "tool", 1, 0),
        ("p3@example.com", W1, "tool", 0, 2),
        ("p3@example.com", W2, "tool", 0, 0),
        ("p3@example.com", W3, "tool", 0, 4),
        ("p3@example.com", W4, "tool", 0, 1),
        ("p4@example.com", W1, "tool", 0, 0),
        ("p4@example.com", W4, "tool", 2, 0),
    ]
    add_usage(fresh_db, pilot.id, ids, rows)
    return metrics.read_inputs(fresh_db, pilot.id), {v: k for k, v in ids.items()}


def tier_of(tiered, names, week):
    rows = tiered[tiered["week"] == week]
    return {names[p].split("@")[0]: t for p, t in zip(rows["participant_id"], rows["tier"], strict=True)}


def test_tiers_by_hand(inputs):
    inp, names = inputs
    tiered = engagement.tiers(inp)
    assert tier_of(tiered, names, 1) == {
        "p1": "contributor",
        "p2": "contributor",
        "p3": "reader",
        "p4": "inactive",
    }
    assert tier_of(tiered, names, 2) == {
        "p1": "contributor",
        "p2": "contributor",
        "p3": "inactive",
        "p4": "inactive",
    }
    # week 3: p1 has posted in 3 of weeks 1-3, a regular; p2 read only this week
    assert tier_of(tiered, names, 3) == {"p1": "regular", "p2": "reader", "p3": "reader", "p4": "inactive"}
    # week 4: p2 posted in weeks 1, 2 and 4 of weeks 1-4: a regular again
    assert tier_of(tiered, names, 4) == {
        "p1": "regular",
        "p2": "regular",
        "p3": "reader",
        "p4": "contributor",
    }


def test_tier_counts_and_moves(inputs):
    inp, names = inputs
    tiered = engagement.tiers(inp)
    counts = engagement.tier_counts(tiered).set_index("week")
    assert list(counts.columns) == list(engagement.TIERS)
    assert counts.loc[4].to_dict() == {"regular": 2, "contributor": 1, "reader": 1, "inactive": 0}
    moved = engagement.moves(tiered, 4)
    got = {names[p].split("@")[0]: (b, n, d) for p, b, n, d in moved.itertuples(index=False)}
    assert got == {"p2": ("reader", "regular", "up"), "p4": ("inactive", "contributor", "up")}
    assert engagement.moves(tiered, 2).set_index("participant_id")["direction"].tolist() == ["down"]


def test_concentration_by_hand(inputs):
    inp, _ = inputs
    week3 = engagement.concentration(inp, 3)  # p1 wrote all 9 posts
    assert (week3.people, week3.enrolled, week3.posts) == (1, 4, 9)
    assert week3.risky
    assert week3.sentence() == "1 of 4 people wrote half of week 3's posts."
    week4 = engagement.concentration(inp, 4)  # 2, 1, 1: p4's 2 posts are half of 4
    assert (week4.people, week4.posts) == (1, 4)
    assert engagement.Concentration(week=1, people=4, enrolled=60, posts=80).risky  # under 10%
    assert not engagement.Concentration(week=1, people=4, enrolled=40, posts=80).risky  # 10% exactly
    assert not engagement.Concentration(week=1, people=0, enrolled=40, posts=0).risky
