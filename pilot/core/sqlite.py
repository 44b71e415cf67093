"""A thin handle on a SQLite connection: the part of sqlite-utils' Database that the product uses.

Importing sqlite-utils costs about 35 ms (click, pluggy, its regexes), a third of what a CLI
command may add to pandas' own start-up (issue 14). The same names and behaviour (`execute`,
`query`, `table(name).insert(...).last_pk`, `atomic`, the `_sqlite_migrations` table), so a
database made by either is read by the other; anything else of sqlite-utils' API (`db[name]`,
`transform`, ...) is handed to sqlite-utils itself, loaded on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple


class Database:
    """A connection and the handful of sqlite-utils calls made on it."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._full: Any = None

    def execute(self, sql: str, params: Iterable | dict = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        """Several statements; inside a transaction one by one, since sqlite3's own commits first."""
        if not self.conn.in_transaction:
            return self.conn.executescript(sql)
        cursor, statement = self.conn.cursor(), ""
        for piece in sql.split(";"):
            statement += piece + ";"
            if sqlite3.complete_statement(statement):
                cursor.execute(statement)
                statement = ""
        return cursor

    def query(self, sql: str, params: Iterable | dict = ()) -> Iterator[dict]:
        """Rows as dicts."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def table(self, name: str) -> Table:
        return Table(self, name)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction, or a savepoint inside one: all of the block is kept, or none of it."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return
        self.conn.execute("SAVEPOINT pilot_atomic")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO SAVEPOINT pilot_atomic")
                self.conn.execute("RELEASE SAVEPOINT pilot_atomic")
            raise
        self.conn.execute("RELEASE SAVEPOINT pilot_atomic")

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, name: str) -> Any:
        return self._sqlite_utils()[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._sqlite_utils(), name)

    def _sqlite_utils(self) -> Any:
        if self._full is None:
            import sqlite_utils  # only for a call this class does not make itself

            self._full = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._full


class Table:
    """Insert, update, upsert and get rows of one table by its `id` (the rowid)."""

    def __init__(self, db: Database, name: str):
        self.db, self.name = db, name
        self.last_pk: Any = None

    def insert(self, record: dict[str, Any]) -> Table:
        columns = ", ".join(f"[{c}]" for c in record)
        sql = f"INSERT INTO [{self.name}] ({columns}) VALUES ({', '.join('?' * len(record))})"
        self.last_pk = self.db.execute(sql, [_value(v) for v in record.values()]).lastrowid
        return self

    def insert_all(self, records: Iterable[dict[str, Any]], batch_size: int = 100) -> Table:
        rows = list(records)
        if rows:
            columns = list(rows[0])
            names = ", ".join(f"[{c}]" for c in columns)
            sql = f"INSERT INTO [{self.name}] ({names}) VALUES ({', '.join('?' * len(columns))})"
            self.db.conn.executemany(sql, ([_value(r[c]) for c in columns] for r in rows))
        return self

    def update(self, pk: int, updates: dict[str, Any]) -> Table:
        sets = ", ".join(f"[{c}] = ?" for c in updates)
        sql = f"UPDATE [{self.name}] SET {sets} WHERE rowid = ?"
        self.db.execute(sql, [*(_value(v) for v in updates.values()), pk])
        self.last_pk = pk
        return self

    def upsert(self, record: dict[str, Any], pk: str | tuple[str, ...]) -> Table:
        """Insert, or update the row with the same primary key (`pk`: its column or columns)."""
        keys = [pk] if isinstance(pk, str) else list(pk)
        columns = ", ".join(f"[{c}]" for c in record)
        changes = ", ".join(f"[{c}] = excluded.[{c}]" for c in record if c not in keys) or None
        sql = f"INSERT INTO [{self.name}] ({columns}) VALUES ({', '.join('?' * len(record))})"
        sql += f" ON CONFLICT ({', '.join(f'[{k}]' for k in keys)}) DO "
        sql += f"UPDATE SET {changes}" if changes else "NOTHING"
        self.db.execute(sql, [_value(v) for v in record.values()])
        return self

    def get(self, pk: int) -> dict[str, Any]:
        row = next(self.db.query(f"SELECT * FROM [{self.name}] WHERE rowid = ?", [pk]), None)
        if row is None:
            raise LookupError(f"No row {pk} in {self.name}")
        return row


def _value(value: Any) -> Any:
    """Values as sqlite-utils stores them: containers as JSON, dates as ISO text."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, default=repr, ensure_ascii=False)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dt.timedelta | uuid.UUID):
        return str(value)
    return value


class Step(NamedTuple):
    name: str
    fn: Callable[[Database], None]


class Applied(NamedTuple):
    name: str
    applied_at: str


class Migrations:
    """Named schema changes, applied once each in order, recorded as sqlite-utils records them
    (the same `_sqlite_migrations` table, and the same `_migrations`, `applied`, `pending`, `apply`)."""

    TABLE = "_sqlite_migrations"

    def __init__(self, name: str):
        self.name = name
        self._migrations: list[Step] = []

    def __call__(self) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
        def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            self._migrations.append(Step(fn.__name__, fn))
            return fn

        return register

    def applied(self, db: Database) -> list[Applied]:
        if self.TABLE not in db.table_names():
            return []
        sql = f"SELECT name, applied_at FROM {self.TABLE} WHERE migration_set = ? ORDER BY rowid"
        return [Applied(*row) for row in db.execute(sql, [self.name])]

    def pending(self, db: Database) -> list[Step]:
        done = {step.name for step in self.applied(db)}
        return [step for step in self._migrations if step.name not in done]

    def apply(self, db: Database) -> None:
        db.executescript(
            f"CREATE TABLE IF NOT EXISTS {self.TABLE} "
            "([id] INTEGER PRIMARY KEY, [migration_set] TEXT, [name] TEXT, [applied_at] TEXT);"
            f"CREATE UNIQUE INDEX IF NOT EXISTS idx_{self.TABLE}_migration_set_name "
            f"ON {self.TABLE} (migration_set, name);"
        )
        for step in self.pending(db):
            with db.atomic():
                step.fn(db)
                record = {"migration_set": self.name, "name": step.name}
                db.table(self.TABLE).insert(record | {"applied_at": str(dt.datetime.now(dt.UTC))})


def switch_to_wal(conn: sqlite3.Connection, wait_seconds: float) -> None:
    """PRAGMA journal_mode=WAL. On a new file that many processes open at once, SQLite answers
    "database is locked" at once, without waiting, to all but the one switching it: they try again
    for up to `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
