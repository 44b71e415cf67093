"""The import calendar: for each pilot week and channel, whether its export is in, and which are due.

A week's export is due from the Tuesday after it ends: Microsoft 365 data lags about 48 hours, so
Sunday's activity reaches the 7-day report on Tuesday. Weeks before the start are the baseline:
they only feed the substitution baseline (the replaced channel's volume before the pilot).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pilot.core.catalog import CHANNELS
from pilot.core.format import counted
from pilot.core.weeks import monday
from pilot.setup.pilots import Pilot
from pilot.store import Database

IMPORTED, BY_HAND, MISSING, NOT_DUE = "imported", "by hand", "missing", "not due yet"
STATES = (IMPORTED, BY_HAND, MISSING, NOT_DUE)
DUE_AFTER = dt.timedelta(days=8)  # from a week's Monday to the Tuesday after its Sunday
BASELINE_MEANING = (
    "A baseline week is a week before the pilot's start. It is not a pilot week and its tool use "
    "is not counted in the results: its replaced-channel volume is the 'before' that substitution "
    "is measured against."
)


def channel_names(pilot: Pilot) -> dict[str, str]:
    """Channel -> the pilot's own name for it (Viva Engage, Broadcast email)."""
    return {"tool": pilot.tool_name or "Tool", "replaced": pilot.replaced_name or "Replaced channel"}


def home_reminder(db: Database, pilot: Pilot, today: dt.date) -> str | None:
    """The home page's one line on exports due and missing (None when none is)."""
    return reminder(import_calendar(db, pilot, today), channel_names(pilot))


def due_date(week: dt.date) -> dt.date:
    """The day a week's export can be taken: the Tuesday after the week (Monday `week`) ends."""
    return monday(week) + DUE_AFTER


def import_calendar(db: Database, pilot: Pilot, today: dt.date) -> pd.DataFrame:
    """One row a pilot week: `pilot_week`, `week` (its Monday), `due` and one column a channel
    (tool, replaced) holding imported, by hand, missing or not due yet.

    Imported: a live file import of that week and channel; by hand: only entries typed on the
    Usage page (a participant's week, the group-level count); missing: neither, and due.
    """
    kinds = _live_kinds(db, pilot.id)
    rows = []
    for number, week in enumerate(pilot.weeks, start=1):
        row = {"pilot_week": number, "week": week, "due": due_date(week)}
        for channel in CHANNELS:
            found = kinds.get((week.isoformat(), channel), set())
            if "file" in found:
                row[channel] = IMPORTED
            elif found:
                row[channel] = BY_HAND
            else:
                row[channel] = MISSING if today >= row["due"] else NOT_DUE
        rows.append(row)
    return pd.DataFrame(rows, columns=["pilot_week", "week", "due", *CHANNELS])


SIGNS = {IMPORTED: "✅", BY_HAND: "✍️", MISSING: "❌", NOT_DUE: "⏳"}  # always shown with the word


def for_display(calendar: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The calendar as the Usage page shows it: one row a week, each state with its sign and word
    (a sign alone reads the same as another where no emoji font exists)."""
    shown = pd.DataFrame(
        {
            "Week": calendar["pilot_week"],
            "From": [f"{w.day} {w:%b}" for w in calendar["week"]],
            "Due from": [_day(d) for d in calendar["due"]],
        }
    )
    for channel in CHANNELS:
        shown[names.get(channel, channel)] = [f"{SIGNS[v]} {v}" for v in calendar[channel]]
    return shown


def missing_weeks(calendar: pd.DataFrame) -> dict[str, list[int]]:
    """Channel -> the pilot weeks whose export is due and missing."""
    return {c: calendar.loc[calendar[c] == MISSING, "pilot_week"].tolist() for c in CHANNELS}


def reminder(calendar: pd.DataFrame, names: dict[str, str]) -> str | None:
    """One line for the home page: the due exports still missing, e.g.
    'Due and missing: Viva Engage weeks 3, 4; Email week 4. Import them on the Usage page.'"""
    parts = [
        f"{names.get(channel, channel)} week{'s' if len(weeks) > 1 else ''} {', '.join(map(str, weeks))}"
        for channel, weeks in missing_weeks(calendar).items()
        if weeks
    ]
    if not parts:
        return None
    return f"Due and missing: {'; '.join(parts)}. Import them on the Usage page."


def baseline_note(db: Database, pilot: Pilot) -> str | None:
    """When every import so far is baseline, say so and when results start:
    '2 weeks of baseline stored; results start with week 1 on 7 Dec 2026.' None otherwise."""
    start = monday(pilot.start).isoformat()
    weeks = {week for week, _ in _live_kinds(db, pilot.id)}
    if not weeks or any(w >= start for w in weeks):
        return None
    first = monday(pilot.start)
    return (
        f"{counted(len(weeks), 'week')} of baseline stored; results start with week 1 on "
        f"{first.day} {first:%b %Y}, once its export is imported (from {_day(due_date(first))})."
    )


def _live_kinds(db: Database, pilot_id: int) -> dict[tuple[str, str], set[str]]:
    """(week, channel) -> the kinds of its live (not undone) imports."""
    sql = "SELECT DISTINCT week, channel, kind FROM imports WHERE pilot_id = ? AND undone_at IS NULL"
    found: dict[tuple[str, str], set[str]] = {}
    for week, channel, kind in db.execute(sql, [pilot_id]).fetchall():
        found.setdefault((week, channel), set()).add(kind)
    return found


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"
