"""Nothing lost: an undone import comes back with Redo; a deleted goal or benefit is kept and restorable."""

from __future__ import annotations

import pytest

from pilot.core.errors import ImportRefused, NotFound
from pilot.intake import entries, history, usage
from pilot.results import metrics
from pilot.setup import goals
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits

from .conftest import DEMO_DIR, run_cli, snapshot, stored_usage

VIVA = DEMO_DIR / "exports" / "VivaEngageActivityUserDetail_20261025.csv"


def test_undo_then_redo_of_a_replacing_import_is_exact(demo_db, db_path, capsys):
    pilot = get_pilot(demo_db, "demo")
    new = usage.import_file(demo_db, pilot, VIVA, week="2026-11-16")  # replaces the week's report
    new_id = int(usage.list_imports(demo_db, pilot.id)["id"].max())
    stored = snapshot(db_path)
    code, out, err = run_cli(capsys, "undo", "--db", str(db_path), "--pilot", "demo", str(new_id))
    assert (code, err) == (0, "") and "undone" in out
    assert len(demo_db.execute("SELECT * FROM usage_undone").fetchall()) == new.rows_matched
    assert history.redoable(usage.list_imports(demo_db, pilot.id))["id"].tolist() == [new_id]
    code, out, err = run_cli(capsys, "redo", "--db", str(db_path), "--pilot", "demo", str(new_id))
    assert (code, err) == (0, "") and "redone" in out
    redone = snapshot(db_path)
    assert {t: rows for t, rows in redone.items() if t not in ("meta", "audit")} == {
        t: rows for t, rows in stored.items() if t not in ("meta", "audit")
    }
    trail = demo_db.execute("SELECT entity_id, action FROM audit ORDER BY id DESC LIMIT 2").fetchall()
    assert trail == [(str(new_id), "redone"), (str(new_id), "undone")]  # both recorded
    code, _, err = run_cli(capsys, "redo", "--db", str(db_path), "--pilot", "demo", str(new_id))
    assert code == 2 and "not undone" in err


def test_redo_is_refused_once_a_later_import_holds_the_week(demo_db):
    pilot = get_pilot(demo_db, "demo")
    usage.import_file(demo_db, pilot, VIVA, week="2026-11-16")
    first = int(usage.list_imports(demo_db, pilot.id)["id"].max())
    history.undo_import(demo_db, first)
    usage.import_file(demo_db, pilot, VIVA, week="2026-11-16")
    later = first + 1
    assert history.redoable(usage.list_imports(demo_db, pilot.id)).empty
    with pytest.raises(ImportRefused, match=f"Import #{later} replaced .* undo #{later} first"):
        history.redo_import(demo_db, first)
    history.undo_import(demo_db, later)
    history.redo_import(demo_db, first)


def test_undo_and_redo_of_a_hand_entry_and_a_group_count(demo_db):
    pilot = get_pilot(demo_db, "demo")
    week = "2026-11-16"
    before = stored_usage(demo_db, pilot.id)
    manual = entries.enter_usage(demo_db, pilot, "kira.garcia@example.com", week, "tool", 99, 1)
    entered = stored_usage(demo_db, pilot.id)
    group = entries.enter_group_count(demo_db, pilot, week, 7)
    history.undo_import(demo_db, group)
    history.undo_import(demo_db, manual)
    assert stored_usage(demo_db, pilot.id).equals(before)
    assert entries.group_counts(demo_db, pilot.id).empty
    history.redo_import(demo_db, manual)
    history.redo_import(demo_db, group)
    assert stored_usage(demo_db, pilot.id).equals(entered)
    assert entries.group_counts(demo_db, pilot.id).to_dict("records") == [{"week": week, "count": 7}]


def test_a_deleted_goal_keeps_its_benefit_links_and_comes_back(demo_db, db_path, capsys):
    pilot = get_pilot(demo_db, "demo")
    goal = next(g for g in goals.list_goals(demo_db, pilot.id) if g.metric == "substitution")
    tied = benefits.list_benefits(demo_db, pilot.id).query("goal_metric == 'substitution'")["id"].tolist()
    assert tied
    goals.delete_goal(demo_db, pilot.id, goal.id)
    assert goal.id not in [g.id for g in goals.list_goals(demo_db, pilot.id)]
    assert benefits.list_benefits(demo_db, pilot.id).query("goal_metric == 'substitution'").empty
    with pytest.raises(NotFound):
        goals.get_goal(demo_db, pilot.id, goal.id)
    code, out, _ = run_cli(capsys, "deleted", "--db", str(db_path), "--pilot", "demo")
    assert code == 0 and f"goal {goal.id}: Substitution" in out
    undelete = ("undelete", "--db", str(db_path), "--pilot", "demo", "goal", str(goal.id))
    code, out, err = run_cli(capsys, *undelete)
    assert (code, err) == (0, "") and "restored" in out
    assert goals.get_goal(demo_db, pilot.id, goal.id) == goal
    back = benefits.list_benefits(demo_db, pilot.id).query("goal_metric == 'substitution'")["id"].tolist()
    assert back == tied
    code, _, err = run_cli(capsys, *undelete)
    assert code == 2 and "not deleted" in err


def test_a_deleted_benefit_counts_nowhere_until_restored(demo_db):
    pilot = get_pilot(demo_db, "demo")
    before = metrics.weekly(demo_db, pilot.id)["benefits"].tolist()
    listed = benefits.list_benefits(demo_db, pilot.id)
    victim = int(listed["id"].iloc[-1])  # the oldest: it counts in every week
    benefits.delete_benefit(demo_db, pilot.id, victim)
    assert victim not in benefits.list_benefits(demo_db, pilot.id)["id"].tolist()
    assert benefits.deleted_benefits(demo_db, pilot.id)["id"].tolist() == [victim]
    assert metrics.weekly(demo_db, pilot.id)["benefits"].tolist() != before
    with pytest.raises(NotFound, match="was deleted"):
        benefits.get_benefit(demo_db, pilot.id, victim)
    benefits.restore_benefit(demo_db, pilot.id, victim)
    assert benefits.list_benefits(demo_db, pilot.id).equals(listed)
    assert metrics.weekly(demo_db, pilot.id)["benefits"].tolist() == before
