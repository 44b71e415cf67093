"""The one place that opens the database, owns its schema and wraps every change.

A connection per script run (never shared across threads), schema migrations on
open, WAL with a busy timeout, foreign keys on, and one transaction per logical
change that begins IMMEDIATE so concurrent writers queue instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from pilot import access
from pilot.access import Actor
from pilot.core import sqlite
from pilot.core.errors import NotFound, PermissionDenied, PilotError, StaleEdit
from pilot.schema import migrations

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "pilot.db"


def default_path() -> Path:
    """The app's own database, or the one PILOT_DB points to."""
    return Path(os.environ.get("PILOT_DB") or DEFAULT_DB)


BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for another one before "busy"
OPEN_WAIT_MS = 300_000  # how long opening waits for another process creating the file
CHECKED: set[str] = set()  # the database files this process has checked (quick_check)
BUSY = "The database is busy (another import is running): try again"
DAMAGED = "the database file is damaged: restore a backup (README)"


class Database(sqlite.Database):
    """A connection that knows who is acting: `transaction` checks their role, `audit` names them."""

    def __init__(self, conn: sqlite3.Connection, actor: Actor | None = None):
        super().__init__(conn)
        self.actor = actor or access.file_holder()
        self.pilots: list[int | None] = []  # the pilot of each open transaction, innermost last


def connect(path: str | Path | None = None, actor: Actor | None = None) -> Database:
    """Open (creating if need be) and migrate the database at `path`, acting as `actor`.

    Without an actor the caller holds the database file (the command line, a script, a test):
    an admin. The first connection of a process to a file runs PRAGMA quick_check: the CLI at
    its first connection, the app once per server start (not on every page run).
    """
    path = Path(path) if path is not None else default_path()
    try:  # a wrong --db or PILOT_DB (a folder, a CSV) is the user's to fix: one line, no traceback
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=OPEN_WAIT_MS / 1000, isolation_level=None)
        sqlite.switch_to_wal(conn, OPEN_WAIT_MS / 1000)
        conn.execute("PRAGMA foreign_keys=ON")
        db = Database(conn, actor)
        _check_once(db, path)
        _migrate(db)  # opening waits long: many processes may be creating the same new file
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except sqlite3.DatabaseError as e:
        raise database_error(e, path) or PilotError(f"Cannot open the database {path}: {e}") from e
    except OSError as e:
        raise PilotError(f"Cannot open the database {path}: {e.strerror or e}") from e
    return db


def _check_once(db: Database, path: Path) -> None:
    key = str(path.resolve())
    if key in CHECKED:
        return
    found = db.execute("PRAGMA quick_check").fetchone()[0]
    if found != "ok":
        raise PilotError(f"{path}: {DAMAGED}")
    CHECKED.add(key)


def _migrate(db: Database) -> None:
    """Pending migrations, once: under BEGIN IMMEDIATE, so that of many processes opening a new
    file at once one migrates and the others wait, then find nothing left to do."""
    if not migrations.pending(db):
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        if migrations.pending(db):
            migrations.apply(_OneTransaction(db.conn))
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


class _OneTransaction(sqlite.Database):
    """The database as migrations see it: a script runs statement by statement inside the open
    transaction (sqlite3's executescript would COMMIT first and let another process in)."""

    def executescript(self, sql: str) -> sqlite3.Cursor:
        statement = ""
        for piece in sql.split(";"):
            statement += piece + ";"
            if sqlite3.complete_statement(statement):
                if statement.strip(" \n\t;"):
                    self.conn.execute(statement)
                statement = ""
        return self.conn.cursor()


def database_error(error: sqlite3.DatabaseError, path: str | Path) -> PilotError | None:
    """A one-line message for what SQLite says when the file, not the code, is the problem: busy,
    read-only, disk full, damaged. None for anything else (a bug should still show as one)."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return PilotError(BUSY)
    if "readonly" in text or "read-only" in text:
        return PilotError(f"Cannot write the database {path}: the file or its folder is read-only")
    if "full" in text:
        return PilotError(f"Cannot write the database {path}: the disk is full; nothing was stored")
    if "malformed" in text:
        return PilotError(f"{path}: {DAMAGED}")
    if "disk i/o" in text:
        return PilotError(f"Cannot use the database {path}: {error}")
    return None


def role(db: Database, pilot_id: int | None) -> str | None:
    """The acting user's role on the pilot: admin, owner, viewer or None."""
    return access.role_on(db.conn, db.actor, pilot_id)


def visible_pilots(db: Database) -> set[int] | None:
    """The ids of the pilots the acting user holds a role on (None: every pilot, an admin)."""
    return access.visible_pilots(db.conn, db.actor)


def require_writer(db: Database, pilot_id: int | None) -> str:
    """The actor's role if it lets them change the pilot (None: admin's business); else PermissionDenied."""
    held = role(db, pilot_id)
    if not access.may_write(held):
        what = "this pilot" if pilot_id is not None else "users and pilots (an admin's job)"
        why = f"your role is {held}" if held else "you hold no role here"
        raise PermissionDenied(f"{db.actor.label} may not change {what}: {why}")
    return held


@contextmanager
def transaction(db: Database, pilot_id: int | None, wait_ms: int | None = None) -> Iterator[Database]:
    """One logical change to one pilot (None: users, or a pilot being created): all of it is
    stored, or none of it. The one place every write passes through, so it is where the acting
    user's role is checked: a viewer, or an owner of another pilot, gets PermissionDenied and
    nothing is written.

    Also bumps the data version that caches are keyed by. A busy, read-only, full or damaged
    database ends it with a one-line message (`database_error`) and nothing half-written.
    `wait_ms` waits longer than BUSY_TIMEOUT_MS for another writer (a long one is known to run).
    """
    require_writer(db, pilot_id)
    db.pilots.append(pilot_id)
    try:
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        with _immediate(db, wait_ms):
            yield db
    finally:
        db.pilots.pop()


@contextmanager
def _immediate(db: Database, wait_ms: int | None) -> Iterator[None]:
    try:
        db.conn.execute(f"PRAGMA busy_timeout={wait_ms or BUSY_TIMEOUT_MS}")
        try:
            db.conn.execute("BEGIN IMMEDIATE")
        finally:
            db.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        try:
            yield
            db.conn.execute("UPDATE meta SET data_version = data_version + 1")
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as e:
        friendly = database_error(e, path_of(db))
        if friendly is None:
            raise
        raise friendly from e


def audit(
    db: Database, entity: str, entity_id: object, action: str,
    before: dict | None = None, after: dict | None = None, pilot_id: int | None = None,
) -> None:
    """Record a change in the audit trail, inside its transaction: who, when, what, before -> after.

    `pilot_id` defaults to the open transaction's pilot (give it when the pilot was just created).
    """
    if not db.pilots:
        raise RuntimeError("store.audit belongs inside store.transaction")
    pilot_id = pilot_id if pilot_id is not None else db.pilots[-1]
    held = role(db, pilot_id) or ""
    access.record(db.conn, db.actor, held, pilot_id, entity, entity_id, action, before, after)


def version(db: Database, pilot_id: int, entity: str, entity_id: object = "") -> int:
    """A record's version: its latest entry in the audit trail (0: none). An edit form carries the
    version it showed, so that its save can be refused if someone changed the record meanwhile."""
    sql = "SELECT coalesce(max(id), 0) FROM audit WHERE pilot_id = ? AND entity = ? AND entity_id = ?"
    return int(db.execute(sql, [pilot_id, entity, str(entity_id)]).fetchone()[0])


def refuse_if_changed(db: Database, entity: str, entity_id: object, seen: int | None) -> None:
    """Inside the save's transaction: StaleEdit, naming who and when, if the record changed after
    version `seen` (None: the caller edits blind, a script or the CLI)."""
    if seen is None:
        return
    sql = (
        "SELECT who, at FROM audit WHERE pilot_id = ? AND entity = ? AND entity_id = ? AND id > ? "
        "ORDER BY id DESC LIMIT 1"
    )
    row = db.execute(sql, [db.pilots[-1], entity, str(entity_id), seen]).fetchone()
    if row is not None:
        who, at = row
        raise StaleEdit(f"Changed by {who} at {at[11:16]} UTC since you opened it: reload to see the change")


def current(db: Database, table: str, row_id: object) -> dict | None:
    """A row as stored now (the audit trail's "before"), or None."""
    return next(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]), None)


def path_of(db: Database) -> str:
    """The database's file ("(in memory)" for none)."""
    return db.conn.execute("PRAGMA database_list").fetchone()[2] or "(in memory)"


def data_version(db: Database) -> int:
    """A number that changes with every committed change: the key for cached results."""
    return int(db.execute("SELECT data_version FROM meta").fetchone()[0])


def frame(db: Database, sql: str, params: dict | tuple | list = ()) -> pd.DataFrame:
    """Read a query into a DataFrame (reads only; writes go through `transaction`)."""
    return pd.read_sql_query(sql, db.conn, params=params)


def pilot_row(db: Database, table: str, pilot_id: int, row_id: int, what: str) -> dict:
    """One row of a pilot's table; an id of another pilot is not found, so a page cannot reach it."""
    sql = f"SELECT * FROM {table} WHERE id = ? AND pilot_id = ?"
    row = next(db.query(sql, [row_id, pilot_id]), None)
    if row is None:
        raise NotFound(f"No {what} with id {row_id} in this pilot")
    return row


def mark_deleted(db: Database, table: str, entity: str, row_id: int, deleted: bool) -> None:
    """Delete a row softly (kept, marked deleted, counted nowhere) or restore it, and record which
    in the audit trail. Call it inside the caller's transaction."""
    when = "datetime('now')" if deleted else "NULL"
    db.execute(f"UPDATE {table} SET deleted_at = {when} WHERE id = ?", [row_id])
    action = "deleted" if deleted else "restored"
    audit(db, entity, row_id, action, {"deleted": not deleted}, {"deleted": deleted})


def insert_new(db: Database, table: str, pilot_id: int, rows: list[dict]) -> int:
    """Insert the rows the pilot does not hold yet (identical in every given column), so that
    importing the same file twice adds nothing; returns how many were added. Call it inside
    the caller's transaction."""
    columns = list(rows[0]) if rows else []
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE pilot_id = ?"
    seen = set(map(tuple, db.execute(sql, [pilot_id]).fetchall())) if rows else set()
    added = 0
    for row in rows:
        key = tuple(row[c] for c in columns)
        if key not in seen:
            db.table(table).insert({**row, "pilot_id": pilot_id})
            seen.add(key)
            added += 1
    return added


def schema_version(db: Database) -> int:
    return len(migrations.applied(db))
