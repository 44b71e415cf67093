"""Benefits: the stories behind the numbers (time saved, faster answers, fewer emails...).

Recorded one at a time from the page, or from a benefits CSV (DESIGN section 7). Who is
a participant's email, or blank: a story from outside the sample group is recorded with
who left blank and its department(s) typed in, while an email that is not in the group
is refused, because it is nearly always a typo and would tie the story to nobody.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from pilot import store
from pilot.core.catalog import BENEFIT_CATEGORIES, normalise_unit
from pilot.core.csvfile import capped, read_rows
from pilot.core.errors import NotFound, ValidationError
from pilot.core.text import MAX_NAME, MAX_TEXT, normalize_email, too_long
from pilot.core.weeks import date_errors
from pilot.setup.goals import Goal, list_goals
from pilot.setup.participants import list_participants
from pilot.setup.pilots import Pilot
from pilot.store import Database

SEPARATOR = "; "  # between departments in the stored text
CSV_COLUMNS = ("date", "email", "category", "description", "quantity", "unit", "goal")


@dataclass
class Benefit:
    date: str  # ISO date: when it happened
    category: str  # one of catalog.BENEFIT_CATEGORIES
    description: str  # what happened
    email: str = ""  # who: a participant's email, or blank
    departments: list[str] = field(default_factory=list)  # blank: the participant's department
    quantity: float | None = None
    unit: str = ""  # e.g. hours, emails; required with a quantity
    goal_id: int | None = None  # the goal it serves
    id: int | None = None


@dataclass
class _Context:
    """What a benefit is checked against: the pilot, its group and its goals."""

    pilot: Pilot
    department_of: dict[str, str]  # participant email -> department
    goals: list[Goal]

    @classmethod
    def load(cls, db: Database, pilot: Pilot) -> _Context:
        people = list_participants(db, pilot.id)
        return cls(
            pilot, dict(zip(people["email"], people["department"], strict=True)), list_goals(db, pilot.id)
        )


def record_benefit(db: Database, pilot: Pilot, benefit: Benefit) -> Benefit:
    """Add the benefit, or update it when it has an id; every problem is reported at once."""
    ctx = _Context.load(db, pilot)
    benefit = _normalised(benefit, ctx)
    errors = validate_benefit(benefit, ctx)
    if errors:
        raise ValidationError(errors)
    with store.transaction(db, pilot.id):
        if benefit.id is None:
            benefit.id = db.table("benefits").insert(_row(benefit, pilot.id)).last_pk
            before = None
        else:
            get_benefit(db, pilot.id, benefit.id)
            before = _audited(store.current(db, "benefits", benefit.id))
            db.table("benefits").update(benefit.id, _row(benefit, pilot.id))
        after = _audited(store.current(db, "benefits", benefit.id))
        store.audit(db, "benefit", benefit.id, "changed" if before else "created", before, after)
    return benefit


def validate_benefit(benefit: Benefit, ctx: _Context) -> list[str]:
    """Every problem with one (normalised) benefit, in words; empty when it can be stored."""
    errors = date_errors(benefit.date, ctx.pilot)
    if benefit.category not in BENEFIT_CATEGORIES:
        errors.append(f"Unknown category '{benefit.category}': use one of {', '.join(BENEFIT_CATEGORIES)}")
    if not benefit.description:
        errors.append("Say what happened: the description is empty")
    errors += too_long(benefit.description, "The description", MAX_TEXT)
    errors += too_long(benefit.unit, "The unit", MAX_NAME)
    if benefit.email and benefit.email not in ctx.department_of:
        errors.append(
            f"'{benefit.email}' is not in the sample group: leave who blank for a story from outside it"
        )
    errors += _quantity_errors(benefit.quantity, benefit.unit)
    if benefit.goal_id is not None and benefit.goal_id not in {g.id for g in ctx.goals}:
        errors.append(f"Goal {benefit.goal_id} is not a goal of this pilot")
    return errors


def get_benefit(db: Database, pilot_id: int, benefit_id: int) -> Benefit:
    row = store.pilot_row(db, "benefits", pilot_id, benefit_id, "benefit")
    if row["deleted_at"] is not None:
        raise NotFound(f"Benefit {benefit_id} was deleted on {row['deleted_at']}")
    kept = ("date", "category", "description", "email", "quantity", "unit", "goal_id", "id")
    departments = [d for d in row["departments"].split(SEPARATOR) if d]
    return Benefit(**{k: row[k] for k in kept}, departments=departments)


def delete_benefit(db: Database, pilot_id: int, benefit_id: int) -> None:
    """Delete softly: kept, marked deleted, counted nowhere until `restore_benefit`."""
    get_benefit(db, pilot_id, benefit_id)
    with store.transaction(db, pilot_id):
        store.mark_deleted(db, "benefits", "benefit", benefit_id, True)


def restore_benefit(db: Database, pilot_id: int, benefit_id: int) -> Benefit:
    """Bring a deleted benefit back as it was, its goal link included."""
    row = store.pilot_row(db, "benefits", pilot_id, benefit_id, "benefit")
    if row["deleted_at"] is None:
        raise NotFound(f"Benefit {benefit_id} is not deleted: there is nothing to restore")
    with store.transaction(db, pilot_id):
        store.mark_deleted(db, "benefits", "benefit", benefit_id, False)
    return get_benefit(db, pilot_id, benefit_id)


def deleted_benefits(db: Database, pilot_id: int) -> pd.DataFrame:
    """The deleted benefits, newest deletion first (`id, date, category, description, deleted_at`):
    what the History view offers to restore."""
    sql = """SELECT id, date, category, description, deleted_at FROM benefits
             WHERE pilot_id = ? AND deleted_at IS NOT NULL ORDER BY deleted_at DESC, id"""
    return store.frame(db, sql, [pilot_id])


def _audited(row: dict | None) -> dict | None:  # the audit trail names nobody by email
    return row and {k: v for k, v in row.items() if k not in ("email", "pilot_id")}


def list_benefits(db: Database, pilot_id: int) -> pd.DataFrame:
    """Newest first: `id, date, email, name, departments, category, description, quantity,
    unit, goal_id, goal_metric` (name and goal_metric blank when there is none)."""
    sql = """
        SELECT b.id, b.date, b.email, COALESCE(p.name, '') AS name, b.departments, b.category,
               b.description, b.quantity, b.unit, g.id AS goal_id, COALESCE(g.metric, '') AS goal_metric
        FROM benefits b
        LEFT JOIN participants p ON p.pilot_id = b.pilot_id AND p.email = b.email
        LEFT JOIN goals g ON g.id = b.goal_id AND g.deleted_at IS NULL
        WHERE b.pilot_id = ? AND b.deleted_at IS NULL ORDER BY b.date DESC, b.id DESC"""
    frame = store.frame(db, sql, [pilot_id])
    frame["quantity"] = frame["quantity"].astype(float)
    frame["goal_id"] = frame["goal_id"].astype("Int64")
    return frame


DISPLAY_COLUMNS = ("Date", "Who", "Department(s)", "Category", "What happened", "Quantity", "Goal")


def for_display(frame: pd.DataFrame, goals: dict[int, Goal]) -> pd.DataFrame:
    """The list as the page's wrapping table shows it, in words and narrow enough for a laptop:
    the quantity with its unit ("6 hours"; blank when there is none, not "None"), the goal as the
    pages say it ("Substitution at least 30%", not its metric id)."""
    quantity = [
        "" if pd.isna(q) else f"{q:,g} {u}".strip()
        for q, u in zip(frame["quantity"], frame["unit"], strict=True)
    ]
    goal = ["" if pd.isna(g) or g not in goals else goals[g].describe() for g in frame["goal_id"]]
    columns = [frame["date"], frame["name"], frame["departments"], frame["category"], frame["description"]]
    return pd.DataFrame(
        dict(zip(DISPLAY_COLUMNS, [*(c.tolist() for c in columns), quantity, goal], strict=True))
    )


def filter_benefits(
    frame: pd.DataFrame,
    categories: list[str] | None = None,
    goal_id: int | None = None,
    department: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """The rows of `list_benefits` that match every filter given (None or empty: no filter)."""
    keep = pd.Series(True, index=frame.index)
    if categories:
        keep &= frame["category"].isin(categories)
    if goal_id is not None:
        keep &= (frame["goal_id"] == goal_id).fillna(False)
    if department:
        keep &= frame["departments"].str.split(SEPARATOR).apply(lambda ds: department in ds)
    if start is not None:
        keep &= frame["date"] >= start.isoformat()
    if end is not None:
        keep &= frame["date"] <= end.isoformat()
    return frame[keep]


def departments_in(frame: pd.DataFrame) -> list[str]:
    """Every department named by the benefits in `frame`, sorted: the department filter's choices."""
    names = frame["departments"].str.split(SEPARATOR).explode()
    return sorted({n for n in names.dropna() if n})


def totals_by_unit(frame: pd.DataFrame) -> dict[str, float]:
    """Summed quantities by unit, e.g. {"emails": 80.0, "hours": 22.0}; rows without one are left out."""
    rows = frame[frame["quantity"].notna() & (frame["unit"] != "")]
    return {str(unit): float(total) for unit, total in rows.groupby("unit")["quantity"].sum().items()}


def import_csv(db: Database, pilot: Pilot, data: bytes) -> int:
    """Store every benefit of a benefits CSV, or none if any row is wrong; returns how many were added.

    A row identical in every field to a benefit already stored (or to an earlier row of the
    file) is skipped, so importing the same file twice adds nothing the second time.
    """
    ctx = _Context.load(db, pilot)
    benefits, errors = [], []
    for line, cells in read_rows(data, "The benefits file", ("date", "category", "description")):
        benefit, row_errors = _from_csv(cells, ctx)
        errors += [f"Line {line}: {e}" for e in row_errors]
        benefits.append(benefit)
    if errors:
        raise ValidationError(capped(errors))
    with store.transaction(db, pilot.id):
        added = store.insert_new(db, "benefits", pilot.id, [_row(b, pilot.id) for b in benefits])
        store.audit(db, "benefits", "", "imported", None, {"rows read": len(benefits), "added": added})
        return added


def _from_csv(cells: dict[str, str], ctx: _Context) -> tuple[Benefit, list[str]]:
    """One CSV row as a benefit, with every problem it has."""
    quantity, quantity_errors = None, []
    if cells.get("quantity"):
        try:
            quantity = float(cells["quantity"])
        except ValueError:
            quantity_errors = [f"The quantity '{cells['quantity']}' is not a number"]
    goal_id, goal_errors = None, []
    if cells.get("goal"):
        goal_id = next((g.id for g in ctx.goals if g.metric == cells["goal"]), None)
        if goal_id is None:
            metrics = ", ".join(g.metric for g in ctx.goals) or "none"
            goal_errors = [
                f"'{cells['goal']}' is not the metric of a goal of this pilot (its goals: {metrics})"
            ]
    benefit = Benefit(
        date=cells["date"],
        category=cells["category"],
        description=cells["description"],
        email=cells.get("email", ""),
        departments=cells.get("departments", "").split(SEPARATOR.strip()),  # blank: the participant's
        quantity=quantity,
        # a quantity that is not a number is reported as that, not as "a unit without a quantity"
        unit="" if quantity_errors else cells.get("unit", ""),
        goal_id=goal_id,
    )
    benefit = _normalised(benefit, ctx)
    return benefit, validate_benefit(benefit, ctx) + quantity_errors + goal_errors


def _normalised(benefit: Benefit, ctx: _Context) -> Benefit:
    """Trimmed text, a lower-case email, the unit as stored (hrs -> hours), and the participant's
    department by default."""
    benefit.date = str(benefit.date).strip()
    benefit.category = benefit.category.strip().lower()
    benefit.description = benefit.description.strip()
    benefit.email = normalize_email(benefit.email)
    benefit.unit = normalise_unit(benefit.unit)
    departments = [" ".join(d.split()) for d in benefit.departments]
    benefit.departments = list(dict.fromkeys(d for d in departments if d))
    if not benefit.departments and benefit.email in ctx.department_of:
        benefit.departments = [ctx.department_of[benefit.email]]
    return benefit


def _quantity_errors(quantity: float | None, unit: str) -> list[str]:
    if quantity is None:
        return ["A unit needs a quantity: give both, or neither"] if unit else []
    if not math.isfinite(quantity):
        return [f"The quantity {quantity} is not a number"]
    errors = [f"The quantity cannot be negative ({quantity:g})"] if quantity < 0 else []
    if not unit:
        errors.append("A quantity needs a unit, e.g. hours or emails")
    return errors


def _row(benefit: Benefit, pilot_id: int) -> dict:
    """The stored row: every column a re-import compares to find a benefit already stored."""
    return {
        "pilot_id": pilot_id,
        "date": benefit.date,
        "email": benefit.email,
        "departments": SEPARATOR.join(benefit.departments),
        "category": benefit.category,
        "description": benefit.description,
        "quantity": benefit.quantity,
        "unit": benefit.unit,
        "goal_id": benefit.goal_id,
    }
