"""Storing weekly usage: matching, replacing, undoing, atomicity, manual entry, group counts, manual KPIs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pilot import store
from pilot.core.errors import ImportRefused, ValidationError
from pilot.intake import entries, history, kpis, usage
from pilot.intake.importers import read_report
from pilot.setup import participants
from pilot.setup.goals import Goal, save_goal
from pilot.setup.pilots import create_from_toml

from .conftest import DEMO_DIR, ROOT, SAMPLES, snapshot, stored_usage

EXPORTS = DEMO_DIR / "exports"
VIVA = EXPORTS / "VivaEngageActivityUserDetail_20261025.csv"
EMAIL = EXPORTS / "EmailActivityUserDetail_20261025.csv"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())


@pytest.fixture
def group_db(db_path: Path):
    """The demo pilot and its sample group of 60, with no usage yet."""
    db = store.connect(db_path)
    pilot = create_from_toml(db, (DEMO_DIR / "pilot.toml").read_text())
    participants.import_csv(db, pilot, (DEMO_DIR / "participants.csv").read_bytes())
    yield db, pilot
    db.close()


def file_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def group_emails() -> set[str]:
    return {r["email"].lower() for r in file_rows(DEMO_DIR / "participants.csv")}


def test_demo_weeks_match_expected_tool_posts_and_replaced_volume(demo_db):
    frame = stored_usage(demo_db, 1)
    sums = frame.groupby(["week", "channel"])["posts"].sum()
    for m in EXPECTED["metrics"]:
        assert sums[(m["week"], "tool")] == m["tool_posts"]
        assert sums[(m["week"], "replaced")] == m["replaced_volume"]
    assert sorted(frame["week"].unique())[:3] == ["2026-08-17", "2026-08-24", "2026-08-31"]
    imports = usage.list_imports(demo_db, 1)
    assert len(imports) == 28
    assert set(imports["rows_read"]) == {320}
    assert set(imports["rows_matched"]) == {60} and set(imports["rows_dropped"]) == {260}
    assert set(imports["missing"]) == {0}


def test_stored_rows_are_the_group_rows_of_the_file(group_db):
    db, pilot = group_db
    preview = usage.import_file(db, pilot, VIVA)
    stored = stored_usage(db, pilot.id)
    want = {
        r["User Principal Name"]: (int(r["Posted Count"]), int(r["Read Count"]) + int(r["Liked Count"]))
        for r in file_rows(VIVA)
        if r["User Principal Name"] in group_emails()
    }
    assert {r.email: (r.posts, r.reads) for r in stored.itertuples()} == want
    assert set(stored["week"]) == {"2026-10-19"} and set(stored["channel"]) == {"tool"}
    assert preview.baseline_weeks == []
    # Non-participants are never stored, not even their emails.
    everyone = {r["User Principal Name"] for r in file_rows(VIVA)}
    dump = "\n".join(db.conn.iterdump())
    assert [e for e in everyone - group_emails() if e in dump] == []


def test_missing_participants_and_counts(group_db):
    db, pilot = group_db
    text = VIVA.read_bytes().decode("utf-8-sig")
    gone = ["kira.garcia@example.com", "mona.okafor@example.com", "chloe.rossi@example.com"]
    kept = [line for line in text.splitlines() if line.split(",")[1] not in gone]
    preview = usage.preview_import(db, pilot, read_report("\n".join(kept).encode(), "subset.csv"))
    assert (preview.rows_read, preview.rows_matched, preview.rows_dropped) == (317, 57, 260)
    assert preview.missing == sorted(gone)
    usage.store_import(db, preview)
    record = next(db.query("SELECT * FROM imports"))
    assert json.loads(record["missing"]) == sorted(gone)
    assert (record["rows_read"], record["rows_matched"], record["rows_dropped"]) == (317, 57, 260)


def test_channel_follows_the_pilot_and_can_be_overridden(group_db):
    db, pilot = group_db
    teams = SAMPLES / "other-formats" / "TeamsUserActivityUserDetail_20261122.csv"
    channel = {
        p.name: usage.preview_import(db, pilot, read_report(p.read_bytes(), p.name)).channels
        for p in (VIVA, EMAIL, teams)
    }
    assert list(channel.values()) == [["tool"], ["replaced"], ["tool"]]
    override = usage.preview_import(db, pilot, read_report(EMAIL.read_bytes(), EMAIL.name), channel="tool")
    assert override.channels == ["tool"]


def test_baseline_weeks_are_flagged(group_db):
    db, pilot = group_db
    path = EXPORTS / "VivaEngageActivityUserDetail_20260830.csv"
    preview = usage.import_file(db, pilot, path)
    assert preview.baseline_weeks == ["2026-08-24"]
    assert "week 2026-08-24 (baseline)" in preview.summary()
    moved = usage.import_file(db, pilot, VIVA, week="2026-08-19")
    assert moved.weeks == ["2026-08-17"] and moved.baseline_weeks == ["2026-08-17"]


def without(snap: dict, *tables: str) -> dict:
    return {t: rows for t, rows in snap.items() if t not in tables}


def test_reimporting_the_same_file_changes_no_usage(group_db, db_path):
    db, pilot = group_db
    first = usage.import_file(db, pilot, VIVA)
    assert first.replaces.empty
    before = snapshot(db_path)
    again = usage.import_file(db, pilot, VIVA)
    assert again.replaces[["id", "file_name", "week", "channel"]].values.tolist() == [
        [1, VIVA.name, "2026-10-19", "tool"]
    ]
    after = snapshot(db_path)
    # Decided: usage is the same rows, now carried by the new import; the imports log gains that import;
    # the old rows wait in usage_replaced so that undoing the new import restores them.
    assert without(after, "usage", "usage_replaced", "imports", "meta", "audit") == without(
        before, "usage", "usage_replaced", "imports", "meta", "audit"
    )
    assert [r[:6] for r in after["usage"]] == [r[:6] for r in before["usage"]]
    assert {r[6] for r in after["usage"]} == {2}
    assert len(after["imports"]) == 2 and after["imports"][0] == before["imports"][0]
    assert sorted(r[1:] for r in after["usage_replaced"]) == sorted(before["usage"])
    history.undo_import(db, 2)
    undone = snapshot(db_path)
    assert undone["usage"] == before["usage"] and undone["usage_replaced"] == []


def test_import_then_undo_restores_the_previous_state_exactly(group_db, db_path):
    db, pilot = group_db
    usage.import_file(db, pilot, VIVA)
    entries.enter_group_count(db, pilot, "2026-10-19", 40)
    before = snapshot(db_path)
    other = EXPORTS / "VivaEngageActivityUserDetail_20261101.csv"
    new_id = usage.store_import(
        db, usage.preview_import(db, pilot, read_report(other.read_bytes(), other.name), week="2026-10-19")
    )
    assert snapshot(db_path)["usage"] != before["usage"]
    history.undo_import(db, new_id)
    after = snapshot(db_path)
    skip = ("imports", "meta", "usage_undone", "audit")
    assert without(after, *skip) == without(before, *skip)
    assert {r[-1] for r in after["usage_undone"]} == {new_id}  # kept for a redo
    assert after["imports"][:2] == before["imports"]
    assert after["imports"][2][0] == new_id and after["imports"][2][-1] is not None  # undone_at
    with pytest.raises(ImportRefused, match=f"Import #{new_id} was already undone"):
        history.undo_import(db, new_id)


def test_undo_is_refused_while_a_later_import_of_the_week_is_live(group_db):
    db, pilot = group_db
    first = usage.import_file(db, pilot, VIVA)
    usage.import_file(db, pilot, VIVA)
    assert first.rows_matched == 60
    with pytest.raises(
        ImportRefused, match=r"Import #2 replaced the week 2026-10-19 \(tool\) after #1: undo #2 first"
    ):
        history.undo_import(db, 1)
    history.undo_import(db, 2)
    history.undo_import(db, 1)
    assert stored_usage(db, pilot.id).empty
    assert db.execute("SELECT count(*) FROM usage_replaced").fetchone()[0] == 0


def test_a_failure_half_way_stores_nothing(group_db, db_path, monkeypatch):
    db, pilot = group_db
    usage.import_file(db, pilot, EMAIL)
    before = snapshot(db_path)
    real, calls = usage._usage_row, []

    def failing(*args):
        calls.append(1)
        if len(calls) > 30:
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(usage, "_usage_row", failing)
    with pytest.raises(OSError, match="disk full"):
        usage.import_file(db, pilot, EMAIL)
    assert len(calls) == 31
    assert snapshot(db_path) == before


def test_a_bad_row_inside_the_insert_rolls_everything_back(group_db, db_path):
    db, pilot = group_db
    preview = usage.preview_import(db, pilot, read_report(VIVA.read_bytes(), VIVA.name))
    preview.rows.loc[40, "posts"] = -1  # the CHECK constraint fails on the 41st row
    before = snapshot(db_path)
    with pytest.raises(Exception, match="CHECK constraint failed"):
        usage.store_import(db, preview)
    assert snapshot(db_path) == before


def test_generic_file_with_two_weeks_and_both_channels(group_db):
    db, pilot = group_db
    text = (
        "week,email,channel,posts,reads\n"
        "2026-09-02,kira.garcia@example.com,tool,3,4\n"
        "2026-09-02,kira.garcia@example.com,replaced,7,9\n"
        "2026-09-09,mona.okafor@example.com,tool,1,0\n"
        "2026-09-09,stranger@example.com,tool,5,5\n"
    )
    preview = usage.import_file(db, pilot, text.encode(), "usage.csv")
    assert (preview.rows_read, preview.rows_matched, preview.rows_dropped) == (4, 3, 1)
    imports = usage.list_imports(db, pilot.id)
    assert imports[
        ["week", "channel", "rows_read", "rows_matched", "rows_dropped", "missing"]
    ].values.tolist() == [
        ["2026-09-07", "tool", 2, 1, 1, 59],
        ["2026-08-31", "tool", 1, 1, 0, 59],
        ["2026-08-31", "replaced", 1, 1, 0, 59],
    ]
    with pytest.raises(ImportRefused, match="names the week and channel on each row"):
        usage.import_file(db, pilot, text.encode(), "usage.csv", channel="tool")


def test_only_imports_that_undo_accepts_are_undoable(group_db):
    db, pilot = group_db
    usage.import_file(db, pilot, VIVA)  # 1, replaced by 2
    usage.import_file(db, pilot, VIVA)  # 2
    usage.import_file(db, pilot, EMAIL)  # 3: another channel
    entries.enter_group_count(db, pilot, "2026-10-20", 40)  # 4: group counts apart from per-person rows
    entries.enter_group_count(db, pilot, "2026-10-21", 35)  # 5, replaces 4
    assert history.undoable(usage.list_imports(db, pilot.id))["id"].tolist() == [5, 3, 2]
    history.undo_import(db, 2)
    assert history.undoable(usage.list_imports(db, pilot.id))["id"].tolist() == [5, 3, 1]
    for import_id in range(1, 6):  # whatever is not offered is refused by undo, and the other way round
        offered = import_id in history.undoable(usage.list_imports(db, pilot.id))["id"].tolist()
        try:
            history.undo_import(db, import_id)
        except ImportRefused:
            assert not offered, import_id
        else:
            assert offered, import_id


def test_manual_entry_replaces_one_person_and_can_be_undone(group_db):
    db, pilot = group_db
    usage.import_file(db, pilot, VIVA)
    before = stored_usage(db, pilot.id)
    manual_id = entries.enter_usage(db, pilot, " Kira.Garcia@Example.com", "2026-10-22", "tool", 11, 12)
    after = stored_usage(db, pilot.id).set_index("email")
    assert after.loc["kira.garcia@example.com", ["posts", "reads", "import_id"]].tolist() == [
        11,
        12,
        manual_id,
    ]
    assert len(after) == 60
    assert usage.list_imports(db, pilot.id).iloc[0][["kind", "format", "rows_matched"]].tolist() == [
        "manual",
        "entered by hand",
        1,
    ]
    history.undo_import(db, manual_id)
    assert stored_usage(db, pilot.id).equals(before)


def test_manual_entry_checks_everything_at_once(group_db, db_path):
    db, pilot = group_db
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as e:
        entries.enter_usage(db, pilot, "nobody@example.com", "2026-10-22", "fax", -1, 2.5)
    assert e.value.messages == [
        "posts must be a whole number, 0 or more, not -1",
        "reads must be a whole number, 0 or more, not 2.5",
        "The channel must be tool or replaced, not 'fax'",
        "nobody@example.com is not a participant of this pilot",
    ]
    assert snapshot(db_path) == before


def test_group_count_replaces_and_undo_restores(group_db):
    db, pilot = group_db
    entries.enter_group_count(db, pilot, "2026-09-02", 120)
    second = entries.enter_group_count(db, pilot, "2026-09-06", 95)
    assert entries.group_counts(db, pilot.id).values.tolist() == [["2026-08-31", 95]]
    history.undo_import(db, second)
    assert entries.group_counts(db, pilot.id).values.tolist() == [["2026-08-31", 120]]
    with pytest.raises(ValidationError, match="count must be a whole number, 0 or more, not -4"):
        entries.enter_group_count(db, pilot, "2026-09-02", -4)


def test_manual_kpis(group_db):
    db, pilot = group_db
    save_goal(db, pilot.id, Goal("manual:Hours to answer", "at_most", 4))
    assert kpis.manual_kpi_names(db, pilot.id) == ["Hours to answer"]
    kpis.save_kpi(db, pilot, "Hours to answer", "2026-09-03", 6.5)
    kpis.save_kpi(db, pilot, "Hours to answer", "2026-09-10", 5)
    kpis.save_kpi(db, pilot, "Hours to answer", "2026-09-11", 4.5)  # corrects the same week
    assert kpis.kpi_frame(db, pilot.id).values.tolist() == [
        ["Hours to answer", "2026-08-31", 6.5],
        ["Hours to answer", "2026-09-07", 4.5],
    ]
    with pytest.raises(ValidationError) as e:
        kpis.save_kpi(db, pilot, "Cups of tea", "2026-09-10", float("nan"))
    assert e.value.messages == [
        "No goal 'manual:Cups of tea' in this pilot: add the goal first",
        "The value of Cups of tea must be a finite number, not nan",
    ]


def test_cli_import_prints_one_summary_line(group_db, db_path):
    db, pilot = group_db
    out = subprocess.run(
        [sys.executable, "-m", "pilot", "import", "--db", str(db_path), "--pilot", pilot.slug, str(EMAIL)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "Email activity (user detail); week 2026-10-19; channel replaced; "
        "320 read, 60 matched, 260 dropped; 0 participants missing\n"
    )
    again = subprocess.run(
        [sys.executable, "-m", "pilot", "import", "--db", str(db_path), "--pilot", pilot.slug]
        + ["--channel", "tool", "--week", "2026-08-20", str(EMAIL)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert again.stdout.startswith("Email activity (user detail); week 2026-08-17 (baseline); channel tool;")


KILLED_HALF_WAY = """
import sys, time
from pathlib import Path
from pilot import store
from pilot.intake import usage
from pilot.setup.pilots import get_pilot

real, calls = usage._usage_row, []

def slow(*args):
    calls.append(1)
    if len(calls) == 30:
        Path(sys.argv[2]).write_text("half way")
        time.sleep(120)
    return real(*args)

usage._usage_row = slow
db = store.connect(sys.argv[1])
usage.import_file(db, get_pilot(db, sys.argv[3]), sys.argv[4])
"""


def test_a_process_killed_half_way_stores_nothing(group_db, db_path, tmp_path):
    db, pilot = group_db
    usage.import_file(db, pilot, EMAIL)
    before, flag = snapshot(db_path), tmp_path / "half-way"
    args = [sys.executable, "-c", KILLED_HALF_WAY, str(db_path), str(flag), pilot.slug, str(VIVA)]
    proc = subprocess.Popen(args, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert flag.read_text() == "half way"
    finally:
        proc.kill()
        proc.wait()
    assert snapshot(db_path) == before
    check = store.connect(db_path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
