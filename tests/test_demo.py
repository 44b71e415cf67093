"""The demo pilot tells one coherent story (issue 9, defect 15): an executive reading it finds no
story told twice, no sponsor's post credited to someone else, no checklist note the data denies."""

from __future__ import annotations

import csv
import datetime as dt
import tomllib

import pandas as pd

from pilot.core.weeks import monday
from tests.conftest import DEMO_DIR


def _benefits() -> list[dict]:
    return list(csv.DictReader((DEMO_DIR / "benefits.csv").read_text(encoding="utf-8-sig").splitlines()))


def _definition() -> dict:
    return tomllib.loads((DEMO_DIR / "pilot.toml").read_text(encoding="utf-8"))


def test_no_benefit_story_is_told_twice():
    stories = [b["description"] for b in _benefits()]
    assert sorted(s for s in stories if stories.count(s) > 1) == []


def test_the_sponsors_stories_are_the_sponsors_and_dated_in_a_week_she_posted(demo_db):
    sponsor = _definition()["sponsor"]["email"]
    for b in _benefits():
        if "first post" in b["description"].lower() or "sponsor's first" in b["description"].lower():
            assert b["email"] == sponsor, b
    sql = (
        "SELECT u.week FROM usage u JOIN participants p ON p.id = u.participant_id"
        " WHERE p.email = ? AND u.channel = 'tool' AND u.posts > 0"
    )
    posted = {row[0] for row in demo_db.execute(sql, [sponsor]).fetchall()}
    own = [b for b in _benefits() if b["email"] == sponsor]
    assert own, "the sponsor's own story is in the demo"
    for b in own:
        assert monday(dt.date.fromisoformat(b["date"])).isoformat() in posted, b


def test_the_checklist_note_on_champions_matches_the_sample_group():
    group = pd.read_csv(DEMO_DIR / "participants.csv")
    champions = group[group["champion"].fillna(False).astype(bool)]
    departments = sorted(group["department"].unique())
    without = [d for d in departments if d not in set(champions["department"])]
    with_champion = len(departments) - len(without)
    expected = f"{len(champions)} champions in {with_champion} of the {len(departments)} departments"
    expected += f"; none yet in {', '.join(without)}" if without else ""
    assert _definition()["checklist"]["key_users_engaged"]["note"] == expected
