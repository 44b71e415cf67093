"""Backup and restore of the whole database: every pilot, the users and the audit.

A backup goes through SQLite's online backup API, so it is consistent while the app and
imports write, and it holds what is still in the WAL (a file copy would miss it). A restore
checks the file before it touches anything, keeps the database it replaces beside it, and
re-applies the erasure register, so that an older backup brings no erased person back.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

from pilot import privacy, store
from pilot.access import Actor
from pilot.core.errors import PilotError


def backup(source: str | Path, out: str | Path) -> Path:
    """Copy the database at `source` into the single file `out` (no -wal beside it), atomically:
    the copy is written next to `out` and renamed, so a failed backup leaves no half file."""
    out = Path(out)
    if out.is_dir():
        raise PilotError(f"{out} is a folder: give the backup's file name")
    partial = out.with_name(out.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        src = _open(source)
        try:
            _copy(src, partial)
        finally:
            src.close()
        partial.replace(out)
    except (OSError, sqlite3.Error) as e:
        partial.unlink(missing_ok=True)
        raise PilotError(f"Cannot write the backup {out}: {e}") from e
    return out


def backup_bytes(path: str | Path, actor: Actor) -> bytes:
    """The database at `path` as one backup file's bytes, for the app's download (built when it is
    clicked, on another thread). An admin's only: a backup holds every pilot, the users and the
    audit; owners download their own pilot's data zip."""
    db = store.connect(path, actor=actor)
    try:
        store.require_writer(db, None)
    finally:
        db.close()
    with tempfile.TemporaryDirectory() as folder:
        return backup(path, Path(folder) / "pilot.db").read_bytes()


def check(path: str | Path) -> int:
    """The backup's schema version, once it is known to be a whole pilot database this version can
    read: `integrity_check` ok and every migration it holds known to this version."""
    path = Path(path)
    if not path.is_file():
        raise PilotError(f"No backup file {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            names = _migrations(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise PilotError(f"{path} is not a pilot database backup: {e}") from e
    if result != ["ok"]:
        raise PilotError(f"{path} is damaged (integrity_check: {'; '.join(result[:3])}): nothing restored")
    known = [m.name for m in store.migrations._migrations]
    if not names or names[0] != known[0]:
        raise PilotError(f"{path} is not a pilot database backup (no schema version)")
    unknown = [n for n in names if n not in known]
    if unknown:
        raise PilotError(
            f"{path} was made by a newer version (schema {', '.join(unknown)}): update the app first"
        )
    return len(names)


def restore(backup_file: str | Path, target: str | Path) -> tuple[int, Path | None]:
    """Replace the database at `target` by the checked backup; returns the backup's schema version
    and where the replaced database was kept (None when there was none).

    The backup is written into the live database through the backup API, so the app's open
    connections see the restored data at their next read; missing migrations then run, and the
    erasure register of the replaced database is re-applied."""
    version = check(backup_file)
    target = Path(target)
    if target.exists() and target.resolve() == Path(backup_file).resolve():
        raise PilotError(f"{backup_file} is the database itself: give a backup file")
    kept = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = backup(target, target.with_name(f"{target.stem}.replaced-{stamp}{target.suffix}"))
        current = store.connect(target)
        register = privacy.erasure_register(current)
        current.close()
    else:
        register = []
    try:
        src = sqlite3.connect(f"{Path(backup_file).resolve().as_uri()}?mode=ro", uri=True)
        dst = store.connect(target)
        try:
            src.backup(dst.conn)
        finally:
            src.close()
            dst.close()
        db = store.connect(target)  # runs the migrations the backup predates
        privacy.reapply_register(db, register)  # nobody erased since the backup comes back
        db.close()
    except sqlite3.Error as e:
        raise PilotError(f"Cannot restore into {target}: {e}; the replaced database is kept as {kept}") from e
    return version, kept


def _open(path: str | Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.is_file():
        raise PilotError(f"No database {path}")
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def _copy(src: sqlite3.Connection, to: Path) -> None:
    """The online backup (WAL content included), then the copy made one self-contained file."""
    dst = sqlite3.connect(to)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise PilotError(f"The backup {to} failed its integrity check: {ok}")
    finally:
        dst.close()


def _migrations(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'pilot' ORDER BY rowid"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [r[0] for r in rows]
