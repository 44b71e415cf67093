"""The sponsor's goals: what the pilot must show, and by when."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from pilot import store
from pilot.core.catalog import (
    AUDIENCES,
    BENEFITS_PREFIX,
    MANUAL_PREFIX,
    METRIC_IDS,
    METRICS,
    SURVEY_PREFIX,
    metric_label,
    normalise_unit,
)
from pilot.core.errors import NotFound, ValidationError
from pilot.core.text import MAX_NAME, too_long
from pilot.core.weeks import pilot_weeks
from pilot.store import Database


@dataclass
class Goal:
    metric: str  # a DESIGN section 3 id, manual:NAME, benefits:UNIT, or survey:QUESTION
    comparison: str  # at_least | at_most
    target: float
    due_week: int | None = None  # pilot week; None = the last week
    must: bool = False
    audience: str | None = None  # a rate of one audience ("leadership active rate"); None: the group
    id: int | None = None

    def __post_init__(self) -> None:
        # benefits:Hrs is the goal on benefits:hours: the unit as the benefits store it
        if self.metric[: len(BENEFITS_PREFIX)].lower() == BENEFITS_PREFIX:
            self.metric = BENEFITS_PREFIX + normalise_unit(self.metric[len(BENEFITS_PREFIX) :])

    @property
    def label(self) -> str:
        """The metric in words, with its audience: "Active rate", "Leadership active rate"."""
        words = metric_label(self.metric)
        return f"{self.audience.capitalize()} {words[:1].lower()}{words[1:]}" if self.audience else words

    @property
    def is_manual(self) -> bool:
        return self.metric.startswith(MANUAL_PREFIX)

    @property
    def unit(self) -> str | None:
        """The benefit unit of a benefits:UNIT goal (its cumulative quantity), else None."""
        return self.metric[len(BENEFITS_PREFIX) :] if self.metric.startswith(BENEFITS_PREFIX) else None

    @property
    def question(self) -> str | None:
        """The pulse survey question of a survey:QUESTION goal (its average score), else None."""
        return self.metric[len(SURVEY_PREFIX) :] if self.metric.startswith(SURVEY_PREFIX) else None

    @property
    def is_rate(self) -> bool:
        """Rates are stored as shares (0.6) and typed and shown as percentages (60%)."""
        return METRICS.get(self.metric, ("", "count"))[1] == "rate"

    def describe(self) -> str:
        """The goal in one phrase, e.g. "Active rate at least 60%": rates read as the pages show them."""
        words = "at least" if self.comparison == "at_least" else "at most"
        target = f"{self.target * 100:g}%" if self.is_rate else f"{self.target:g}"
        return f"{self.label} {words} {target}"


def validate_goal(goal: Goal, weeks: int | None = None) -> list[str]:
    """Every problem with one goal, in words; empty when it can be stored."""
    errors = []
    if goal.is_manual:
        if not goal.metric[len(MANUAL_PREFIX) :].strip():
            errors.append("A manual KPI needs a name, e.g. manual:Hours to answer")
        errors += too_long(goal.metric, "The manual KPI's name", MAX_NAME)
    elif goal.unit is not None:
        if not goal.unit:
            errors.append("A goal on benefits needs their unit, e.g. benefits:hours")
        errors += too_long(goal.metric, "The benefit unit", MAX_NAME)
    elif goal.question is not None:
        if not goal.question.strip():
            errors.append("A goal on the pulse survey needs its question: survey:Would you keep the tool?")
        errors += too_long(goal.metric, "The survey question", MAX_NAME)
    elif goal.metric not in METRIC_IDS:
        ids = ", ".join(METRIC_IDS)
        errors.append(
            f"Unknown metric '{goal.metric}': use one of {ids}, manual:NAME, benefits:UNIT or survey:QUESTION"
        )
    errors += _audience_errors(goal)
    if not isinstance(goal.target, int | float) or not math.isfinite(goal.target):
        errors.append(f"Goal '{goal.metric}': the target must be a number, not {goal.target!r}")
    if goal.comparison not in ("at_least", "at_most"):
        errors.append(f"Goal '{goal.metric}': comparison must be at_least or at_most")
    if goal.due_week is not None:
        if goal.due_week < 1:
            errors.append(f"Goal '{goal.metric}': due week must be 1 or later")
        elif weeks is not None and goal.due_week > weeks:
            errors.append(f"Goal '{goal.metric}': due week {goal.due_week} is after the last week ({weeks})")
    return errors + _target_errors(goal)


def _audience_errors(goal: Goal) -> list[str]:
    """A goal may target one audience, for a rate only (DESIGN section 4)."""
    if goal.audience is None:
        return []
    if goal.audience not in AUDIENCES:
        return [f"Goal '{goal.metric}': audience '{goal.audience}' is not one of {', '.join(AUDIENCES)}"]
    if not goal.is_rate:
        return [f"{goal.label}: a goal for one audience targets a rate (active rate, contributor rate...)"]
    return []


def _target_errors(goal: Goal) -> list[str]:
    """A target no week can reach: a rate outside 0..100% (substitution may be negative: the old
    channel may grow), a negative count."""
    if goal.question is not None and not 1 <= goal.target <= 5:
        return [f"{goal.label}: a target of {goal.target:g} cannot be reached (answers are 1 to 5)"]
    if goal.is_rate:
        if goal.target > 1:
            return [f"{goal.label}: a target of {goal.target * 100:g}% cannot be reached (at most 100%)"]
        if goal.target < 0 and goal.metric != "substitution":
            return [f"{goal.label}: a target of {goal.target * 100:g}% cannot be reached (at least 0%)"]
    elif goal.target < 0 and not goal.is_manual:
        return [f"{goal.label}: a target of {goal.target:g} cannot be reached (a count is 0 or more)"]
    return []


def duplicate_errors(goals: list[Goal], weeks: int | None = None) -> list[str]:
    """Two goals on the same metric due the same week would be judged twice: one is refused.
    A goal without a due week is due in the last week."""
    errors, seen = [], set()
    for goal in goals:
        key = (goal.metric, goal.audience, goal.due_week or weeks)
        if key in seen:
            due = f"week {key[2]}" if key[2] else "the last week"
            errors.append(f"There is already a goal on {goal.label} due {due}: edit that one instead")
        seen.add(key)
    return errors


def list_goals(db: Database, pilot_id: int) -> list[Goal]:
    """The pilot's goals, deleted ones apart (`deleted_goals` lists those)."""
    rows = db.query("SELECT * FROM goals WHERE pilot_id = ? AND deleted_at IS NULL ORDER BY id", [pilot_id])
    return [_goal(r) for r in rows]


def deleted_goals(db: Database, pilot_id: int) -> list[tuple[Goal, str]]:
    """The deleted goals, newest deletion first, each with when it was deleted: what can be restored."""
    sql = "SELECT * FROM goals WHERE pilot_id = ? AND deleted_at IS NOT NULL ORDER BY deleted_at DESC, id"
    return [(_goal(r), r["deleted_at"]) for r in db.query(sql, [pilot_id])]


def get_goal(db: Database, pilot_id: int, goal_id: int) -> Goal:
    """One of the pilot's live goals; another pilot's goal id, or a deleted goal, is not found."""
    row = store.pilot_row(db, "goals", pilot_id, goal_id, "goal")
    if row["deleted_at"] is not None:
        raise NotFound(f"Goal {goal_id} was deleted on {row['deleted_at']}")
    return _goal(row)


def save_goal(
    db: Database, pilot_id: int, goal: Goal, weeks: int | None = None, seen: int | None = None
) -> Goal:
    """Add the goal, or update it when it has an id (one of this pilot's goals) and nobody changed
    it after version `seen` (store.version). A blank due week is stored as the pilot's last week
    now, so that extending the pilot later moves no goal unasked (`move_due_goals`)."""
    weeks = weeks or last_week(db, pilot_id)
    goal = Goal(**{**asdict(goal), "due_week": weeks if goal.due_week is None else goal.due_week})
    others = [g for g in list_goals(db, pilot_id) if g.id != goal.id]
    errors = validate_goal(goal, weeks) + duplicate_errors([*others, goal], weeks)
    if errors:
        raise ValidationError(errors)
    row = {k: v for k, v in asdict(goal).items() if k != "id"}
    row["must"] = int(goal.must)
    with store.transaction(db, pilot_id):
        store.refuse_if_changed(db, "goal", goal.id, seen)
        before = None
        if goal.id is None:
            goal_id = db.table("goals").insert({**row, "pilot_id": pilot_id}).last_pk
        else:
            before = store.pilot_row(db, "goals", pilot_id, goal.id, "goal")
            db.table("goals").update(goal.id, row)
            goal_id = goal.id
        after = store.current(db, "goals", goal_id)
        store.audit(db, "goal", goal_id, "changed" if before else "created", before, after)
    return get_goal(db, pilot_id, goal_id)


def delete_goal(db: Database, pilot_id: int, goal_id: int) -> None:
    """Delete softly: the goal is kept, marked deleted, and its benefits keep their link to it, so
    `restore_goal` brings it back whole. While deleted it counts nowhere."""
    get_goal(db, pilot_id, goal_id)
    with store.transaction(db, pilot_id):
        store.mark_deleted(db, "goals", "goal", goal_id, True)


def restore_goal(db: Database, pilot_id: int, goal_id: int) -> Goal:
    """Bring a deleted goal back, with the benefits that were tied to it."""
    row = store.pilot_row(db, "goals", pilot_id, goal_id, "goal")
    if row["deleted_at"] is None:
        raise NotFound(f"Goal {goal_id} is not deleted: there is nothing to restore")
    errors = duplicate_errors([*list_goals(db, pilot_id), _goal(row)])
    if errors:
        raise ValidationError(errors)
    with store.transaction(db, pilot_id):
        store.mark_deleted(db, "goals", "goal", goal_id, False)
    return get_goal(db, pilot_id, goal_id)


def insert_goals(db: Database, pilot_id: int, goals: list[Goal], weeks: int) -> None:
    """Store already validated goals (a blank due week as the last week, `weeks`); the caller holds
    the transaction."""
    for goal in goals:
        row = {k: v for k, v in asdict(goal).items() if k != "id"}
        row["due_week"] = weeks if goal.due_week is None else goal.due_week
        goal_id = db.table("goals").insert({**row, "must": int(goal.must), "pilot_id": pilot_id}).last_pk
        store.audit(db, "goal", goal_id, "created", None, store.current(db, "goals", goal_id), pilot_id)


def last_week(db: Database, pilot_id: int) -> int:
    """The pilot's last week number as stored now."""
    start, end = db.execute("SELECT start, end FROM pilots WHERE id = ?", [pilot_id]).fetchone()
    return len(pilot_weeks(start, end))


def move_due_goals(db: Database, pilot_id: int, old_weeks: int, new_weeks: int, move: bool) -> int:
    """The pilot's end moved from week `old_weeks` to `new_weeks`: when the owner said so (`move`),
    the goals due at the old end (or after the new one) move to the new end, each recorded in the
    audit trail; otherwise a goal left due after the new end is refused. Returns how many moved.
    Inside the pilot's save."""
    sql = "SELECT * FROM goals WHERE pilot_id = ? AND deleted_at IS NULL AND (due_week = ? OR due_week > ?)"
    due = list(db.query(sql, [pilot_id, old_weeks, new_weeks]))
    if not move:
        late = [g for g in due if g["due_week"] > new_weeks]
        if late:
            what = f"{len(late)} goal{'s are' if len(late) > 1 else ' is'} due after the new last week"
            raise ValidationError([f"{what} {new_weeks}: move the goals with the end, or change them first"])
        return 0
    for before in due:
        db.execute("UPDATE goals SET due_week = ? WHERE id = ?", [new_weeks, before["id"]])
        store.audit(db, "goal", before["id"], "changed", before, store.current(db, "goals", before["id"]))
    return len(due)


def _goal(row: dict) -> Goal:
    return Goal(
        metric=row["metric"],
        comparison=row["comparison"],
        target=row["target"],
        due_week=row["due_week"],
        must=bool(row["must"]),
        audience=row["audience"],
        id=row["id"],
    )
