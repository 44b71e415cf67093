"""The go / no-go recommendation (DESIGN section 4), computed in the open, and the owner's override.

The rule is shown with every recommendation, and each goal says what part it played,
so that an executive can check the verdict instead of trusting it. With too few weeks of data the
rule says so ("Too early to recommend") rather than read a verdict into noise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import pandas as pd

from pilot import store
from pilot.core.catalog import DECISIONS, MIN_DATA_WEEKS, TOO_EARLY
from pilot.core.errors import ValidationError
from pilot.core.format import format_value, stamp
from pilot.store import Database

if TYPE_CHECKING:
    from pilot.results.progress import GoalStatus

RULE = (
    "Go when every must-have goal is met at its due week; "
    "Extend when no must-have goal is off track but not all are met yet; "
    "No-go when any must-have goal is off track; "
    f"with fewer than {MIN_DATA_WEEKS} pilot weeks of tool data up to the week shown, "
    f"{TOO_EARLY} instead. Goals that are not must-haves are shown, not counted. "
    "Risks are shown beside the recommendation and never change it."
)
REASONS_SHOWN = 3  # must-have goals listed under the verdict on Home; the rest are on Go / no-go


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
    recommendation: str  # one of catalog.RECOMMENDATIONS: Go, Extend, No-go or Too early to recommend
    rule: str
    reason: str  # why this recommendation, in one sentence
    parts: list[GoalPart]
    data_weeks: int = 0  # pilot weeks with tool data up to the week judged


@dataclass
class Override:
    decision: str
    reason: str
    decided_by: str  # the signed-in user's name, never typed
    decided_at: str  # UTC, "YYYY-MM-DD HH:MM:SS"
    decided_role: str = ""  # their role on the pilot then: owner, admin


def data_weeks(weekly: pd.DataFrame, as_of: int | None) -> int:
    """Pilot weeks 1..as_of with tool data (metrics.weekly's frame): what the rule needs 3 of."""
    if not as_of or weekly.empty:
        return 0
    rows = weekly[weekly["pilot_week"].between(1, as_of)]
    return int(rows["tool_posts"].notna().sum())


def decide(statuses: list[GoalStatus], weeks_with_data: int, weeks: int) -> Decision:
    """Apply the rule to the goal statuses (each judged at its due week once that has passed).

    `weeks_with_data`: pilot weeks with tool data up to the week judged (`data_weeks`), of `weeks`.
    """
    decision = _rule(statuses)
    decision.data_weeks = weeks_with_data
    if weeks_with_data < MIN_DATA_WEEKS:
        have = "has" if weeks_with_data == 1 else "have"
        reason = f"{weeks_with_data} of {weeks} weeks {have} data; a recommendation needs {MIN_DATA_WEEKS}."
        parts = [_waiting(p) for p in decision.parts]
        return Decision(TOO_EARLY, RULE, reason, parts, weeks_with_data)
    return decision


def reasons(statuses: list[GoalStatus], shown: int = REASONS_SHOWN) -> tuple[list[str], int]:
    """The must-have goals behind the verdict, one line each, and how many more were left out.

    Every one when there are `shown` or fewer; otherwise off track first, then at risk (slipping
    included), then the rest, in the goals' own order within each.
    """
    musts = [s for s in statuses if s.goal.must]
    if len(musts) > shown:
        musts = sorted(musts, key=_urgency)
    lines = [_reason(s) for s in musts]
    return lines[:shown], max(len(lines) - shown, 0)


def _urgency(s: GoalStatus) -> int:
    if s.status == "off track":
        return 0
    return 1 if s.status == "at risk" or s.slipping else 2


def _reason(s: GoalStatus) -> str:
    figure = f" ({format_value(s.goal.metric, s.actual)})" if s.actual is not None else ""
    return f"{s.goal.describe()}: {s.words}{figure}"


def _waiting(part: GoalPart) -> GoalPart:
    if part.must:
        part.part = f"Must-have, {part.status} now: judged once {MIN_DATA_WEEKS} weeks have data."
    return part


def _rule(statuses: list[GoalStatus]) -> Decision:
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


def record_override(db: Database, pilot_id: int, decision: str, reason: str) -> Override:
    """Store the owner's own decision beside the computed one; it needs a reason, and it is recorded
    under the acting user's name and role (never a typed name)."""
    errors = []
    if not decision:
        errors.append(f"Choose a decision: {', '.join(DECISIONS)}")
    elif decision not in DECISIONS:  # the owner decides; "Too early" is the rule's word, not a decision
        errors.append(f"The decision must be one of {', '.join(DECISIONS)}, not '{decision}'")
    if not reason.strip():
        errors.append("Write the reason for the override")
    if errors:
        raise ValidationError(errors)
    row = {
        "pilot_id": pilot_id,
        "decision": decision,
        "reason": reason.strip(),
        "decided_by": db.actor.label,
    }
    with store.transaction(db, pilot_id):
        row["decided_role"] = store.role(db, pilot_id)
        decision_id = db.table("decisions").insert(row).last_pk
        store.audit(db, "decision", decision_id, "created", None, row)
    return _override(store.current(db, "decisions", decision_id))


def latest_override(db: Database, pilot_id: int, until: str | None = None) -> Override | None:
    """The owner's most recent decision, if any: the one the summary shows.

    `until` (an ISO date, its day included, UTC): the most recent one recorded by then. A summary as
    of an earlier week passes that week's Sunday, so that a decision made later is not shown as if it
    had been made then; the summary as of the latest week passes None, since it is the pilot as it
    stands now, and the final decision is usually recorded after the last week.
    """
    sql = (
        "SELECT * FROM decisions WHERE pilot_id = ? AND substr(decided_at, 1, 10) <= ? "
        "ORDER BY decided_at DESC, id DESC LIMIT 1"
    )
    row = next(db.query(sql, [pilot_id, until or "9999-12-31"]), None)
    return _override(row) if row else None


def list_overrides(db: Database, pilot_id: int) -> list[Override]:
    """Every recorded decision, newest first: overrides are kept, never overwritten."""
    sql = "SELECT * FROM decisions WHERE pilot_id = ? ORDER BY decided_at DESC, id DESC"
    return [_override(r) for r in db.query(sql, [pilot_id])]


def overrides_frame(db: Database, pilot_id: int) -> pd.DataFrame:
    """Every recorded decision, newest first, as a table for the page."""
    headings = {
        "decided_at": "When (UTC)", "decision": "Decision", "decided_by": "By", "decided_role": "Role",
        "reason": "Reason",
    }
    rows = [{**asdict(o), "decided_at": stamp(o.decided_at)} for o in list_overrides(db, pilot_id)]
    return pd.DataFrame(rows, columns=list(headings)).rename(columns=headings)


def _override(row: dict) -> Override:
    return Override(row["decision"], row["reason"], row["decided_by"], row["decided_at"], row["decided_role"])
