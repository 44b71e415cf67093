"""The command line: create, participants, demo; exit 0 or 2 with one line; nothing stored on failure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pilot import cli, store
from pilot.setup import participants, pilots
from tests.conftest import DEMO_DIR, ROOT, run_cli, snapshot

GOOD_TOML = 'name = "Wiki trial"\nstart = 2026-09-07\nend = 2026-11-29\n'


def test_create_prints_the_slug(capsys, db_path):
    code, out, err = run_cli(capsys, "create", "--db", str(db_path), str(DEMO_DIR / "pilot.toml"))
    assert (code, out, err) == (0, "service-desk-micro-blog\n", "")
    db = store.connect(db_path)
    assert pilots.get_pilot(db, "service-desk-micro-blog").sponsor_email == "kira.garcia@example.com"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('name = "x"\nstart = ', "error: The pilot file is not valid TOML: "),
        (
            GOOD_TOML.replace("2026-11-29", "2026-09-01"),
            "error: The end date 2026-09-01 is before the start date",
        ),
        (GOOD_TOML + '[[goals]]\nmetric = "happiness"\nat_least = 1\n', "error: Unknown metric 'happiness'"),
        (GOOD_TOML + "[budget]\ncap = -5\n", "error: The budget cap cannot be negative"),
        (
            GOOD_TOML + '[sponsor]\nemail = "dana"\n',
            "error: The sponsor's email 'dana' is not an email address",
        ),
    ],
)
def test_create_refuses_bad_files_with_one_line(capsys, tmp_path, db_path, toml, message):
    store.connect(db_path).close()
    before = snapshot(db_path)
    (tmp_path / "p.toml").write_text(toml)
    code, out, err = run_cli(capsys, "create", "--db", str(db_path), str(tmp_path / "p.toml"))
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1
    assert snapshot(db_path) == before


def test_create_refuses_a_duplicate_name(capsys, tmp_path, db_path):
    (tmp_path / "p.toml").write_text(GOOD_TOML)
    assert run_cli(capsys, "create", "--db", str(db_path), str(tmp_path / "p.toml"))[0] == 0
    before = snapshot(db_path)
    code, out, err = run_cli(capsys, "create", "--db", str(db_path), str(tmp_path / "p.toml"))
    assert (code, out, err) == (2, "", "error: A pilot named 'Wiki trial' already exists\n")
    assert snapshot(db_path) == before


def test_a_missing_file_is_one_line(capsys, demo_db, db_path):
    code, out, err = run_cli(capsys, "create", "--db", str(db_path), "/nowhere/p.toml")
    assert (code, out, err) == (2, "", "error: No such file: /nowhere/p.toml\n")
    code, out, err = run_cli(
        capsys, "participants", "--db", str(db_path), "--pilot", "demo", "/nowhere/p.csv"
    )
    assert (code, err) == (2, "error: No such file: /nowhere/p.csv\n")


def test_participants_loads_the_group(capsys, tmp_path, db_path):
    (tmp_path / "p.toml").write_text(GOOD_TOML)
    run_cli(capsys, "create", "--db", str(db_path), str(tmp_path / "p.toml"))
    csv = str(DEMO_DIR / "participants.csv")
    code, out, err = run_cli(capsys, "participants", "--db", str(db_path), "--pilot", "wiki-trial", csv)
    assert (code, out, err) == (0, "60 added, 0 updated: 60 participants in 6 departments\n", "")
    code, out, err = run_cli(capsys, "participants", "--db", str(db_path), "--pilot", "wiki-trial", csv)
    assert (code, out) == (0, "0 added, 0 updated: 60 participants in 6 departments\n")


def test_participants_prints_the_group_warnings(capsys, tmp_path, db_path):
    (tmp_path / "p.toml").write_text(GOOD_TOML)
    run_cli(capsys, "create", "--db", str(db_path), str(tmp_path / "p.toml"))
    (tmp_path / "g.csv").write_text(
        "name,email,department,audience,sponsor,champion\nAnn,ann@example.com,Sales,leadership,,\n"
    )
    code, out, err = run_cli(
        capsys, "participants", "--db", str(db_path), "--pilot", "wiki-trial", str(tmp_path / "g.csv")
    )
    assert code == 0
    assert out.splitlines() == [
        "1 added, 0 updated: 1 participant in 1 department",
        "warning: Only 1 department(s) take part (Sales): a pilot needs at least 3",
        "warning: Sales holds 1 of 1 participants (100%): more than half of the group",
        "warning: No sponsor set: pick the executive sponsor on the Pilot page",
        "warning: No champion (key user) is flagged in the group",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,email\nAnn,ann@example.com\n", "error: The participants file lacks the column(s) department,"),
        (
            "name,email,department,audience,sponsor,champion\nAnn,ann@example.com,Sales,boss,,\n"
            "Bo,ANN@example.com,HR,observer,,\n",
            "error: line 2: audience 'boss' is not one of",
        ),
    ],
)
def test_participants_refuses_bad_files_and_stores_nothing(
    capsys, tmp_path, demo_db, db_path, content, message
):
    before = snapshot(db_path)
    (tmp_path / "g.csv").write_text(content)
    code, out, err = run_cli(
        capsys, "participants", "--db", str(db_path), "--pilot", "demo", str(tmp_path / "g.csv")
    )
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1
    assert snapshot(db_path) == before


CP = "The participants file is not CSV text (byte 0xe9 on line 2 is not UTF-8: Windows-1252 or binary?): "
CP += "save it as CSV UTF-8"


def test_participants_refuses_cp1252(capsys, tmp_path, demo_db, db_path):
    before = snapshot(db_path)
    (tmp_path / "g.csv").write_bytes(
        "name,email,department,audience,sponsor,champion\nJosé,jose@example.com,Ops,observer,,\n".encode(
            "cp1252"
        )
    )
    code, out, err = run_cli(
        capsys, "participants", "--db", str(db_path), "--pilot", "demo", str(tmp_path / "g.csv")
    )
    assert (code, err) == (
        2,
        f"error: {CP}\n",
    )
    assert snapshot(db_path) == before


def test_participants_for_an_unknown_pilot(capsys, db_path):
    csv = str(DEMO_DIR / "participants.csv")
    code, out, err = run_cli(capsys, "participants", "--db", str(db_path), "--pilot", "nope", csv)
    assert (code, out, err) == (2, "", "error: No pilot 'nope'\n")


def test_demo_twice_changes_nothing(capsys, db_path):
    assert run_cli(capsys, "demo", "--db", str(db_path)) == (0, "demo\n", "")
    before = snapshot(db_path)
    assert run_cli(capsys, "demo", "--db", str(db_path)) == (0, "demo\n", "")
    assert snapshot(db_path) == before
    db = store.connect(db_path)
    assert len(participants.list_participants(db, pilots.get_pilot(db, "demo").id)) == 60


DESIGN_COMMANDS = [
    "create",
    "participants",
    "benefits",
    "import",
    "metrics",
    "summary",
    "export",
    "demo",
    "training",
    "digest",
    "survey",
    "user",
    "audit",
]
# Issue 11's commands, in the same style: keep data and give it back.
KEEP_COMMANDS = ["backup", "restore", "undo", "redo", "deleted", "undelete", "import-pilot", "erase", "purge"]


def test_the_command_line_is_design_section_7():
    assert sorted(cli.COMMANDS) == sorted(DESIGN_COMMANDS + KEEP_COMMANDS)


@pytest.mark.parametrize("name", DESIGN_COMMANDS + KEEP_COMMANDS)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[name]
    assert "example: python -m pilot " + name in sub.format_help()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"$ python -m pilot {name} --db" in readme.split("## Command line")[1]


def test_python_dash_m_pilot_runs_in_a_real_process(db_path):
    done = subprocess.run(
        [sys.executable, "-m", "pilot", "participants", "--db", str(db_path), "--pilot", "nope", "x.csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "error: No pilot 'nope'\n")


def test_demo_beside_a_pilot_that_took_its_name(capsys, db_path):
    assert run_cli(capsys, "create", "--db", str(db_path), str(DEMO_DIR / "pilot.toml"))[0] == 0
    assert run_cli(capsys, "demo", "--db", str(db_path)) == (0, "demo\n", "")
    db = store.connect(db_path)
    assert [p.name for p in pilots.list_pilots(db)] == [
        "Service desk micro-blog",
        "Service desk micro-blog (demo)",
    ]


@pytest.mark.parametrize("db", ["folder", "not-a-db.csv"])
def test_a_wrong_database_is_one_line(capsys, tmp_path, db):
    (tmp_path / "folder").mkdir()
    (tmp_path / "not-a-db.csv").write_text("name,email\nAnn,ann@example.com\n")
    code, out, err = run_cli(capsys, "demo", "--db", str(tmp_path / db))
    reason = "unable to open database file" if db == "folder" else "file is not a database"
    assert (code, out, err) == (2, "", f"error: Cannot open the database {tmp_path / db}: {reason}\n")
    assert (tmp_path / "not-a-db.csv").read_text() == "name,email\nAnn,ann@example.com\n"
