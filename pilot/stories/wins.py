"""Wins: small successes to celebrate. The owner records some by hand; every participant's
first post on the tool is found from usage by itself, so nobody's first step goes unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pilot import store
from pilot.core.errors import ValidationError
from pilot.core.text import MAX_TEXT, normalize_email, too_long
from pilot.core.weeks import date_errors, pilot_week_number
from pilot.setup.pilots import Pilot, get_pilot
from pilot.store import Database

COLUMNS = ["date", "pilot_week", "name", "email", "department", "description", "source", "id"]


@dataclass
class Win:
    date: str  # ISO date
    description: str
    email: str = ""  # who: a participant's email, or blank
    id: int | None = None


def record_win(db: Database, pilot: Pilot, win: Win) -> Win:
    """Add a manual win; who, when given, must be in the sample group (a win is theirs)."""
    win = Win(str(win.date).strip(), win.description.strip(), normalize_email(win.email), win.id)
    errors = date_errors(win.date, pilot)
    if not win.description:
        errors.append("Say what the win is: the description is empty")
    errors += too_long(win.description, "The description", MAX_TEXT)
    sql = "SELECT 1 FROM participants WHERE pilot_id = ? AND email = ?"
    if win.email and next(db.query(sql, [pilot.id, win.email]), None) is None:
        errors.append(f"'{win.email}' is not in the sample group")
    if errors:
        raise ValidationError(errors)
    row = {"pilot_id": pilot.id, "date": win.date, "email": win.email, "description": win.description}
    with store.transaction(db, pilot.id):
        win.id = db.table("wins").insert(row).last_pk
        store.audit(db, "win", win.id, "created", None, {"date": win.date, "description": win.description})
    return win


def delete_win(db: Database, pilot_id: int, win_id: int) -> None:
    row = store.pilot_row(db, "wins", pilot_id, win_id, "win")
    with store.transaction(db, pilot_id):
        store.audit(db, "win", win_id, "deleted", {"date": row["date"], "description": row["description"]})
        db.execute("DELETE FROM wins WHERE id = ?", [win_id])


def first_posts(db: Database, pilot_id: int) -> pd.DataFrame:
    """Each participant's first week with posts on the tool: "Bob Smith's first post!".

    The week counts even when it is a baseline week (someone who tried the tool early).
    """
    sql = """
        SELECT MIN(u.week) AS date, p.name, p.email, p.department
        FROM usage u JOIN participants p ON p.id = u.participant_id
        WHERE u.pilot_id = ? AND u.channel = 'tool' AND u.posts > 0
        GROUP BY p.id"""
    firsts = store.frame(db, sql, [pilot_id])
    firsts["description"] = [first_post(name) for name in firsts["name"]]
    return firsts.assign(source="first post", id=pd.NA)


def first_post(name: str) -> str:
    """A first post's win in words: "Bob Smith's first post!"."""
    return f"{name}'s first post!"


def manual_wins(db: Database, pilot_id: int) -> pd.DataFrame:
    sql = """
        SELECT w.date, COALESCE(p.name, '') AS name, w.email, COALESCE(p.department, '') AS department,
               w.description, w.id
        FROM wins w LEFT JOIN participants p ON p.pilot_id = w.pilot_id AND p.email = w.email
        WHERE w.pilot_id = ?"""
    return store.frame(db, sql, [pilot_id]).assign(source="recorded")


def list_wins(db: Database, pilot_id: int) -> pd.DataFrame:
    """Recorded wins and first posts together, newest first: `date` (a first post's is its
    week's Monday), `pilot_week` (0 or less: baseline), `name, email, department,
    description, source` ("recorded" or "first post"), `id` (a recorded win's id)."""
    start = get_pilot(db, pilot_id).start
    parts = [f for f in (manual_wins(db, pilot_id), first_posts(db, pilot_id)) if not f.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    wins = pd.concat(parts, ignore_index=True)
    wins["pilot_week"] = wins["date"].map(lambda d: pilot_week_number(start, d))
    wins["id"] = wins["id"].astype("Int64")
    wins = wins.sort_values(["date", "source", "name"], ascending=[False, False, True], kind="stable")
    return wins[COLUMNS].reset_index(drop=True)


def latest_first_posts(wins: pd.DataFrame) -> pd.DataFrame:
    """The first posts of the latest week that had any (rows of `list_wins`): whom to celebrate now."""
    firsts = wins[wins["source"] == "first post"]
    return firsts[firsts["date"] == firsts["date"].max()] if not firsts.empty else firsts
