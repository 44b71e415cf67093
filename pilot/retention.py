"""Retention: after its "personal data kept until" date, a pilot keeps its figures, not its people.

`purge` first makes the free texts speak of "Participant 17 (Sales)" instead of names, then
keeps the summary (goal statuses, decision, every weekly figure) as Markdown, HTML and JSON,
and only then removes names, emails and every per-person row. The throw-away pilot leaves
figures and a decision, not personal data: the `summary` and `metrics` commands and the
Go / no-go page read a purged pilot's kept summary, since nothing is left to compute one from.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from pilot import privacy, store
from pilot.core.errors import PilotError
from pilot.results import small_groups
from pilot.setup.participants import list_participants
from pilot.setup.pilots import Pilot, get_pilot, list_pilots, set_sponsor
from pilot.store import Database

KEPT_FORMATS = ("md", "html", "json")  # a PDF is drawn from the data, which a purge removes


def due(db: Database, today: dt.date | None = None) -> list[Pilot]:
    """The pilots whose personal data is past its date and not purged yet: the owner is asked."""
    today = today or dt.date.today()
    return [p for p in list_pilots(db, include_archived=True) if not p.purged_at and p.keep_until < today]


def purge(db: Database, pilot: Pilot, today: dt.date | None = None) -> int:
    """Remove the pilot's personal data, keeping its figures and summary; returns how many
    participants were removed. Refused before its date and for a pilot already purged."""
    from pilot.report import render, summary  # only here: the summary loads the drawing stack

    today = today or dt.date.today()
    if pilot.purged_at:
        raise PilotError(f"Pilot {pilot.slug}'s personal data was already removed on {pilot.purged_at}")
    if pilot.keep_until >= today:
        until = pilot.keep_until
        raise PilotError(f"Pilot {pilot.slug} keeps its personal data until {until}: nothing to purge yet")
    group = list_participants(db, pilot.id)
    db.execute("PRAGMA secure_delete = ON")
    stand_ins = small_groups.pseudonymised(group, pilot.small_group).people  # as viewers see them
    with store.transaction(db, pilot.id):
        for person in group.itertuples():
            stand_in = stand_ins[person.email]
            privacy.replace_texts(db, pilot.id, person.name, stand_in)
            privacy.replace_texts(db, pilot.id, person.email, stand_in)  # stories keep their who
            db.execute("UPDATE participants SET name = ? WHERE id = ?", [stand_in, int(person.id)])
        built = summary.build(db, get_pilot(db, pilot.id))
        for fmt in KEPT_FORMATS:
            row = {"pilot_id": pilot.id, "format": fmt, "content": render.render(built, fmt).decode("utf-8")}
            db.table("kept_summaries").upsert(row, pk=("pilot_id", "format"))
        for table in ("benefits", "wins"):
            db.execute(f"UPDATE {table} SET email = '' WHERE pilot_id = ?", [pilot.id])
        for pid in group["id"]:
            privacy.delete_rows_about(db, int(pid))
        db.execute("DELETE FROM participants WHERE pilot_id = ?", [pilot.id])
        db.execute("UPDATE imports SET missing = '[]' WHERE pilot_id = ?", [pilot.id])
        set_sponsor(db, pilot, "")
        db.execute("UPDATE pilots SET purged_at = datetime('now') WHERE id = ?", [pilot.id])
        store.audit(db, "pilot", pilot.id, "purged", None, {"participants_removed": len(group)})
    privacy.compact(db)
    return len(group)


def kept_file(db: Database, pilot: Pilot, fmt: str, week: object = None) -> bytes:
    """A purged pilot's summary in `fmt`, as kept at the purge; any other week or format is refused
    with what there is."""
    what = f"Pilot {pilot.slug}'s personal data was removed on {pilot.purged_at}: its summary was kept"
    if fmt not in KEPT_FORMATS:
        raise PilotError(f"{what} as Markdown, HTML and JSON (md, html, json), not {fmt}")
    if week is not None:
        raise PilotError(f"{what} as of its latest week only: leave out --week")
    sql = "SELECT content FROM kept_summaries WHERE pilot_id = ? AND format = ?"
    row = db.execute(sql, [pilot.id, fmt]).fetchone()
    if row is None:
        raise PilotError(f"{what}, but not as {fmt}")
    return row[0].encode("utf-8")


def kept_summary(db: Database, pilot: Pilot) -> dict | None:
    """The summary kept at the purge (figures, goal statuses, decision), or None if not purged."""
    return json.loads(kept_file(db, pilot, "json")) if pilot.purged_at else None


def kept_metrics(db: Database, pilot: Pilot) -> pd.DataFrame:
    """A purged pilot's weekly figures, as the `metrics` command gave them before the purge."""
    doc = kept_summary(db, pilot) or {"metrics": []}
    return pd.DataFrame(doc["metrics"])
