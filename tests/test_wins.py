"""Wins: first posts found from usage (exact weeks) merged with the wins the owner records."""

from __future__ import annotations

import pytest

from pilot.core.errors import NotFound, ValidationError
from pilot.setup.pilots import get_pilot
from pilot.stories import wins
from tests.conftest import snapshot
from tests.made_up import add_usage, small_pilot

USAGE = [
    ("ann@example.com", "2026-08-31", 1, 0),  # a baseline week: still Ann's first post
    ("ann@example.com", "2026-09-07", 2, 1),
    ("bob@example.com", "2026-09-07", 0, 5),  # reads only: not a post
    ("bob@example.com", "2026-09-14", 4, 0),
    ("cy@example.com", "2026-09-07", 0, 0),
    ("di@example.com", "2026-09-21", 6, 2),
    ("di@example.com", "2026-09-28", 1, 0),
]


@pytest.fixture
def pilot(fresh_db):
    pilot = small_pilot(fresh_db)
    add_usage(fresh_db, pilot, USAGE)
    add_usage(fresh_db, pilot, [("cy@example.com", "2026-09-07", 9, 0)], channel="replaced")
    return pilot


def test_first_posts_are_found_from_tool_usage(fresh_db, pilot):
    firsts = wins.first_posts(fresh_db, pilot.id).sort_values("date")
    assert firsts[["date", "name", "description"]].values.tolist() == [
        ["2026-08-31", "Ann Lee", "Ann Lee's first post!"],
        ["2026-09-14", "Bob Smith", "Bob Smith's first post!"],
        ["2026-09-21", "Di Park", "Di Park's first post!"],
    ]


def test_list_merges_recorded_wins_newest_first(fresh_db, pilot):
    wins.record_win(
        fresh_db, pilot, wins.Win("2026-09-16", "First answer from another department", "CY@example.com")
    )
    wins.record_win(fresh_db, pilot, wins.Win("2026-09-14", "Sales and Finance met on the tool"))
    listed = wins.list_wins(fresh_db, pilot.id)
    assert listed[["date", "pilot_week", "name", "department", "description", "source"]].values.tolist() == [
        ["2026-09-21", 3, "Di Park", "Engineering", "Di Park's first post!", "first post"],
        ["2026-09-16", 2, "Cy Diaz", "Finance", "First answer from another department", "recorded"],
        ["2026-09-14", 2, "", "", "Sales and Finance met on the tool", "recorded"],
        ["2026-09-14", 2, "Bob Smith", "Sales", "Bob Smith's first post!", "first post"],
        ["2026-08-31", 0, "Ann Lee", "Sales", "Ann Lee's first post!", "first post"],
    ]
    assert listed["id"].isna().tolist() == [True, False, False, True, True]


def test_no_usage_and_no_wins_is_an_empty_list(fresh_db):
    pilot = small_pilot(fresh_db)
    listed = wins.list_wins(fresh_db, pilot.id)
    assert listed.empty
    assert list(listed.columns) == wins.COLUMNS


def test_a_bad_win_is_refused_whole(fresh_db, pilot, db_path):
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as e:
        wins.record_win(fresh_db, pilot, wins.Win("2027-01-01", "  ", "zed@example.com"))
    assert e.value.messages == [
        "2027-01-01 is outside the pilot (2026-09-07 to 2026-10-18)",
        "Say what the win is: the description is empty",
        "'zed@example.com' is not in the sample group",
    ]
    assert snapshot(db_path) == before


def test_delete_a_recorded_win(fresh_db, pilot):
    win = wins.record_win(fresh_db, pilot, wins.Win("2026-09-16", "<b>Party</b>"))
    assert wins.manual_wins(fresh_db, pilot.id)["description"].tolist() == ["<b>Party</b>"]
    wins.delete_win(fresh_db, pilot.id, win.id)
    assert wins.manual_wins(fresh_db, pilot.id).empty
    with pytest.raises(NotFound):
        wins.delete_win(fresh_db, pilot.id, win.id)


def test_demo_wins_are_first_posts(demo_db):
    pilot = get_pilot(demo_db, "demo")
    listed = wins.list_wins(demo_db, pilot.id)
    firsts = demo_db.execute(
        "SELECT COUNT(DISTINCT participant_id) FROM usage WHERE channel = 'tool' AND posts > 0"
    ).fetchone()[0]
    assert len(listed) == firsts
    assert (listed["source"] == "first post").all()
