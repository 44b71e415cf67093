"""What to celebrate (issue 13): wins with badges, the leaderboard, one week's wins, and the Wins
section of every summary format; on a small pilot worked out by hand, and on the demo."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from pypdf import PdfReader

from pilot.core.text import pseudonym
from pilot.playbook import recognition
from pilot.report import render
from pilot.report import summary as report
from pilot.results import celebrate
from pilot.results.small_groups import other_label
from pilot.setup.pilots import get_pilot
from pilot.stories import wins
from tests.metrics_data import add_benefit, add_people, add_usage, make_pilot

W1, W2, W3, W4 = "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"
OVERTOOK = "Posted more on the tool than on the old channel"
RUNNING = "Active 4 weeks running"


@pytest.fixture
def small(fresh_db):
    """p1 posts once a week on the tool, weeks 1 to 4 (first post in week 1, four weeks running in
    week 4) and sends 3 emails in week 1, none in week 2 (overtook the old channel in week 2); p2
    posts first in week 2 and tells a benefit that week; p3 reads in weeks 1 to 3, and a win of theirs is
    recorded in week 3."""
    pilot = make_pilot(fresh_db)
    people = ["p1@example.com", "p2@example.com", "p3@example.com"]
    ids = add_people(fresh_db, pilot.id, [(p, "A") for p in people])
    rows = [("p1@example.com", w, "tool", 1, 0) for w in (W1, W2, W3, W4)]
    rows += [("p2@example.com", W1, "tool", 0, 2), ("p2@example.com", W2, "tool", 2, 0)]
    rows += [("p3@example.com", w, "tool", 0, 1) for w in (W1, W2, W3)]
    rows += [("p1@example.com", W1, "replaced", 3, 0), ("p1@example.com", W2, "replaced", 0, 4)]
    add_usage(fresh_db, pilot.id, ids, rows)
    add_benefit(fresh_db, pilot.id, "2026-09-16", 3, "hours", description="Saved a trip", email=people[1])
    wins.record_win(fresh_db, pilot, wins.Win("2026-09-23", "First answer to Sales", people[2]))
    return fresh_db, get_pilot(fresh_db, pilot.id)


def badges_on(db, pilot, leaderboard: bool = False) -> None:
    recognition.set_recognition(db, pilot, replace(recognition.EVERY_BADGE, leaderboard=leaderboard))


def test_week_wins_by_hand(small):
    db, pilot = small
    assert celebrate.week_wins(db, pilot, 2).lines() == [
        "First posts: p2.",
        "Benefit: Saved a trip (3 hours) (p2)",
    ]  # badges are off by default
    badges_on(db, pilot)
    assert celebrate.week_wins(db, pilot, 2).lines() == [
        "First posts: p2.",
        f"Badge {OVERTOOK}: p1.",
        "Benefit: Saved a trip (3 hours) (p2)",
    ]
    assert celebrate.week_wins(db, pilot, 3).lines() == ["Win: First answer to Sales (p3)"]
    assert celebrate.week_wins(db, pilot, 4).lines() == [f"Badge {RUNNING}: p1."]
    assert celebrate.week_wins(db, pilot, 1).lines() == ["First posts: p1."]  # its badge is the win


def test_wins_with_badges_lists_each_badge_once_newest_first(small):
    db, pilot = small
    listed = celebrate.wins_with_badges(db, pilot.id)
    assert listed["source"].tolist() == ["recorded", "first post", "first post"]  # badges off
    badges_on(db, pilot)
    listed = celebrate.wins_with_badges(db, pilot.id)
    got = listed[["date", "pilot_week", "description", "source"]].values.tolist()
    assert got == [
        [W4, 4, f"p1: {RUNNING}", "badge"],
        ["2026-09-23", 3, "First answer to Sales", "recorded"],
        [W2, 2, "p2's first post!", "first post"],
        [W2, 2, f"p1: {OVERTOOK}", "badge"],
        [W1, 1, "p1's first post!", "first post"],
    ]


def test_leaderboard_counts_badges_per_person(small):
    db, pilot = small
    assert celebrate.earned_badges(db, pilot.id).empty  # off by default: nothing earned shows
    badges_on(db, pilot)
    board = celebrate.leaderboard(celebrate.earned_badges(db, pilot.id))
    assert board[["name", "department", "badges"]].values.tolist() == [["p1", "A", 3], ["p2", "A", 1]]


def test_every_summary_format_has_the_wins_section(small):
    db, pilot = small
    badges_on(db, pilot)
    s = report.build(db, pilot, W2)
    lines = ["First posts: p2.", f"Badge {OVERTOOK}: p1.", "Benefit: Saved a trip (3 hours) (p2)"]
    md = render.render(s, "md").decode()
    assert "## Wins\n\n" + "\n".join(f"- {line}" for line in lines) in md
    html = render.render(s, "html").decode()
    assert "<h2>Wins</h2><ul><li>First posts: p2.</li>" in html.replace("\n", "")
    doc = json.loads(render.render(s, "json"))
    assert doc["wins"]["text"] == lines
    assert doc["wins"]["first_posts"] == ["p2"]
    assert doc["wins"]["badges"] == {OVERTOOK: ["p1"]}
    pdf = PdfReader(io.BytesIO(render.render(s, "pdf")))
    pages = "\n".join(page.extract_text() for page in pdf.pages)
    section = pages[pages.index("Wins\n• ") : pages.index("\nConcerns\n")].splitlines()
    assert [line for line in section if line.startswith("• ")] == [f"• {line}" for line in lines]
    quiet = render.render(report.build(db, pilot, W3), "md").decode()
    assert "## Wins\n\n- Win: First answer to Sales (p3)\n\n## Concerns" in quiet
    wins.delete_win(db, pilot.id, int(wins.manual_wins(db, pilot.id)["id"].iloc[0]))
    nothing = report.build(db, pilot, W3)
    assert json.loads(render.render(nothing, "json"))["wins"]["text"] == []
    assert "## Wins\n\n- Nothing to celebrate recorded this week.\n" in render.render(nothing, "md").decode()


def test_with_pseudonyms_the_wins_name_nobody(small):
    """What a viewer may see: when the pilot gives viewers pseudonyms, the summary's wins (and so the
    digest and Celebrate) say "Participant 2 (Other (fewer than 5 each))" (department A has 3 people,
    under the pilot's k of 5), never a name; an owner's summary keeps names."""
    db, pilot = small
    badges_on(db, pilot)
    db.execute("UPDATE pilots SET pseudonyms = 1 WHERE id = ?", [pilot.id])
    pilot = get_pilot(db, pilot.id)
    ids = {r["email"]: r["id"] for r in db.query("SELECT id, email FROM participants")}
    p1, p2, p3 = (pseudonym(ids[f"p{n}@example.com"], other_label(5)) for n in (1, 2, 3))
    assert report.build(db, pilot, W2).wins.lines() == [
        f"First posts: {p2}.",
        f"Badge {OVERTOOK}: {p1}.",
        f"Benefit: Saved a trip (3 hours) ({p2})",
    ]
    assert report.build(db, pilot, W3).wins.lines() == [f"Win: First answer to Sales ({p3})"]
    owners = report.build(db, pilot, W2, include_small_groups=True).wins.lines()
    assert owners[0] == "First posts: p2."
