"""Retention: after its "personal data kept until" date, a pilot keeps its figures, not its people.

`purge` first makes the free texts speak of "Participant 17 (Sales)" instead of names, then
freezes the summary (goal statuses, decision, every weekly figure) as JSON in the pilot's
row, and only then removes names, emails and every per-person row. The throw-away pilot
leaves figures and a decision, not personal data.
"""

from __future__ import annotations

import datetime as dt
import json

from pilot import privacy, store
from pilot.core.errors import PilotError
from pilot.core.text import pseudonym
from pilot.report import render, summary
from pilot.setup.participants import list_participants
from pilot.setup.pilots import Pilot, get_pilot, list_pilots
from pilot.store import Database


def due(db: Database, today: dt.date | None = None) -> list[Pilot]:
    """The pilots whose personal data is past its date and not purged yet: the owner is asked."""
    today = today or dt.date.today()
    return [p for p in list_pilots(db, include_archived=True) if not p.purged_at and p.keep_until < today]


def purge(db: Database, pilot: Pilot, actor: str = "", today: dt.date | None = None) -> int:
    """Remove the pilot's personal data, keeping its figures and summary; returns how many
    participants were removed. Refused before its date and for a pilot already purged."""
    today = today or dt.date.today()
    if pilot.purged_at:
        raise PilotError(f"Pilot {pilot.slug}'s personal data was already removed on {pilot.purged_at}")
    if pilot.keep_until >= today:
        until = pilot.keep_until
        raise PilotError(f"Pilot {pilot.slug} keeps its personal data until {until}: nothing to purge yet")
    group = list_participants(db, pilot.id)
    db.execute("PRAGMA secure_delete = ON")
    with store.transaction(db):
        for person in group.itertuples():
            stand_in = pseudonym(int(person.id), person.department)
            privacy.replace_texts(db, pilot.id, person.name, stand_in)
            privacy.replace_texts(db, pilot.id, person.email, stand_in)  # stories keep their who
            db.execute("UPDATE participants SET name = ? WHERE id = ?", [stand_in, int(person.id)])
        kept = render.render(summary.build(db, get_pilot(db, pilot.id)), "json").decode("utf-8")
        for table in ("benefits", "wins"):
            db.execute(f"UPDATE {table} SET email = '' WHERE pilot_id = ?", [pilot.id])
        for pid in group["id"]:
            privacy.delete_rows_about(db, int(pid))
        db.execute("DELETE FROM participants WHERE pilot_id = ?", [pilot.id])
        db.execute("UPDATE imports SET missing = '[]' WHERE pilot_id = ?", [pilot.id])
        done = "sponsor_email = '', purged_at = datetime('now'), purged_summary = ?"
        db.execute(f"UPDATE pilots SET {done} WHERE id = ?", [kept, pilot.id])
        privacy.record_audit(db, pilot.id, actor, "personal data purged after its retention date")
    privacy.compact(db)
    return len(group)


def kept_summary(db: Database, pilot: Pilot) -> dict | None:
    """The summary frozen at the purge (figures, goal statuses, decision), or None if not purged."""
    row = next(db.query("SELECT purged_summary FROM pilots WHERE id = ?", [pilot.id]))
    return json.loads(row["purged_summary"]) if row["purged_summary"] else None
