"""Erasure on request: a participant and every row about them go, and their bytes leave the file.

Rows about the person are deleted (usage, set-aside and undone rows, training, prompts,
follow-ups); rows that are the pilot's evidence stay but lose the person: a benefit or a win
keeps its story with "a participant in Sales" for the name, a concern raised by them is
"raised by a participant in Sales", the sponsor becomes "the sponsor, erased". Any other
text cell anywhere in the database that holds the email (import lists, users, the audit) is
cleaned too. Then VACUUM and a WAL checkpoint, so the email's bytes are nowhere in the file.

An erasure register keeps a keyed hash of each erased email (the key lives in a file beside
the database, never in it), so that restoring an older backup erases the person again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from pilot import store
from pilot.core.errors import NotFound, ValidationError
from pilot.core.text import normalize_email
from pilot.setup.pilots import Pilot, get_pilot, set_sponsor
from pilot.store import Database

# (table, column) holding free text where a name may appear, and the pilot column to scope it
FREE_TEXT = [
    ("benefits", "description"),
    ("wins", "description"),
    ("concerns", "raised_by"),
    ("concerns", "description"),
    ("concerns", "handling"),
    ("decisions", "decided_by"),
    ("decisions", "reason"),
    ("pilots", "purpose"),
    ("pilots", "replaced_rule"),
    ("pilots", "checklist"),  # the notes of the throw-away checklist ("Kira posts the update")
    ("training_sessions", "host"),
    ("follow_ups", "note"),
    ("audit", "who"),  # a participant who was also a user made changes under their name
    ("audit", "changes"),  # before -> after of the texts above
]


@dataclass
class Erasure:
    """What an erasure did, for the owner: counts, and the free texts that may still name them."""

    department: str
    rows_deleted: int = 0
    texts_changed: int = 0
    still_mentioned: list[str] = field(default_factory=list)  # "concern 3 (handling) mentions 'Kira'"
    was_sponsor: bool = False


class _RolledBack(Exception):
    """Ends a preview's transaction, so that nothing of it is stored."""

    def __init__(self, done: Erasure):
        self.done = done


def erase_participant(
    db: Database,
    pilot: Pilot,
    email: str,
    confirmation: str | None = None,
    preview: bool = False,
) -> Erasure:
    """Remove a participant and every row about them from the pilot, record the erasure (without
    the email) in the register, then VACUUM so no byte of the email is left in the file.

    `confirmation`: what the owner typed on the page; it must be the email itself. `preview`: say
    what the erasure would do (the command without --yes): done and rolled back, so exact."""
    email = normalize_email(email)
    if confirmation is not None and normalize_email(confirmation) != email:
        raise ValidationError([f"Type the email {email} exactly to confirm the erasure"])
    sql = "SELECT * FROM participants WHERE pilot_id = ? AND email = ?"
    person = next(db.query(sql, [pilot.id, email]), None)
    if person is None and email != pilot.sponsor_email:
        raise NotFound(f"{email or 'That email'} is not a participant of pilot {pilot.slug}")
    name = person["name"] if person else ""
    department = person["department"] if person else ""
    pid = person["id"] if person else None
    if preview:
        try:
            with store.transaction(db, pilot.id):
                raise _RolledBack(_erase(db, dataclasses.replace(pilot), email, name, department, pid))
        except _RolledBack as back:
            return back.done
    db.execute("PRAGMA secure_delete = ON")
    with store.transaction(db, pilot.id):
        done = _erase(db, pilot, email, name, department, pid)
        _register(db, pilot.slug, email, done.was_sponsor)
        erased = {"rows_deleted": done.rows_deleted, "texts_changed": done.texts_changed}
        store.audit(db, "participant", person["id"] if person else "sponsor", "erased", None, erased)
    compact(db)
    return done


def _erase(db: Database, pilot: Pilot, email: str, name: str, department: str, pid: int | None) -> Erasure:
    done = Erasure(department=department, was_sponsor=email == pilot.sponsor_email)
    stand_in = f"a participant in {department}" if department else "a participant"
    if pid is not None:
        done.rows_deleted += delete_rows_about(db, pid)
    db.execute("DELETE FROM users WHERE email = ?", [email])  # before the texts: its email is one
    for table in ("benefits", "wins"):
        done.texts_changed += db.execute(
            f"UPDATE {table} SET email = '' WHERE pilot_id = ? AND email = ?", [pilot.id, email]
        ).rowcount
    if done.was_sponsor:
        set_sponsor(db, pilot, "")
    for row in db.query("SELECT id, missing FROM imports WHERE pilot_id = ?", [pilot.id]):
        missing = json.loads(row["missing"] or "[]")
        if email in missing:
            missing.remove(email)
            db.execute("UPDATE imports SET missing = ? WHERE id = ?", [json.dumps(missing), row["id"]])
    if name:
        done.texts_changed += replace_texts(db, pilot.id, name, stand_in)
    done.texts_changed += replace_texts(db, pilot.id, email, stand_in)
    if pid is not None:
        db.execute("DELETE FROM participants WHERE id = ?", [pid])
        done.rows_deleted += 1
    done.still_mentioned = _mentions(db, pilot.id, name)
    return done


def delete_rows_about(db: Database, participant_id: int) -> int:
    """Delete every per-person row of a participant (usage first, set-aside and undone rows, then
    training, prompts, follow-ups and any table added later that points at participants)."""
    about = ["usage", "usage_replaced", "usage_undone"]
    about += [t for t in _tables_referencing(db, "participants") if t not in about]
    sql = "DELETE FROM [{}] WHERE participant_id = ?"
    return sum(db.execute(sql.format(table), [participant_id]).rowcount for table in about)


def replace_texts(db: Database, pilot_id: int, text: str, stand_in: str) -> int:
    """Replace a name in the pilot's free texts, or an email in every text cell the pilot owns
    (and in tables that belong to no pilot: users, audit); returns how many cells changed."""
    if not text.strip():
        return 0
    return _replace_everywhere(db, pilot_id, text, stand_in, None if "@" in text else FREE_TEXT)


def _tables_referencing(db: Database, parent: str) -> list[str]:
    """Tables with a foreign key to `parent` through a participant_id column."""
    found = []
    for table in db.table_names():
        keys = db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()
        if any(k[2] == parent and k[3] == "participant_id" for k in keys):
            found.append(table)
    return found


def _replace_everywhere(db: Database, pilot_id: int, text: str, stand_in: str, cells=None) -> int:
    """Replace `text` (any case) by `stand_in` in the given text cells, or in every text cell of
    the database (import lists, users, audit, tables added later): the pilot's rows of tables
    that belong to pilots, every row of the others."""
    pattern = re.compile(re.escape(text), re.IGNORECASE)
    changed = 0
    for table, column in cells if cells is not None else _all_text_cells(db):
        names = {name for name, _ in _columns(db, table)}
        scope, params = "", [text.lower()]
        if table == "pilots":
            scope, params = " AND id = ?", [text.lower(), pilot_id]
        elif "pilot_id" in names:  # a row of no pilot (the audit of a user's roles) is everyone's
            scope, params = " AND (pilot_id = ? OR pilot_id IS NULL)", [text.lower(), pilot_id]
        sql = f"SELECT rowid, [{column}] FROM [{table}] WHERE instr(lower([{column}]), ?) > 0{scope}"
        for rowid, value in db.execute(sql, params).fetchall():
            new = pattern.sub(stand_in, value)
            db.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE rowid = ?", [new, rowid])
            changed += 1
    return changed


def _all_text_cells(db: Database) -> list[tuple[str, str]]:
    skip = {"_sqlite_migrations", "erasure_register", "sqlite_sequence"}
    return [
        (t, name)
        for t in db.table_names()
        if t not in skip
        for name, kind in _columns(db, t)
        if kind.upper() in ("TEXT", "")
    ]


def _columns(db: Database, table: str) -> list[tuple[str, str]]:
    """A table's columns: (name, declared type)."""
    return [(row[1], row[2]) for row in db.execute(f"PRAGMA table_info([{table}])")]


def _mentions(db: Database, pilot_id: int, name: str) -> list[str]:
    """The free texts that still hold a part of the name (a first name alone, say): the owner reads them."""
    parts = [p for p in re.split(r"\W+", name) if len(p) >= 3]
    found = []
    for table, column in FREE_TEXT:
        scope = "id = ?" if table == "pilots" else "pilot_id = ?"
        for row_id, value in db.execute(f"SELECT id, [{column}] FROM {table} WHERE {scope}", [pilot_id]):
            for part in parts:
                if re.search(rf"\b{re.escape(part)}\b", value or "", re.IGNORECASE):
                    found.append(f"{table.rstrip('s')} {row_id} ({column}) mentions '{part}'")
    return found


def compact(db: Database) -> None:
    """VACUUM and a truncating WAL checkpoint: deleted rows leave no bytes in the file or its WAL."""
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# The erasure register -------------------------------------------------------------------------


def key_for(db: Database) -> bytes:
    """The register's key, from a file beside the database (made on first use, readable by the
    owner only): a stolen database or backup alone does not tell whose hashes they are."""
    path = Path(store.path_of(db) + ".erasure-key")
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def email_hash(key: bytes, email: str) -> str:
    return hmac.new(key, normalize_email(email).encode("utf-8"), hashlib.sha256).hexdigest()


def _register(db: Database, slug: str, email: str, was_sponsor: bool) -> None:
    row = {"email_hash": email_hash(key_for(db), email), "pilot_slug": slug, "was_sponsor": int(was_sponsor)}
    row["erased_at"] = _now()
    db.table("erasure_register").upsert(row, pk=("email_hash", "pilot_slug"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def erasure_register(db: Database) -> list[dict]:
    """Every erasure recorded: keyed hash, pilot slug, sponsor or not, when (no email, no name)."""
    return list(db.query("SELECT * FROM erasure_register ORDER BY erased_at"))


def reapply_register(db: Database, register: list[dict]) -> int:
    """After a restore: merge the register kept from the replaced database into this one and erase
    again everyone it names; returns how many people were erased again."""
    if register:
        with store.transaction(db, None):
            for row in register:
                db.table("erasure_register").upsert(row, pk=("email_hash", "pilot_slug"))
    wanted = {(r["pilot_slug"], r["email_hash"]) for r in erasure_register(db)}
    if not wanted:  # nobody was ever erased: no key file to make
        return 0
    key, again = key_for(db), 0
    for pilot_row in list(db.query("SELECT slug FROM pilots")):
        pilot = get_pilot(db, pilot_row["slug"])
        emails = {e for (e,) in db.execute("SELECT email FROM participants WHERE pilot_id = ?", [pilot.id])}
        emails.add(pilot.sponsor_email)
        for email in sorted(e for e in emails if e):
            if (pilot.slug, email_hash(key, email)) in wanted:
                erase_participant(db, pilot, email)
                again += 1
    return again
