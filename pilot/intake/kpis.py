"""Manual KPIs: the weekly number the owner types in for a goal `manual:NAME` (e.g. hours to answer)."""

from __future__ import annotations

import datetime as dt
import math
import numbers

import pandas as pd

from pilot import store
from pilot.core.catalog import MANUAL_PREFIX
from pilot.core.errors import ValidationError
from pilot.core.weeks import monday
from pilot.setup.goals import list_goals
from pilot.setup.pilots import Pilot
from pilot.store import Database


def manual_kpi_names(db: Database, pilot_id: int) -> list[str]:
    """The NAMEs of the pilot's `manual:NAME` goals, in goal order."""
    names = [g.metric[len(MANUAL_PREFIX) :] for g in list_goals(db, pilot_id) if g.is_manual]
    return list(dict.fromkeys(names))


def save_kpi(db: Database, pilot: Pilot, name: str, week: dt.date | str, value: float) -> None:
    """Store (or correct) one week's value of a manual KPI; the week is stored as its Monday."""
    errors = []
    if name not in manual_kpi_names(db, pilot.id):
        errors.append(f"No goal 'manual:{name}' in this pilot: add the goal first")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        errors.append(f"The value of {name} must be a finite number, not {value!r}")
    if errors:
        raise ValidationError(errors)
    row = {"pilot_id": pilot.id, "name": name, "week": monday(week).isoformat(), "value": float(value)}
    with store.transaction(db, pilot.id):
        sql = "SELECT value FROM manual_kpis WHERE pilot_id = ? AND name = ? AND week = ?"
        before = next(db.query(sql, [pilot.id, name, row["week"]]), None)
        db.table("manual_kpis").upsert(row, pk=("pilot_id", "name", "week"))
        store.audit(db, "KPI", f"{name} {row['week']}", "changed" if before else "created", before, row)


def kpi_frame(db: Database, pilot_id: int) -> pd.DataFrame:
    """Every manual KPI value of the pilot: name, week (ISO Monday), value."""
    sql = "SELECT name, week, value FROM manual_kpis WHERE pilot_id = ? ORDER BY name, week"
    return store.frame(db, sql, [pilot_id])
