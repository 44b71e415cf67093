"""Follow-ups: the owner sat down with someone who was stuck. Recorded so the owner can see
whether it helped (`results/after_follow_up`) and who still needs another try."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pilot import store
from pilot.core.errors import ValidationError
from pilot.core.weeks import date_errors
from pilot.setup.participants import list_participants
from pilot.setup.pilots import Pilot
from pilot.store import Database

MAX_NOTE = 2000


@dataclass
class FollowUp:
    participant_id: int
    date: str  # ISO date
    note: str = ""
    id: int | None = None


def record_follow_up(db: Database, pilot: Pilot, follow_up: FollowUp) -> FollowUp:
    """Store that a one-on-one happened: with whom, when, and a note."""
    date, note = str(follow_up.date).strip(), follow_up.note.strip()
    errors = date_errors(date, pilot)
    if int(follow_up.participant_id) not in set(list_participants(db, pilot.id)["id"]):
        errors.append("Pick someone from the sample group")
    if len(note) > MAX_NOTE:
        errors.append(f"Keep the note under {MAX_NOTE} characters")
    if errors:
        raise ValidationError(errors)
    row = {"pilot_id": pilot.id, "participant_id": int(follow_up.participant_id), "date": date, "note": note}
    with store.transaction(db, pilot.id):
        follow_up_id = db.table("follow_ups").insert(row).last_pk
        shown = {"participant": row["participant_id"], "date": date}  # the note may name them: not kept
        store.audit(db, "follow-up", follow_up_id, "created", None, shown)
    return FollowUp(row["participant_id"], date, note, follow_up_id)


def delete_follow_up(db: Database, pilot_id: int, follow_up_id: int) -> None:
    with store.transaction(db, pilot_id):
        row = store.pilot_row(db, "follow_ups", pilot_id, follow_up_id, "follow-up")
        store.audit(db, "follow-up", follow_up_id, "deleted", {"participant": row["participant_id"]})
        db.execute("DELETE FROM follow_ups WHERE id = ?", [follow_up_id])


def list_follow_ups(db: Database, pilot_id: int) -> pd.DataFrame:
    """Newest first: id, participant_id, name, department, date, note."""
    return store.frame(
        db,
        "SELECT f.id, f.participant_id, p.name, p.department, f.date, f.note"
        " FROM follow_ups f JOIN participants p ON p.id = f.participant_id"
        " WHERE f.pilot_id = ? ORDER BY f.date DESC, f.id DESC",
        [pilot_id],
    )
