"""Backup and restore: consistent during a running import, WAL included, checked before replacing."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from pilot import backup, store
from pilot.core.errors import PermissionDenied
from pilot.intake import usage
from pilot.setup import users
from pilot.setup.pilots import get_pilot

from .conftest import DEMO_DIR, run_cli, snapshot


def test_backup_during_a_running_import_then_restore(demo_db, db_path, tmp_path, monkeypatch, capsys):
    demo_db.conn.execute("PRAGMA wal_autocheckpoint=0")  # what follows stays in the WAL, as in the app
    demo_db.execute("UPDATE pilots SET purpose = 'only in the WAL yet'")
    before = snapshot(db_path)
    halfway, resume = threading.Event(), threading.Event()
    real_row = usage._usage_row

    def slow_row(row):  # the import holds its transaction open, rows half written
        halfway.set()
        resume.wait(10)
        return real_row(row)

    monkeypatch.setattr(usage, "_usage_row", slow_row)
    report = DEMO_DIR / "exports" / "EmailActivityUserDetail_20261122.csv"
    errors: list[BaseException] = []

    def run_import():
        db = store.connect(db_path)
        try:
            usage.import_file(db, get_pilot(db, "demo"), report, week="2026-12-07")
        except BaseException as e:  # pragma: no cover - shown by the assertion below
            errors.append(e)
        finally:
            db.close()

    worker = threading.Thread(target=run_import)
    worker.start()
    assert halfway.wait(10)
    code, out, err = run_cli(capsys, "backup", "--db", str(db_path), "--out", str(tmp_path / "b.db"))
    resume.set()
    worker.join(20)
    assert (code, err, errors) == (0, "", [])
    assert "b.db" in out and not (tmp_path / "b.db-wal").exists()
    after_import = snapshot(db_path)
    assert after_import != before  # the import did finish after the backup

    code, out, err = run_cli(capsys, "restore", "--db", str(db_path), str(tmp_path / "b.db"))
    assert (code, err) == (0, "")
    assert snapshot(db_path) == before  # the state before the import: whole, the WAL's change included
    kept = next(tmp_path.glob("pilot.replaced-*.db"))
    assert f"kept as {kept}" in out and snapshot(kept) == after_import
    assert demo_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert demo_db.execute("SELECT purpose FROM pilots").fetchone()[0] == "only in the WAL yet"


def test_restore_checks_the_file_before_replacing_anything(demo_db, db_path, tmp_path, capsys):
    before = snapshot(db_path)
    not_db = tmp_path / "notes.db"
    not_db.write_text("hello")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    damaged = tmp_path / "damaged.db"
    backup.backup(db_path, damaged)
    data = bytearray(damaged.read_bytes())
    data[4096 * 3 : 4096 * 3 + 200] = b"\x00" * 200
    damaged.write_bytes(bytes(data))
    newer = tmp_path / "newer.db"
    backup.backup(db_path, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name) VALUES ('pilot', 'm999_future')")
    for bad, words in [
        (tmp_path / "none.db", "No backup file"),
        (not_db, "not a pilot database"),
        (other, "not a pilot database"),
        (damaged, "damaged"),
        (newer, "newer version"),
        (db_path, "the database itself"),
    ]:
        code, out, err = run_cli(capsys, "restore", "--db", str(db_path), str(bad))
        assert code == 2 and words in err and err.count("\n") == 1, (bad, err)
    assert snapshot(db_path) == before
    assert list(tmp_path.glob("*.replaced-*")) == []


def test_backup_of_a_missing_database_or_into_a_folder_is_refused(db_path: Path, tmp_path, capsys):
    code, _, err = run_cli(capsys, "backup", "--db", str(tmp_path / "no.db"), "--out", str(tmp_path / "b.db"))
    assert code == 2 and "No database" in err
    store.connect(db_path).close()
    code, _, err = run_cli(capsys, "backup", "--db", str(db_path), "--out", str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_restore_into_a_new_place(demo_db, db_path, tmp_path):
    backup.backup(db_path, tmp_path / "b.db")
    version, kept = backup.restore(tmp_path / "b.db", tmp_path / "new" / "pilot.db")
    assert kept is None and version == store.schema_version(demo_db)
    assert snapshot(tmp_path / "new" / "pilot.db") == snapshot(db_path)


def test_the_app_s_backup_download_is_a_whole_checked_backup_and_an_admin_s_only(demo_db, db_path, tmp_path):
    users.add_user(demo_db, "kira@example.com", "owner", get_pilot(demo_db, "demo"), name="Kira Garcia")
    owner = users.actor_for(demo_db, "kira@example.com", "password")
    with pytest.raises(PermissionDenied):
        backup.backup_bytes(db_path, owner)
    saved = tmp_path / "downloaded.db"
    saved.write_bytes(backup.backup_bytes(db_path, demo_db.actor))  # the file holder: an admin
    assert backup.check(saved) == store.schema_version(demo_db)
    assert snapshot(saved) == snapshot(db_path)
