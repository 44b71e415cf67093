"""The store: schema on first use, migrations, transactions that roll back, WAL and foreign keys."""

from __future__ import annotations

import sqlite3

import pytest

from pilot import store
from tests.conftest import snapshot


def test_schema_is_created_on_first_use(db_path):
    assert not db_path.exists()
    db = store.connect(db_path)
    assert {"pilots", "participants", "goals", "usage", "imports", "benefits", "meta"} <= set(
        db.table_names()
    )
    assert store.data_version(db) == 0


def test_schema_version_counts_the_applied_migrations(fresh_db):
    assert store.schema_version(fresh_db) == len(store.migrations._migrations)
    assert store.migrations.applied(fresh_db)[0].name == "m001_initial"


def test_an_empty_file_is_migrated(db_path):
    sqlite3.connect(db_path).close()  # a zero-byte file, as `touch` would leave
    assert db_path.stat().st_size == 0
    db = store.connect(db_path)
    assert "pilots" in db.table_names()
    assert store.schema_version(db) == len(store.migrations._migrations)


def test_reopening_applies_nothing_twice(db_path):
    store.connect(db_path).close()
    db = store.connect(db_path)
    assert not store.migrations.pending(db)
    assert db.execute("SELECT COUNT(*) FROM meta").fetchone()[0] == 1


def test_wal_and_foreign_keys_are_on(fresh_db):
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    with pytest.raises(sqlite3.IntegrityError), store.transaction(fresh_db, None):
        fresh_db.execute(
            "INSERT INTO participants (pilot_id, name, email, department, audience)"
            " VALUES (99, 'A', 'a', 'D', 'x')"
        )


def test_a_transaction_commits_and_bumps_the_data_version(fresh_db):
    with store.transaction(fresh_db, None):
        fresh_db.execute(
            "INSERT INTO pilots (slug, name, start, end) VALUES ('a', 'A', '2026-01-05', '2026-02-01')"
        )
    assert store.data_version(fresh_db) == 1
    assert store.frame(fresh_db, "SELECT slug FROM pilots")["slug"].tolist() == ["a"]


def test_an_error_rolls_everything_back(fresh_db, db_path):
    with store.transaction(fresh_db, None):
        fresh_db.execute(
            "INSERT INTO pilots (slug, name, start, end) VALUES ('a', 'A', '2026-01-05', '2026-02-01')"
        )
    before = snapshot(db_path)
    with pytest.raises(RuntimeError), store.transaction(fresh_db, None):
        fresh_db.execute(
            "INSERT INTO pilots (slug, name, start, end) VALUES ('b', 'B', '2026-01-05', '2026-02-01')"
        )
        fresh_db.execute("UPDATE pilots SET name = 'changed' WHERE slug = 'a'")
        raise RuntimeError("half-way")
    assert snapshot(db_path) == before
    assert store.data_version(fresh_db) == 1
    assert not fresh_db.conn.in_transaction


def test_a_nested_transaction_rolls_back_with_the_outer_one(fresh_db, db_path):
    before = snapshot(db_path)
    with pytest.raises(ValueError), store.transaction(fresh_db, None):
        with store.transaction(fresh_db, None):
            fresh_db.execute(
                "INSERT INTO pilots (slug, name, start, end) VALUES ('a', 'A', '2026-01-05', '2026-02-01')"
            )
        raise ValueError("after the inner one")
    assert snapshot(db_path) == before


def test_frame_reads_with_parameters(fresh_db):
    with store.transaction(fresh_db, None):
        fresh_db.execute(
            "INSERT INTO pilots (slug, name, start, end) VALUES ('a', 'A', '2026-01-05', '2026-02-01')"
        )
    assert store.frame(fresh_db, "SELECT name FROM pilots WHERE slug = ?", ["a"])["name"].tolist() == ["A"]
    assert store.frame(fresh_db, "SELECT name FROM pilots WHERE slug = ?", ["b"]).empty


def test_pilot_db_environment_variable_picks_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PILOT_DB", str(tmp_path / "elsewhere.db"))
    assert store.default_path() == tmp_path / "elsewhere.db"
    store.connect().close()
    assert (tmp_path / "elsewhere.db").exists()
