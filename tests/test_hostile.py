"""Hostile input that is not a CSV file (issue 11): pilot files with wrong types, dates out of
range, a report that matches nobody, a busy, read-only, full or damaged database, many processes
opening a new database at once, and the round trip of formula-like text."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import pytest

from pilot import demo, export, store
from pilot.core.errors import PilotError, ValidationError
from pilot.intake import usage
from pilot.setup import goals, participants, pilots
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits
from pilot.stories.benefits import Benefit

from .conftest import DEMO_DIR, run_cli, snapshot

BASE = 'name = "x"\nstart = 2026-09-07\nend = 2026-10-04\n'
VIVA = DEMO_DIR / "exports" / "VivaEngageActivityUserDetail_20261025.csv"
CORPUS = Path(__file__).parent / "bad_input"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('tool = "x"\n' + BASE, "'tool' must be a table ([tool] with name, kind), not text ('x')"),
        (
            BASE + '[[goals]]\nmetric = "retention"\nat_least = 1\ndue_week = "3"',
            "'goals[1].due_week' must be a whole number, not text ('3')",
        ),
        (
            BASE + '[[goals]]\nmetric = "retention"\nat_least = nan',
            "'goals[1].at_least' must be a number, not the number nan",
        ),
        (BASE + "[budget]\ncap = nan", "'budget.cap' must be a number, not the number nan"),
        (BASE + "[budget]\ncap = 1e309", "'budget.cap' must be a number, not the number inf"),
        (
            'name = "x"\nstart = 2026-09-07T09:00:00\nend = 2026-10-04\n',
            "'start' must be a date like 2026-09-07, not a date and time (2026-09-07T09:00:00)",
        ),
        (
            BASE + "[checklist]\nx = true",
            "'checklist.x' must be a table ([checklist.x] with done, note), not true or false (true)",
        ),
        (
            'goals = ["active_rate at least 60%"]\n' + BASE,
            "'goals[1]' must be a table ([goals[1]] with metric",
        ),
        (
            BASE + '[[goals]]\nmetric = "retention"\nat_least = 1\nmust = "false"',
            "'goals[1].must' must be true or false, not text ('false')",
        ),
        ('nmae = "typo"\n' + BASE, "Unknown key 'nmae' in the pilot file"),
        ('name = "x"\nstart = 2026-09-07\n', "The pilot file needs 'end'"),
    ],
)
def test_a_pilot_file_is_checked_against_its_schema(fresh_db, db_path, toml, message):
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as e:
        pilots.create_from_toml(fresh_db, toml)
    assert message in str(e.value)
    assert snapshot(db_path) == before


def test_the_demo_file_fits_the_schema_and_must_false_stays_false(fresh_db):
    pilot = pilots.create_from_toml(fresh_db, (DEMO_DIR / "pilot.toml").read_text())
    goals_read = {g.metric: g.must for g in goals.list_goals(fresh_db, pilot.id)}
    assert goals_read == {
        "active_rate": True,
        "substitution": True,
        "sponsor_posts": False,
        "benefits:hours": False,
    }


def test_a_pilot_lasts_at_most_52_weeks(fresh_db):
    with pytest.raises(ValidationError, match="A pilot lasts at most 52 weeks: 2026-09-07 to 9999-12-31 is"):
        pilots.create_from_toml(fresh_db, 'name = "x"\nstart = 2026-09-07\nend = 9999-12-31\n')
    year = pilots.create_from_toml(fresh_db, 'name = "x"\nstart = 2026-09-07\nend = 2027-09-05\n')
    assert len(year.weeks) == 52


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "N" * 201, "The name is 201 characters long: the limit is 200"),
        ("purpose", "p" * 5_001, "The purpose is 5,001 characters long: the limit is 5,000"),
        ("tool_name", "t" * 9_000_000, "The tool's name is 9,000,000 characters long: the limit is 200"),
    ],
)
def test_pilot_texts_have_length_limits(fresh_db, field, value, message):
    pilot = pilots.Pilot(name="x", start=dt.date(2026, 9, 7), end=dt.date(2026, 10, 4))
    setattr(pilot, field, value)
    with pytest.raises(ValidationError, match=message):
        pilots.save_pilot(fresh_db, pilot)


def test_a_benefit_of_200_kb_is_refused(demo_db, db_path):
    before = snapshot(db_path)
    story = Benefit(date="2026-09-09", category="idea", description="x" * 200_000)
    with pytest.raises(
        ValidationError, match="The description is 200,000 characters long: the limit is 5,000"
    ):
        benefits.record_benefit(demo_db, get_pilot(demo_db, "demo"), story)
    assert snapshot(db_path) == before


def test_an_email_with_a_control_character_is_not_an_email(fresh_db):
    pilot = pilots.create_from_toml(fresh_db, BASE)
    data = b"name,email,department,audience,sponsor,champion\nAnn,ann\x01@example.com,Sales,observer,,\n"
    with pytest.raises(ValidationError, match="line 2 holds a control character"):
        participants.import_csv(fresh_db, pilot, data)
    with pytest.raises(ValidationError, match="is not an email address"):
        pilots.save_pilot(
            fresh_db, pilots.Pilot(name="y", start=pilot.start, end=pilot.end, sponsor_email="k\x1b@x.com")
        )


def test_week_on_purpose_within_8_weeks_but_not_further(demo_db, db_path, capsys):
    early = str(CORPUS / "refresh_date_a_year_early.csv")
    args = ["import", "--db", str(db_path), "--pilot", "demo"]
    code, out, err = run_cli(capsys, *args, "--week", "2026-07-06", early)
    assert (code, err) == (0, "") and "week 2026-07-06 (baseline)" in out
    code, out, err = run_cli(capsys, *args, "--week", "2026-06-29", early)
    assert code == 2 and "the week of 2026-06-29 is more than 8 weeks before" in err
    assert "give a week from 2026-07-06 to 2027-01-11" in err


def test_nobody_matched_is_stored_only_when_asked(demo_db, db_path, capsys):
    wrong = str(CORPUS / "nobody_matched_wrong_domain.csv")
    args = ["import", "--db", str(db_path), "--pilot", "demo"]
    before = snapshot(db_path)
    assert run_cli(capsys, *args, wrong) == (
        2,
        "",
        "error: nobody_matched_wrong_domain.csv: 0 of 60 participants found: "
        "wrong tenant or a domain typo?\n",
    )
    assert snapshot(db_path) == before
    code, out, err = run_cli(capsys, *args, "--allow-empty", wrong)
    assert code == 0 and "0 matched" in out
    week = demo_db.execute("SELECT count(*) FROM usage WHERE week = '2026-10-19' AND channel = 'tool'")
    assert week.fetchone()[0] == 0


def test_a_busy_database_is_one_line_and_exit_2(demo_db, db_path, capsys, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another import holds the write lock
    try:
        code, out, err = run_cli(capsys, "import", "--db", str(db_path), "--pilot", "demo", str(VIVA))
    finally:
        other.execute("ROLLBACK")
    assert (code, out, err) == (2, "", f"error: {store.BUSY}\n")


def test_a_read_only_database_names_its_file(demo_db, db_path):
    read_only = store.Database(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None))
    with pytest.raises(
        PilotError, match=f"Cannot write the database {db_path}: the file or its folder is read-only"
    ):
        usage.import_file(read_only, get_pilot(read_only, "demo"), VIVA)


def test_a_full_disk_stores_nothing_and_names_the_file(demo_db, db_path):
    before = snapshot(db_path)
    pages = demo_db.execute("PRAGMA page_count").fetchone()[0]
    demo_db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: not one page more
    many = "".join(f"2026-09-09,,idea,Story number {n} {'x' * 3000},,,\n" for n in range(200))
    data = ("date,email,category,description,quantity,unit,goal\n" + many).encode()
    with pytest.raises(
        PilotError, match=f"Cannot write the database {db_path}: the disk is full; nothing was stored"
    ):
        benefits.import_csv(demo_db, get_pilot(demo_db, "demo"), data)
    assert snapshot(db_path) == before


def test_a_damaged_database_is_refused_once_per_process(demo_db, db_path, tmp_path, capsys):
    damaged = tmp_path / "damaged.db"
    demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db_path, damaged)
    size = damaged.stat().st_size
    with damaged.open("r+b") as file:  # zero a page in the middle, as a failing disk would
        file.seek(size // 2 // 4096 * 4096)
        file.write(bytes(4096))
    for command in ("metrics", "summary"):
        code, out, err = run_cli(capsys, command, "--db", str(damaged), "--pilot", "demo", "--format", "json")
        assert (code, out) == (2, "")
        assert err == f"error: {damaged}: the database file is damaged: restore a backup (README)\n"
    assert str(db_path.resolve()) in store.CHECKED  # the good file was checked once, at its first connection
    calls = []
    real = store.Database.execute
    store.Database.execute = lambda self, sql, *a: calls.append(sql) or real(self, sql, *a)
    try:
        store.connect(db_path).close()
    finally:
        store.Database.execute = real
    assert "PRAGMA quick_check" not in calls


def _open_new(path: str, start: multiprocessing.synchronize.Barrier, results) -> None:  # type: ignore[name-defined]
    start.wait()
    try:
        demo.load(store.connect(path))
        results.put("ok")
    except Exception as e:  # noqa: BLE001 (the test reports what failed)
        results.put(repr(e))


def test_16_processes_open_a_new_database_at_once(tmp_path):
    path = str(tmp_path / "new.db")
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(16), context.Queue()
    workers = [context.Process(target=_open_new, args=(path, start, results)) for _ in range(16)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    assert outcomes == ["ok"] * 16
    db = store.connect(path)
    assert [p.slug for p in pilots.list_pilots(db)] == ["demo"]
    assert store.schema_version(db) == store.schema_version(store.connect(tmp_path / "alone.db"))


def test_formula_text_round_trips_through_export_and_import(demo_db, tmp_path):
    pilot = get_pilot(demo_db, "demo")
    payloads = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "'=quoted already", "＝1+1"]
    group = participants.list_participants(demo_db, pilot.id)
    for n, text in enumerate(payloads):
        group.loc[n, "name"] = text
        benefits.record_benefit(demo_db, pilot, Benefit(date="2026-11-20", category="idea", description=text))
    participants.save_participants(demo_db, pilot, group)
    first = export.export_files(demo_db, pilot)
    assert b'"\'=1+1"' in first["participants.csv"]
    copy = store.connect(tmp_path / "copy.db")
    rebuilt = pilots.create_from_toml(copy, first["pilot.toml"].decode())
    participants.import_csv(copy, rebuilt, first["participants.csv"])
    benefits.import_csv(copy, rebuilt, first["benefits.csv"])
    second = export.export_files(copy, rebuilt)
    assert second["participants.csv"] == first["participants.csv"]
    assert second["benefits.csv"] == first["benefits.csv"]
    assert set(payloads) <= set(participants.list_participants(copy, rebuilt.id)["name"])
