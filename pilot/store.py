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
from sqlite_utils import Database

from pilot.core.errors import NotFound, PilotError
from pilot.schema import migrations

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "pilot.db"


def default_path() -> Path:
    """The app's own database, or the one PILOT_DB points to."""
    return Path(os.environ.get("PILOT_DB") or DEFAULT_DB)


def connect(path: str | Path | None = None) -> Database:
    """Open (creating if need be) and migrate the database at `path`."""
    path = Path(path) if path is not None else default_path()
    try:  # a wrong --db or PILOT_DB (a folder, a CSV) is the user's to fix: one line, no traceback
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
    except (OSError, sqlite3.DatabaseError) as e:
        raise PilotError(f"Cannot open the database {path}: {e}") from e
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA foreign_keys=ON")
    db = Database(conn)
    if migrations.pending(db):
        migrations.apply(db)
    return db


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One logical change: all of it is stored, or none of it.

    Also bumps the data version that caches are keyed by.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.execute("UPDATE meta SET data_version = data_version + 1")
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


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
