"""The go / no-go recommendation (DESIGN section 4), computed in the open, and the owner's override.

The rule is shown with every recommendation, and each goal says what part it played,
so that an executive can check the verdict instead of trusting it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import pandas as pd
from sqlite_utils import Database

from pilot import store
from pilot.core.catalog import DECISIONS
from pilot.core.errors import ValidationError

if TYPE_CHECKING:
    from pilot.results.progress import GoalStatus

RULE = (
    "Go when every must-have goal is met at its due week; "
    "Extend when no must-have goal is off track but not all are met yet; "
    "No-go when any must-have goal is off track. Goals that are not must-haves are shown, not counted."
)


@dataclass
class GoalPart:
    """One goal's part in the recommendation."""

    goal: str  # the goal in words, e.g. "Active rate at least 60%"
    must: bool
    status: str
    due_week: int
    judged_week: int | None  # the pilot week it was judged at
    part: str  # what it did to the recommendation, in words


@dataclass
class Decision:
    recommendation: str  # one of catalog.DECISIONS
    rule: str
    reason: str  # why this recommendation, in one sentence
    parts: list[GoalPart]


@dataclass
class Override:
    decision: str
    reason: str
    decided_by: str
    decided_at: str  # UTC, "YYYY-MM-DD HH:MM:SS"


def decide(statuses: list[GoalStatus]) -> Decision:
    """Apply the rule to the goal statuses (each judged at its due week once that has passed)."""
    musts = [s for s in statuses if s.goal.must]
    off = [s for s in musts if s.status == "off track"]
    met_when_due = [s for s in musts if _due(s) and s.status == "met"]
    parts = [_part(s) for s in statuses]
    if off:
        names = ", ".join(s.goal.label for s in off)
        return Decision("No-go", RULE, f"Must-have goal off track: {names}.", parts)
    if not musts:
        reason = "No goal is a must-have, so the evidence cannot support Go."
        return Decision("Extend", RULE, reason, parts)
    if len(met_when_due) == len(musts):
        return Decision("Go", RULE, f"All {len(musts)} must-have goals were met at their due week.", parts)
    waiting = len(musts) - len(met_when_due)
    reason = f"{len(met_when_due)} of {len(musts)} must-have goals met at their due week; none off track."
    if waiting:
        reason += f" {waiting} not met yet or not due yet."
    return Decision("Extend", RULE, reason, parts)


def _due(status: GoalStatus) -> bool:
    return status.pilot_week is not None and status.pilot_week >= status.due_week


def _part(s: GoalStatus) -> GoalPart:
    if not s.goal.must:
        part = "Not a must-have: shown, not counted."
    elif s.status == "off track":
        part = "Must-have and off track: makes it No-go."
    elif s.status == "met" and _due(s):
        part = f"Must-have, met at its due week {s.due_week}: counts towards Go."
    elif s.status == "met":
        part = f"Must-have, met now but due in week {s.due_week}: Go waits for the due week."
    else:
        part = f"Must-have, {s.status} (due week {s.due_week}): keeps it at Extend."
    return GoalPart(s.goal.describe(), s.goal.must, s.status, s.due_week, s.pilot_week, part)


def record_override(db: Database, pilot_id: int, decision: str, reason: str, decided_by: str) -> Override:
    """Store the owner's own decision beside the computed one; it needs a reason and a name."""
    errors = []
    if decision not in DECISIONS:
        errors.append(f"The decision must be one of {', '.join(DECISIONS)}, not '{decision}'")
    if not reason.strip():
        errors.append("Write the reason for the override")
    if not decided_by.strip():
        errors.append("Say who decides")
    if errors:
        raise ValidationError(errors)
    row = {
        "pilot_id": pilot_id,
        "decision": decision,
        "reason": reason.strip(),
        "decided_by": decided_by.strip(),
    }
    with store.transaction(db):
        decision_id = db.table("decisions").insert(row).last_pk
    return _override(db.table("decisions").get(decision_id))


def latest_override(db: Database, pilot_id: int) -> Override | None:
    """The owner's most recent decision, if any: it is the one the summary shows."""
    rows = list_overrides(db, pilot_id)
    return rows[0] if rows else None


def list_overrides(db: Database, pilot_id: int) -> list[Override]:
    """Every recorded decision, newest first: overrides are kept, never overwritten."""
    sql = "SELECT * FROM decisions WHERE pilot_id = ? ORDER BY decided_at DESC, id DESC"
    return [_override(r) for r in db.query(sql, [pilot_id])]


def overrides_frame(db: Database, pilot_id: int) -> pd.DataFrame:
    """Every recorded decision, newest first, as a table for the page."""
    headings = {"decided_at": "When (UTC)", "decision": "Decision", "decided_by": "By", "reason": "Reason"}
    rows = [asdict(o) for o in list_overrides(db, pilot_id)]
    return pd.DataFrame(rows, columns=list(headings)).rename(columns=headings)


def _override(row: dict) -> Override:
    return Override(row["decision"], row["reason"], row["decided_by"], row["decided_at"])
