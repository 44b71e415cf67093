"""The whole pilot round trip: export's data zip -> import-pilot -> export gives the same data files."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from pilot import export, reimport, store
from pilot.core.errors import PilotError
from pilot.intake import entries, kpis
from pilot.results.decision import record_override
from pilot.setup.goals import Goal, save_goal
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits, wins

from .conftest import run_cli, snapshot


def full_demo(db):
    """The demo with every exported table filled: a manual KPI, a group count, a win, a decision,
    and a benefit with departments of its own and a formula-like text."""
    pilot = get_pilot(db, "demo")
    save_goal(db, pilot.id, Goal("manual:Hours to answer", "at_most", 4))
    kpis.save_kpi(db, pilot, "Hours to answer", "2026-09-07", 6.5)
    entries.enter_group_count(db, pilot, "2026-09-14", 31)
    wins.record_win(db, pilot, wins.Win("2026-09-10", "=First answer on the wiki", "kira.garcia@example.com"))
    record_override(db, pilot.id, "Extend", "Wait for the Sales team")
    story = benefits.Benefit("2026-09-08", "idea", "A customer idea", "", ["Customers", "Sales"], 2, "hours")
    benefits.record_benefit(db, pilot, story)
    return pilot


def test_import_pilot_gives_back_equal_data_metrics_and_summary(demo_db, db_path, tmp_path, capsys):
    pilot = full_demo(demo_db)
    zip_path = tmp_path / "demo.zip"  # the command line's round trip: export to a zip, import-pilot
    done = run_cli(capsys, "export", "--db", str(db_path), "--pilot", "demo", "--out", str(zip_path))
    assert done == (0, f"{zip_path}\n", "")
    other = tmp_path / "other.db"
    code, out, err = run_cli(capsys, "import-pilot", "--db", str(other), str(zip_path))
    assert (code, err) == (0, "")
    slug = out.strip()
    copy = store.connect(other)
    first, second = export.export_files(demo_db, pilot), export.export_files(copy, get_pilot(copy, slug))
    assert [n for n in first if first[n] != second[n]] == ["imports.csv"]  # the history is not replayed
    for name in first:
        assert len(first[name].splitlines()) > 1, name  # every file had rows to compare
    for fmt in ("csv", "json"):
        mine = run_cli(capsys, "metrics", "--db", str(db_path), "--pilot", "demo", "--format", fmt)
        theirs = run_cli(capsys, "metrics", "--db", str(other), "--pilot", slug, "--format", fmt)
        assert mine == theirs and mine[0] == 0
    mine = run_cli(capsys, "summary", "--db", str(db_path), "--pilot", "demo", "--format", "json")
    theirs = run_cli(capsys, "summary", "--db", str(other), "--pilot", slug, "--format", "json")
    mine, theirs = json.loads(mine[1]), json.loads(theirs[1])
    for summary in (mine, theirs):  # the slug and id are the new database's own
        del summary["pilot"]["slug"], summary["pilot"]["id"]
    assert mine == theirs


def test_a_bad_zip_stores_nothing(demo_db, tmp_path, capsys):
    pilot = get_pilot(demo_db, "demo")
    files = export.export_files(demo_db, pilot)
    files["wins.csv"] = b"date,email,description\n2026-09-10,nobody@example.com,A win\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"demo/{name}", data)
    bad, not_zip, no_toml = tmp_path / "bad.zip", tmp_path / "x.zip", tmp_path / "empty.zip"
    bad.write_bytes(buffer.getvalue())
    not_zip.write_text("hello")
    with zipfile.ZipFile(no_toml, "w") as archive:
        archive.writestr("demo/usage.csv", files["usage.csv"])
    other = tmp_path / "other.db"
    store.connect(other).close()
    before = snapshot(other)
    for path, words in [(bad, "not in the sample group"), (not_zip, "Not a zip"), (no_toml, "no pilot.toml")]:
        code, _, err = run_cli(capsys, "import-pilot", "--db", str(other), str(path))
        assert code == 2 and words in err, err
    assert snapshot(other) == before
    code, _, err = run_cli(capsys, "import-pilot", "--db", str(tmp_path / "pilot.db"), str(bad))
    assert code == 2 and "already exists" in err


def test_read_zip_refuses_what_unpacks_too_big(monkeypatch):
    monkeypatch.setattr(reimport, "MAX_UNPACKED", 10)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("demo/pilot.toml", "x" * 100)
    with pytest.raises(PilotError, match="unpacks to more than"):
        reimport.read_zip(buffer.getvalue())
