"""Shared fixtures: a fresh real-schema database, and the demo pilot built from data/demo/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pilot import cli, demo, store
from pilot.setup import users
from pilot.setup.pilots import Pilot

ROOT = Path(__file__).resolve().parent.parent
# The demo pilot's weekly exports are in DEMO_DIR / "exports"; beside them, what only tests need:
# the metrics computed independently (expected.json) and other formats (Teams, Slack).
SAMPLES = ROOT / "tests" / "samples"
DEMO_DIR = ROOT / "data" / "demo"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pilot.db"


@pytest.fixture
def fresh_db(db_path: Path):
    db = store.connect(db_path)
    yield db
    db.close()


@pytest.fixture
def demo_db(db_path: Path):
    db = store.connect(db_path)
    demo.load(db)
    yield db
    db.close()


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Path:
    """A copy of the module's `template` database (a module-scoped fixture built once), to change."""
    path = tmp_path / "pilot.db"
    shutil.copy(template, path)
    return path


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a new connection: to prove nothing changed."""
    db = store.connect(path)
    try:
        return {
            t: sorted(map(tuple, db.execute(f"SELECT * FROM [{t}]").fetchall()), key=repr)
            for t in db.table_names()
        }
    finally:
        db.close()


def connect_as(
    path: Path, email: str, role: str | None = None, pilot: Pilot | None = None, name: str = "",
    admin: bool = False, password: str | None = None,
) -> store.Database:
    """A connection acting as this user, created first (by whoever holds the file) with the role."""
    db = store.connect(path)
    users.add_user(db, email, role, pilot, password=password, admin=admin, name=name)
    db.close()
    return store.connect(path, actor=users.actor_for(store.connect(path), email, "password"))


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`python -m pilot ARGS` in process: its exit code, stdout and stderr."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def stored_usage(db, pilot_id: int) -> pd.DataFrame:
    """The usage rows as stored: participant_id, email, week, channel, posts, reads, import_id."""
    sql = (
        "SELECT u.participant_id, p.email, u.week, u.channel, u.posts, u.reads, u.import_id FROM usage u "
        "JOIN participants p ON p.id = u.participant_id WHERE u.pilot_id = ? "
        "ORDER BY u.week, u.channel, p.email"
    )
    return store.frame(db, sql, [pilot_id])
