"""What changed, who changed it and when: the audit trail read back, and the goals whose bar moved
after the pilot started (the summary flags them so executives see it)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd

from pilot import store
from pilot.core.catalog import METRICS, metric_label
from pilot.core.format import day, stamp
from pilot.core.weeks import pilot_week_number
from pilot.setup.pilots import Pilot
from pilot.store import Database

COLUMNS = ["id", "at", "who", "role", "via", "entity", "entity_id", "action", "changes"]
GOAL_FIELDS = {"target": "Target", "comparison": "Direction", "due_week": "Due week", "must": "Must-have"}


def audit_trail(
    db: Database, pilot_id: int, entity: str | None = None, who: str | None = None,
    since: dt.date | None = None, until: dt.date | None = None,
) -> pd.DataFrame:
    """The pilot's audit rows, oldest first (`changes` as JSON text); owners only: it names people.

    Filters: an entity (goal, import...), a person (their name or email), and a range of UTC days.
    """
    store.require_writer(db, pilot_id)
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit WHERE pilot_id = ?"
    params: list = [pilot_id]
    if entity:
        sql, params = sql + " AND entity = ?", [*params, entity]
    if who:
        sql, params = sql + " AND (who = ? OR who_email = ?)", [*params, who, who.lower()]
    if since:
        sql, params = sql + " AND at >= ?", [*params, since.isoformat()]
    if until:
        sql, params = sql + " AND at < ?", [*params, (until + dt.timedelta(days=1)).isoformat()]
    return store.frame(db, sql + " ORDER BY id", params)


def goal_changes(db: Database, pilot: Pilot) -> list[str]:
    """Each change of a goal's target, direction, due week or must-have flag made after the pilot
    started, in words: "Target of Active rate changed from 60% to 50% in week 6 by Kira Garcia"."""
    sql = (
        "SELECT at, who, entity_id, changes FROM audit WHERE pilot_id = ? AND entity = 'goal' "
        "AND action = 'changed' AND at >= ? ORDER BY id"
    )
    notes = []
    for row in db.query(sql, [pilot.id, pilot.start.isoformat()]):
        changes = json.loads(row["changes"])
        metric = (changes.get("metric") or [None, None])[1] or _metric_of(db, row["entity_id"])
        week = pilot_week_number(pilot.start, dt.date.fromisoformat(row["at"][:10]))
        for field, title in GOAL_FIELDS.items():
            if field in changes:
                before, after = (_shown(field, metric, v) for v in changes[field])
                notes.append(
                    f"{title} of {metric_label(metric)} changed from {before} to {after} "
                    f"in week {week} by {row['who']}"
                )
    return notes


def _metric_of(db: Database, goal_id: str) -> str:
    row = next(db.query("SELECT metric FROM goals WHERE id = ?", [goal_id]), None)
    return row["metric"] if row else "a deleted goal"


def _shown(field: str, metric: str, value: object) -> str:
    if value is None:
        return "the last week" if field == "due_week" else "none"
    if field == "target":
        is_rate = METRICS.get(metric, ("", "count"))[1] == "rate"
        return f"{float(value) * 100:g}%" if is_rate else f"{float(value):g}"
    if field == "comparison":
        return "at least" if value == "at_least" else "at most"
    if field == "must":
        return "yes" if value else "no"
    return str(value)


def for_display(trail: pd.DataFrame) -> pd.DataFrame:
    """The audit rows as the History view shows them: newest first, changes as "field: a -> b"."""
    shown = trail.iloc[::-1].copy()
    shown["changes"] = shown["changes"].map(_changes_text)
    shown["what"] = shown["entity"] + shown["entity_id"].map(lambda i: f" #{i}" if i else "")
    columns = {"at": "When (UTC)", "who": "Who", "role": "Role", "what": "What", "action": "Action"}
    return shown[[*columns, "changes"]].rename(columns={**columns, "changes": "Before → after"})


def _changes_text(changes: str) -> str:
    """ "field: before → after" for each field, as people read values: no Python None/True/False,
    dates as 16 Nov 2026; a field blank before and after (None to "") says nothing and is left out."""
    shown = ((field, _value(before), _value(after)) for field, (before, after) in json.loads(changes).items())
    return "; ".join(f"{field}: {b} → {a}" for field, b, a in shown if (b, a) != (BLANK, BLANK))


BLANK = "–"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")


def _value(value: object) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        return day(value)
    if isinstance(value, str) and ISO_STAMP.fullmatch(value):
        return stamp(value)
    return str(value)
