"""The set-up checklist: what a new pilot still lacks before its results mean anything, and the next step.

A new owner creates a pilot and then does not know what comes next; the Pilot page lists these
steps with a tick or a cross and says the first one left in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from pilot.core.format import counted
from pilot.setup.goals import list_goals
from pilot.setup.participants import list_participants
from pilot.setup.pilots import Pilot
from pilot.store import Database


@dataclass(frozen=True)
class Step:
    label: str  # what to do, e.g. "Enrol the sample group"
    done: bool
    detail: str  # what is there, or where to do it


def setup_steps(db: Database, pilot: Pilot) -> list[Step]:
    """The pilot's set-up in order: definition, sample group, goals, first week imported."""
    missing = [
        word
        for word, value in (
            ("the tool", pilot.tool_name),
            ("the replaced channel", pilot.replaced_name),
            ("the rule", pilot.replaced_rule),
            ("the sponsor", pilot.sponsor_email),
        )
        if not value.strip()
    ]
    group = list_participants(db, pilot.id)
    goals = list_goals(db, pilot.id)
    imports = db.execute(
        "SELECT COUNT(*) FROM imports WHERE pilot_id = ? AND undone_at IS NULL", [pilot.id]
    ).fetchone()[0]
    return [
        Step(
            "Define the pilot",
            not missing,
            "tool, replaced channel, rule and sponsor set"
            if not missing
            else f"on the Definition tab: name {', '.join(missing)}",
        ),
        Step(
            "Enrol the sample group",
            not group.empty,
            f"{counted(len(group), 'participant')} in {counted(group['department'].nunique(), 'department')}"
            if not group.empty
            else "on the Sample group page: people from at least 3 departments, the sponsor, champions",
        ),
        Step(
            "Set the sponsor's goals",
            bool(goals),
            f"{counted(len(goals), 'goal')}, {sum(g.must for g in goals)} must-have"
            if goals
            else "on the Goals tab: what the pilot must show, and by when",
        ),
        Step(
            "Import the first week",
            imports > 0,
            f"{counted(imports, 'import')} stored"
            if imports
            else "on the Usage page: the 7-day export of the tool and of the replaced channel",
        ),
    ]


def next_step(steps: list[Step]) -> str | None:
    """The first step left, in one sentence; None when the set-up is complete."""
    left = next((s for s in steps if not s.done), None)
    return None if left is None else f"Next step: {left.label.lower()} ({left.detail})."
