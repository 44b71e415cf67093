"""The whole pilot round trip: export's data zip -> import-pilot -> export gives the same data files."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from pilot import export, reimport, store
from pilot.core.errors import PilotError
from pilot.intake import entries, kpis
from pilot.playbook import follow_ups, prompts, training
from pilot.results.decision import record_override
from pilot.setup import participants
from pilot.setup.goals import Goal, save_goal
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits, wins

from .conftest import run_cli, snapshot

PLAYBOOK = ["training.csv", "prompts.csv", "follow_ups.csv", "survey.csv"]


def full_demo(db):
    """The demo with every exported table filled: a manual KPI, a group count, a win, a decision,
    a benefit with departments of its own and a formula-like text, and beside the demo's playbook
    a training session nobody came to, a prompt for the owner to mark that nobody has done yet
    and a follow-up, with formula-like text."""
    pilot = get_pilot(db, "demo")
    training.record_session(db, pilot, training.Session("2026-10-14", "office hours", "=Ask anything"))
    prompt = prompts.Prompt("2026-10-26", "@Share a tip", audience="observer", from_data=False)
    prompts.assign_prompt(db, pilot, prompt)
    ids = participants.ids_by_email(db, pilot.id)
    note = follow_ups.FollowUp(ids["kira.garcia@example.com"], "2026-10-20", "-2 posts; try again")
    follow_ups.record_follow_up(db, pilot, note)
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
    assert set(PLAYBOOK) < set(first)
    for name in first:
        assert len(first[name].splitlines()) > 1, name  # every file had rows to compare
    for fmt in ("csv", "json"):
        mine = run_cli(capsys, "metrics", "--db", str(db_path), "--pilot", "demo", "--format", fmt)
        theirs = run_cli(capsys, "metrics", "--db", str(other), "--pilot", slug, "--format", fmt)
        assert mine == theirs and mine[0] == 0
    mine = run_cli(capsys, "summary", "--db", str(db_path), "--pilot", "demo", "--format", "json")
    theirs = run_cli(capsys, "summary", "--db", str(other), "--pilot", slug, "--format", "json")
    mine, theirs = json.loads(mine[1]), json.loads(theirs[1])
    for summary in (mine, theirs):  # the slug and id are the new database's own; `generated` is
        del summary["pilot"]["slug"], summary["pilot"]["id"], summary["generated"]  # the clock's minute
    assert mine == theirs


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"demo/{name}", data)
    return buffer.getvalue()


def test_a_bad_zip_stores_nothing(demo_db, tmp_path, capsys):
    pilot = get_pilot(demo_db, "demo")
    files = export.export_files(demo_db, pilot)
    kira, stranger = "kira.garcia@example.com", "nobody@example.com"
    bad_files = {  # a bad row in any one file, the playbook's last ones included
        "wins.csv": f"date,email,description\n2026-09-10,{stranger},A win\n",
        "prompts.csv": f"week,text,from_data,done_by\n2026-09-07,Say hi,false,{kira}; {stranger}\n",
        "follow_ups.csv": f"date,email,note\n2026-09-15,{stranger},Coffee\n",
    }
    cases = []
    for name, text in bad_files.items():
        path = tmp_path / f"bad_{name}.zip"
        path.write_bytes(zipped({**files, name: text.encode()}))
        cases.append((path, "not in the sample group"))
    not_zip, no_toml = tmp_path / "x.zip", tmp_path / "empty.zip"
    not_zip.write_text("hello")
    no_toml.write_bytes(zipped({"usage.csv": files["usage.csv"]}))
    other = tmp_path / "other.db"
    store.connect(other).close()
    before = snapshot(other)
    for path, words in [*cases, (not_zip, "Not a zip"), (no_toml, "no pilot.toml")]:
        code, _, err = run_cli(capsys, "import-pilot", "--db", str(other), str(path))
        assert code == 2 and words in err, err
    assert snapshot(other) == before
    code, _, err = run_cli(capsys, "import-pilot", "--db", str(tmp_path / "pilot.db"), str(cases[0][0]))
    assert code == 2 and "already exists" in err


def test_read_zip_refuses_what_unpacks_too_big(monkeypatch):
    monkeypatch.setattr(reimport, "MAX_UNPACKED", 10)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("demo/pilot.toml", "x" * 100)
    with pytest.raises(PilotError, match="unpacks to more than"):
        reimport.read_zip(buffer.getvalue())
