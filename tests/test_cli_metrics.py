"""`python -m pilot metrics`: one row a week, the metric ids as columns, CSV or JSON; errors in one line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from pilot.cli import main
from pilot.core.catalog import METRIC_IDS
from tests.conftest import ROOT, SAMPLES, run_cli, snapshot

SAMPLE = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
EXPECTED = SAMPLE["metrics"]


def test_csv_is_the_default(capsys, demo_db, db_path):
    code, out, err = run_cli(capsys, "metrics", "--db", str(db_path), "--pilot", "demo")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["week", "pilot_week", *METRIC_IDS]
    assert [r["week"] for r in rows] == [e["week"] for e in EXPECTED]
    assert [r["pilot_week"] for r in rows] == [str(n) for n in range(1, 13)]
    first = rows[0]
    assert (first["tool_posts"], first["replaced_volume"], first["sponsor_posts"]) == ("31", "1165", "2")
    assert first["retention"] == ""  # no data: empty
    assert float(first["substitution"]) == EXPECTED[0]["substitution"]
    assert rows[-1]["benefits"] == "12"


def test_json_rows(capsys, demo_db, db_path):
    code, out, _ = run_cli(capsys, "metrics", "--db", str(db_path), "--pilot", "demo", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 12
    assert list(rows[0]) == ["week", "pilot_week", *METRIC_IDS]
    for got, want in zip(rows, EXPECTED, strict=True):
        assert {k: got[k] for k in want} == want  # exact: the same floats, null for no data
    assert rows[0]["retention"] is None
    assert isinstance(rows[0]["tool_posts"], int) and isinstance(rows[0]["active_rate"], float)


def test_by_audience_and_by_department(capsys, demo_db, db_path):
    """Issue 13: `--by audience` gives each audience's weeks, equal to the figures
    tests/samples/make_expected.py computes from the exports; `--by department` the same per department."""
    args = ["metrics", "--db", str(db_path), "--pilot", "demo", "--format", "json"]
    code, out, err = run_cli(capsys, *args, "--by", "audience")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert list(rows[0]) == ["audience", "week", "pilot_week", *METRIC_IDS]
    for audience, weeks in SAMPLE["by_audience"].items():
        got = [r for r in rows if r["audience"] == audience]
        assert [{k: r[k] for k in want} for r, want in zip(got, weeks, strict=True)] == weeks, audience
    assert len(rows) == 5 * 12
    code, out, err = run_cli(capsys, *args[:-2], "--by", "department")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["department", "week", "pilot_week", *METRIC_IDS]
    departments = ["Customer Service", "Engineering", "Finance", "HR", "Marketing", "Sales"]
    assert sorted({r["department"] for r in rows}) == departments and len(rows) == 6 * 12
    assert {r["department_coverage"] for r in rows} <= {"0.0", "1.0"}  # one department: covered or not


def test_pilot_without_usage_prints_only_the_header(capsys, fresh_db, db_path, tmp_path):
    toml = tmp_path / "p.toml"
    toml.write_text('name = "Empty"\nstart = 2026-09-07\nend = 2026-10-04\n', encoding="utf-8")
    assert run_cli(capsys, "create", "--db", str(db_path), str(toml))[1].strip() == "empty"
    code, out, _ = run_cli(capsys, "metrics", "--db", str(db_path), "--pilot", "empty")
    assert (code, out) == (0, '"week","pilot_week",' + ",".join(f'"{m}"' for m in METRIC_IDS) + "\n")
    assert (
        run_cli(capsys, "metrics", "--db", str(db_path), "--pilot", "empty", "--format", "json")[1] == "[]\n"
    )


def test_unknown_pilot_is_one_line_and_changes_nothing(capsys, demo_db, db_path):
    before = snapshot(db_path)
    code, out, err = run_cli(capsys, "metrics", "--db", str(db_path), "--pilot", "nope")
    assert (code, out, err) == (2, "", "error: No pilot 'nope'\n")
    assert snapshot(db_path) == before


def test_unknown_format_is_refused(capsys, demo_db, db_path):
    with pytest.raises(SystemExit) as exit_:
        main(["metrics", "--db", str(db_path), "--pilot", "demo", "--format", "xml"])
    assert exit_.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_help_has_an_example():
    done = subprocess.run(
        [sys.executable, "-m", "pilot", "metrics", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "example: python -m pilot metrics --db data/pilot.db --pilot demo --format json" in done.stdout
