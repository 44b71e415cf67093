"""The training log: small informal sessions (lunch & learn, office hours, one-on-ones) and who came.

Attendees are people of the sample group, matched by email like every report. A session is
known by its date, kind, topic and host, so recording it again (or importing the same file
twice) only adds the attendees not recorded yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pilot import store
from pilot.core.catalog import TRAINING_KINDS
from pilot.core.csvfile import capped, read_rows
from pilot.core.errors import ValidationError
from pilot.core.text import normalize_email
from pilot.core.weeks import date_errors
from pilot.setup.participants import ids_by_email, list_participants
from pilot.setup.pilots import Pilot
from pilot.store import Database

CSV_COLUMNS = ("date", "kind", "topic", "host", "email")
MAX_TOPIC = 200


@dataclass
class Session:
    date: str  # ISO date
    kind: str  # one of catalog.TRAINING_KINDS
    topic: str
    host: str = ""
    attendees: list[str] = field(default_factory=list)  # emails of sample-group participants
    id: int | None = None


def validate_session(session: Session, known: set[str], pilot: Pilot | None = None) -> list[str]:
    """Every problem with one (trimmed) session, in words; empty when it can be stored."""
    errors = date_errors(session.date, pilot)
    if session.kind not in TRAINING_KINDS:
        errors.append(f"Unknown kind '{session.kind}': use one of {', '.join(TRAINING_KINDS)}")
    if not session.topic:
        errors.append("Say what the session was about: the topic is empty")
    if max(len(session.topic), len(session.host)) > MAX_TOPIC:
        errors.append(f"Keep the topic and the host under {MAX_TOPIC} characters")
    strangers = [e for e in session.attendees if e not in known]
    if strangers:
        errors.append(
            f"Not in the sample group: {', '.join(strangers[:5])}" + (" ..." if len(strangers) > 5 else "")
        )
    return errors


def record_session(db: Database, pilot: Pilot, session: Session) -> tuple[Session, int]:
    """Store the session (or find it) and add its attendees; returns it and how many attendees were new."""
    session = _trimmed(session)
    people = ids_by_email(db, pilot.id)
    errors = validate_session(session, set(people), pilot)
    if errors:
        raise ValidationError(errors)
    with store.transaction(db, pilot.id):
        stored, added = _store(db, pilot.id, session, people)
        store.audit(db, "training session", stored.id, "recorded", None, {"attendees added": added})
        return stored, added


def import_csv(db: Database, pilot: Pilot, data: bytes) -> tuple[int, int]:
    """Store every session of a CSV (`date,kind,topic,host,email`, one attendee a row), or none if
    any row is wrong. Returns (sessions in the file, attendees added)."""
    people = ids_by_email(db, pilot.id)
    sessions: dict[tuple, Session] = {}
    errors = []
    for line, cells in read_rows(data, "The training file", ("date", "kind", "topic", "email")):
        row = _trimmed(
            Session(cells["date"], cells["kind"], cells["topic"], cells.get("host", ""), [cells["email"]])
        )
        errors += [f"Line {line}: {e}" for e in validate_session(row, set(people), pilot)]
        key = (row.date, row.kind, row.topic, row.host)
        sessions.setdefault(key, Session(*key)).attendees += row.attendees
    if errors:
        raise ValidationError(capped(errors))
    with store.transaction(db, pilot.id):
        added = sum(_store(db, pilot.id, s, people)[1] for s in sessions.values())
        counts = {"sessions": len(sessions), "attendees added": added}
        store.audit(db, "training", "", "imported", None, counts)
    return len(sessions), added


def delete_session(db: Database, pilot_id: int, session_id: int) -> None:
    with store.transaction(db, pilot_id):
        row = store.pilot_row(db, "training_sessions", pilot_id, session_id, "training session")
        store.audit(db, "training session", session_id, "deleted", {k: row[k] for k in ("date", "topic")})
        db.execute("DELETE FROM training_attendees WHERE session_id = ?", [session_id])
        db.execute("DELETE FROM training_sessions WHERE id = ?", [session_id])


def list_sessions(db: Database, pilot_id: int) -> pd.DataFrame:
    """Newest first: id, date, kind, topic, host, attendees (how many)."""
    return store.frame(
        db,
        "SELECT s.id, s.date, s.kind, s.topic, s.host, count(a.participant_id) AS attendees"
        " FROM training_sessions s LEFT JOIN training_attendees a ON a.session_id = s.id"
        " WHERE s.pilot_id = ? GROUP BY s.id ORDER BY s.date DESC, s.id DESC",
        [pilot_id],
    )


def attendance(db: Database, pilot_id: int) -> pd.DataFrame:
    """One row per attendee and session: session_id, date, kind, topic, host, participant_id."""
    return store.frame(
        db,
        "SELECT s.id AS session_id, s.date, s.kind, s.topic, s.host, a.participant_id"
        " FROM training_sessions s JOIN training_attendees a ON a.session_id = s.id"
        " WHERE s.pilot_id = ? ORDER BY s.date, s.id",
        [pilot_id],
    )


def untrained(db: Database, pilot_id: int) -> pd.DataFrame:
    """The participants who have not been to any session yet (as `list_participants`)."""
    group = list_participants(db, pilot_id)
    return group[~group["id"].isin(attendance(db, pilot_id)["participant_id"])].reset_index(drop=True)


def _store(db: Database, pilot_id: int, session: Session, people: dict[str, int]) -> tuple[Session, int]:
    key = {
        "pilot_id": pilot_id,
        "date": session.date,
        "kind": session.kind,
        "topic": session.topic,
        "host": session.host,
    }
    found = db.execute(
        "SELECT id FROM training_sessions"
        " WHERE pilot_id = ? AND date = ? AND kind = ? AND topic = ? AND host = ?",
        list(key.values()),
    ).fetchone()
    session.id = found[0] if found else db.table("training_sessions").insert(key).last_pk
    before = db.execute(
        "SELECT count(*) FROM training_attendees WHERE session_id = ?", [session.id]
    ).fetchone()[0]
    db.conn.executemany(
        "INSERT OR IGNORE INTO training_attendees (session_id, participant_id) VALUES (?, ?)",
        [(session.id, people[e]) for e in session.attendees],
    )
    after = db.execute(
        "SELECT count(*) FROM training_attendees WHERE session_id = ?", [session.id]
    ).fetchone()[0]
    return session, after - before


def _trimmed(session: Session) -> Session:
    return Session(
        date=str(session.date).strip(),
        kind=" ".join(session.kind.split()).lower(),
        topic=" ".join(session.topic.split()),
        host=" ".join(session.host.split()),
        attendees=list(dict.fromkeys(normalize_email(e) for e in session.attendees if str(e).strip())),
        id=session.id,
    )


def get_session(db: Database, pilot_id: int, session_id: int) -> Session:
    row = store.pilot_row(db, "training_sessions", pilot_id, session_id, "training session")
    emails = [
        r[0]
        for r in db.execute(
            "SELECT p.email FROM training_attendees a JOIN participants p ON p.id = a.participant_id"
            " WHERE a.session_id = ? ORDER BY p.email",
            [session_id],
        )
    ]
    return Session(row["date"], row["kind"], row["topic"], row["host"], emails, row["id"])
