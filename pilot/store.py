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
from sqlite_utils.migrations import Migrations

from pilot.core.errors import NotFound, PilotError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "pilot.db"

migrations = Migrations("pilot")


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


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (data_version INTEGER NOT NULL);
        INSERT INTO meta VALUES (0);

        CREATE TABLE pilots (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            purpose TEXT NOT NULL DEFAULT '',
            tool_name TEXT NOT NULL DEFAULT '',
            tool_kind TEXT NOT NULL DEFAULT '',
            replaced_name TEXT NOT NULL DEFAULT '',
            replaced_kind TEXT NOT NULL DEFAULT '',
            replaced_rule TEXT NOT NULL DEFAULT '',
            start TEXT NOT NULL,            -- ISO date
            end TEXT NOT NULL,              -- ISO date
            sponsor_email TEXT NOT NULL DEFAULT '',  -- lower-case; the sponsor is a participant
            budget_cap REAL NOT NULL DEFAULT 0,
            budget_spent REAL NOT NULL DEFAULT 0,
            currency TEXT NOT NULL DEFAULT 'EUR',
            checklist TEXT NOT NULL DEFAULT '{}',    -- JSON {item: {"done": bool, "note": str}}
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (datetime('now'))
        );

        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            name TEXT NOT NULL,
            email TEXT NOT NULL,            -- lower-case, trimmed: the key reports match on
            department TEXT NOT NULL,
            audience TEXT NOT NULL,         -- leadership, management, practitioner, infrastructure, observer
            champion INTEGER NOT NULL DEFAULT 0,
            joined TEXT,                    -- ISO date; NULL = from the start
            left TEXT,                      -- ISO date; NULL = to the end
            UNIQUE (pilot_id, email)
        );

        CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            metric TEXT NOT NULL,           -- a DESIGN section 3 id, or manual:NAME
            comparison TEXT NOT NULL CHECK (comparison IN ('at_least', 'at_most')),
            target REAL NOT NULL,
            due_week INTEGER,               -- pilot week; NULL = the last week
            must INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE manual_kpis (
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            name TEXT NOT NULL,             -- the NAME of manual:NAME
            week TEXT NOT NULL,             -- Monday, ISO date
            value REAL NOT NULL,
            PRIMARY KEY (pilot_id, name, week)
        );

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            kind TEXT NOT NULL,             -- file, manual, group
            file_name TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT '',
            week TEXT NOT NULL,             -- Monday, ISO date
            channel TEXT NOT NULL CHECK (channel IN ('tool', 'replaced')),
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_matched INTEGER NOT NULL DEFAULT 0,
            rows_dropped INTEGER NOT NULL DEFAULT 0,
            missing TEXT NOT NULL DEFAULT '[]',      -- JSON list of participant emails absent from the report
            imported_at TEXT NOT NULL DEFAULT (datetime('now')),
            imported_by TEXT NOT NULL DEFAULT '',
            undone_at TEXT
        );

        -- Current usage: one row per participant, week and channel.
        CREATE TABLE usage (
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            week TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('tool', 'replaced')),
            posts INTEGER NOT NULL CHECK (posts >= 0),
            reads INTEGER NOT NULL CHECK (reads >= 0),
            import_id INTEGER NOT NULL REFERENCES imports(id),
            PRIMARY KEY (pilot_id, participant_id, week, channel)
        );
        CREATE INDEX usage_by_week ON usage (pilot_id, week, channel);
        CREATE INDEX usage_by_import ON usage (import_id);

        -- Rows an import replaced, kept so that undoing it restores them.
        CREATE TABLE usage_replaced (
            replaced_by INTEGER NOT NULL REFERENCES imports(id),
            pilot_id INTEGER NOT NULL,
            participant_id INTEGER NOT NULL,
            week TEXT NOT NULL,
            channel TEXT NOT NULL,
            posts INTEGER NOT NULL,
            reads INTEGER NOT NULL,
            import_id INTEGER NOT NULL
        );
        CREATE INDEX usage_replaced_by ON usage_replaced (replaced_by);

        -- Group-level weekly count of the replaced channel, for channels with no per-person report.
        CREATE TABLE replaced_counts (
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            week TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            import_id INTEGER NOT NULL REFERENCES imports(id),
            PRIMARY KEY (pilot_id, week)
        );

        CREATE TABLE benefits (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            date TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',     -- who; a participant's email where known
            departments TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL,
            description TEXT NOT NULL,
            quantity REAL,
            unit TEXT NOT NULL DEFAULT '',
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL
        );

        CREATE TABLE wins (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            date TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL
        );

        CREATE TABLE concerns (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            raised TEXT NOT NULL,               -- ISO date
            raised_by TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open', -- open, handled, closed
            handling TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            decision TEXT NOT NULL CHECK (decision IN ('Go', 'Extend', 'No-go')),
            reason TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        """
    )


@migrations()
def m002_replaced_counts_replaced(db: Database) -> None:
    """Group-level counts a later entry replaced, kept so undoing that entry restores them (issue 3)."""
    db.executescript(
        """
        CREATE TABLE replaced_counts_replaced (
            replaced_by INTEGER NOT NULL REFERENCES imports(id),
            pilot_id INTEGER NOT NULL,
            week TEXT NOT NULL,
            count INTEGER NOT NULL,
            import_id INTEGER NOT NULL
        );
        """
    )
