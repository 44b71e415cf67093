"""`python -m pilot benefits`: one library call; exit 2 and one line on bad input, nothing stored."""

from __future__ import annotations

import subprocess
import sys

from pilot import store
from tests.conftest import DEMO_DIR, ROOT, run_cli, snapshot
from tests.made_up import small_pilot


def test_imports_a_file_and_a_second_run_adds_nothing(fresh_db, db_path, capsys):
    small_pilot(fresh_db)
    data = db_path.parent / "benefits.csv"
    data.write_text(
        "date,email,category,description,quantity,unit,goal\n"
        "2026-09-08,bob@example.com,time saved,Saved a meeting,1,hours,tool_posts\n"
        '2026-09-09,,idea,"=HYPERLINK(""http://x"",""y"")",,,\n',
        encoding="utf-8",
    )
    args = ("benefits", "--db", str(db_path), "--pilot", "made-up-pilot", str(data))
    assert run_cli(capsys, *args) == (0, "2 benefits added: 2 benefits in pilot made-up-pilot\n", "")
    assert run_cli(capsys, *args) == (0, "0 benefits added: 2 benefits in pilot made-up-pilot\n", "")
    stored = fresh_db.execute("SELECT description FROM benefits ORDER BY id").fetchall()
    assert stored == [("Saved a meeting",), ('=HYPERLINK("http://x","y")',)]


def test_a_bad_file_exits_2_with_one_line_and_stores_nothing(fresh_db, db_path, capsys):
    small_pilot(fresh_db)
    bad = db_path.parent / "bad.csv"
    bad.write_text(
        "date,email,category,description,quantity,unit,goal\n"
        "2026-09-08,,idea,Fine,,,\n2026-09-09,,magic,Wrong,-1,hours,\n",
        encoding="utf-8",
    )
    before = snapshot(db_path)
    code, out, err = run_cli(capsys, "benefits", "--db", str(db_path), "--pilot", "made-up-pilot", str(bad))
    assert (code, out) == (2, "")
    assert err == (
        "error: Line 3: Unknown category 'magic': use one of time saved, faster answer, fewer emails, "
        "knowledge reuse, cross-team connection, idea, other; Line 3: The quantity cannot be negative (-1)\n"
    )
    assert snapshot(db_path) == before


def test_unknown_pilot_and_missing_file(fresh_db, db_path, capsys):
    small_pilot(fresh_db)
    file = str(DEMO_DIR / "benefits.csv")
    assert run_cli(capsys, "benefits", "--db", str(db_path), "--pilot", "nope", file) == (
        2,
        "",
        "error: No pilot 'nope'\n",
    )
    missing = str(db_path.parent / "missing.csv")
    code, _, err = run_cli(capsys, "benefits", "--db", str(db_path), "--pilot", "made-up-pilot", missing)
    assert (code, err) == (2, f"error: No such file: {missing}\n")


def test_the_demo_file_through_the_real_command(tmp_path):
    db_path = tmp_path / "cli.db"
    python = [sys.executable, "-m", "pilot"]
    subprocess.run([*python, "create", "--db", db_path, DEMO_DIR / "pilot.toml"], check=True, cwd=ROOT)
    people = [*python, "participants", "--db", db_path, "--pilot", "service-desk-micro-blog"]
    subprocess.run([*people, DEMO_DIR / "participants.csv"], check=True, cwd=ROOT, capture_output=True)
    done = subprocess.run(
        [
            *python,
            "benefits",
            "--db",
            db_path,
            "--pilot",
            "service-desk-micro-blog",
            DEMO_DIR / "benefits.csv",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (
        0,
        "12 benefits added: 12 benefits in pilot service-desk-micro-blog\n",
    )
    db = store.connect(db_path)
    assert db.execute("SELECT COUNT(*) FROM benefits WHERE goal_id IS NOT NULL").fetchone()[0] == 6
    db.close()


def test_help_has_an_example():
    done = subprocess.run(
        [sys.executable, "-m", "pilot", "benefits", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0
    assert (
        "example: python -m pilot benefits --db data/pilot.db --pilot demo data/demo/benefits.csv"
        in done.stdout
    )
