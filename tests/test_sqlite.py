"""The thin database handle: what it stores is what sqlite-utils would store, and it loads no sqlite-utils."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from pilot.core.sqlite import Database
from tests.conftest import ROOT


@pytest.fixture
def db():
    db = Database(sqlite3.connect(":memory:", isolation_level=None))
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, UNIQUE (a))")
    yield db
    db.close()


def test_insert_update_get_and_values_as_sqlite_utils_stores_them(db):
    pk = db.table("t").insert({"a": dt.date(2026, 11, 16), "b": 1}).last_pk
    db.table("t").insert({"a": ["x", "é"], "b": 2})
    db.table("t").update(pk, {"b": 5})
    assert db.table("t").get(pk) == {"id": pk, "a": "2026-11-16", "b": 5}
    assert list(db.query("SELECT a FROM t WHERE b = ?", [2])) == [{"a": '["x", "é"]'}]
    with pytest.raises(LookupError):
        db.table("t").get(99)


def test_upsert_updates_the_row_with_the_same_key(db):
    db.table("t").upsert({"a": "k", "b": 1}, pk="a")
    db.table("t").upsert({"a": "k", "b": 2}, pk="a")
    assert db.execute("SELECT a, b FROM t").fetchall() == [("k", 2)]


def test_atomic_nested_rolls_back_only_the_inner_block(db):
    with db.atomic():
        db.table("t").insert({"a": "kept"})
        with pytest.raises(ValueError), db.atomic():
            db.executescript("INSERT INTO t (a) VALUES ('gone; really'); INSERT INTO t (a) VALUES ('too');")
            raise ValueError
    assert db.execute("SELECT a FROM t").fetchall() == [("kept",)]


def test_the_rest_of_sqlite_utils_api_is_handed_over(db):
    db.table("t").insert_all([{"a": "x", "b": 1}, {"a": "y", "b": 2}])
    assert db["t"].count == 2 and db.table_names() == ["t"]


def test_a_cli_command_loads_neither_sqlite_utils_nor_the_report_stack(tmp_path):
    code = (
        "import sys; from pilot import cli; cli.main(['demo', '--db', sys.argv[1]]); "
        "print(sorted(m for m in ('sqlite_utils', 'altair', 'pilot.report') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.db")], cwd=ROOT, capture_output=True, text=True
    )
    assert done.stdout.splitlines()[-1] == "[]", done.stderr
