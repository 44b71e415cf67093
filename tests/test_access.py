"""Roles are enforced in pilot/, where every write passes through store.transaction.

The write functions are found in the code (every function that opens `store.transaction`), so a
new one cannot be forgotten: it must get a call below, and that call must be refused to a viewer
and to an owner of another pilot with the database unchanged, and be recorded in the audit trail
when its owner makes it.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import pilot
from pilot import demo, export, privacy, reimport, retention, store
from pilot.core.errors import NotFound, PermissionDenied
from pilot.intake import entries, history, kpis, usage
from pilot.intake.importers import read_report
from pilot.playbook import follow_ups, prompts, recognition, survey, training
from pilot.results import decision
from pilot.setup import goals, participants, pilots, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, get_pilot, list_pilots
from pilot.stories import benefits, concerns, wins
from tests.conftest import DEMO_DIR, connect_as, snapshot

PACKAGE = Path(pilot.__file__).parent
VIEWER, OTHER_OWNER, OWNER = "vera@example.com", "otto@example.com", "olga@example.com"


def opens_transaction(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.With)
        and any(
            isinstance(i.context_expr, ast.Call) and ast.unparse(i.context_expr.func) == "store.transaction"
            for i in n.items
        )
        for n in ast.walk(node)
    )


def write_functions() -> set[str]:
    """module:function of every function in pilot/ that opens store.transaction."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and opens_transaction(node):
                found.add(f"{module}:{node.name}")
    return found


def _week(p: Pilot) -> str:
    return p.weeks[0].isoformat()


def _export(p: Pilot) -> bytes:
    return sorted((DEMO_DIR / "exports").glob("*.csv"))[-1].read_bytes()


# Each write function called on pilot A with arguments its own checks accept: only the role can stop it.
CALLS: dict[str, Callable] = {
    "pilot.demo:load": lambda db, p: demo.load(db),
    "pilot.setup.pilots:save_pilot": lambda db, p: pilots.save_pilot(db, Pilot(**{**vars(p), "purpose": ""})),
    "pilot.setup.pilots:set_archived": lambda db, p: pilots.set_archived(db, p.slug),
    "pilot.setup.goals:save_goal": lambda db, p: goals.save_goal(db, p.id, Goal("tool_posts", "at_least", 5)),
    "pilot.setup.goals:delete_goal": lambda db, p: goals.delete_goal(
        db, p.id, goals.list_goals(db, p.id)[0].id
    ),
    "pilot.setup.participants:import_csv": lambda db, p: participants.import_csv(
        db, p, (DEMO_DIR / "participants.csv").read_bytes()
    ),
    "pilot.setup.participants:save_participants": lambda db, p: participants.save_participants(
        db, p, participants.list_participants(db, p.id)
    ),
    "pilot.setup.users:add_user": lambda db, p: users.add_user(db, "new@example.com", "viewer", p),
    "pilot.setup.users:remove_user": lambda db, p: users.remove_user(db, VIEWER, p),
    "pilot.intake.kpis:save_kpi": lambda db, p: kpis.save_kpi(db, p, "Hours to answer", _week(p), 3.5),
    "pilot.intake.usage:store_import": lambda db, p: usage.store_import(
        db, usage.preview_import(db, p, read_report(_export(p), "EmailActivityUserDetail.csv"))
    ),
    "pilot.intake.history:undo_import": lambda db, p: history.undo_import(
        db, int(history.undoable(usage.list_imports(db, p.id))["id"].iloc[0])
    ),
    "pilot.intake.history:redo_import": lambda db, p: history.redo_import(
        db, int(history.redoable(usage.list_imports(db, p.id))["id"].iloc[0])
    ),
    "pilot.setup.goals:restore_goal": lambda db, p: goals.restore_goal(
        db, p.id, goals.deleted_goals(db, p.id)[0][0].id
    ),
    "pilot.stories.benefits:restore_benefit": lambda db, p: benefits.restore_benefit(
        db, p.id, int(benefits.deleted_benefits(db, p.id)["id"].iloc[0])
    ),
    "pilot.privacy:erase_participant": lambda db, p: privacy.erase_participant(
        db, p, str(participants.list_participants(db, p.id)["email"].iloc[-1])
    ),
    "pilot.privacy:reapply_register": lambda db, p: privacy.reapply_register(
        db, [_erased_in_a_backup(db, p)]
    ),
    "pilot.retention:purge": lambda db, p: retention.purge(db, p, today=dt.date(2027, 12, 31)),
    "pilot.reimport:import_pilot": lambda db, p: reimport.import_pilot(db, _exported_as_a_copy(db, p)),
    "pilot.intake.entries:enter_usage": lambda db, p: entries.enter_usage(
        db, p, p.sponsor_email, _week(p), "tool", 3, 4
    ),
    "pilot.intake.entries:enter_group_count": lambda db, p: entries.enter_group_count(db, p, _week(p), 12),
    "pilot.results.decision:record_override": lambda db, p: decision.record_override(db, p.id, "Go", "Why"),
    "pilot.stories.benefits:record_benefit": lambda db, p: benefits.record_benefit(
        db, p, benefits.Benefit(date=_week(p), category="idea", description="An idea")
    ),
    "pilot.stories.benefits:delete_benefit": lambda db, p: benefits.delete_benefit(
        db, p.id, int(benefits.list_benefits(db, p.id)["id"].iloc[0])
    ),
    "pilot.stories.benefits:import_csv": lambda db, p: benefits.import_csv(
        db, p, (DEMO_DIR / "benefits.csv").read_bytes()
    ),
    "pilot.stories.wins:record_win": lambda db, p: wins.record_win(db, p, wins.Win(_week(p), "First post")),
    "pilot.stories.wins:delete_win": lambda db, p: wins.delete_win(db, p.id, _a_win(db, p)),
    "pilot.stories.concerns:record_concern": lambda db, p: concerns.record_concern(
        db, p, concerns.Concern(_week(p), "Too much time on it")
    ),
    "pilot.stories.concerns:import_csv": lambda db, p: concerns.import_csv(
        db, p, (DEMO_DIR / "concerns.csv").read_bytes()
    ),
    "pilot.playbook.training:record_session": lambda db, p: training.record_session(
        db, p, training.Session(_week(p), "intro", "Posting 101", attendees=[p.sponsor_email])
    ),
    "pilot.playbook.training:import_csv": lambda db, p: training.import_csv(
        db, p, (DEMO_DIR / "training.csv").read_bytes()
    ),
    "pilot.playbook.training:delete_session": lambda db, p: training.delete_session(
        db, p.id, int(training.list_sessions(db, p.id)["id"].iloc[0])
    ),
    "pilot.playbook.follow_ups:record_follow_up": lambda db, p: follow_ups.record_follow_up(
        db, p, follow_ups.FollowUp(_someone(db, p), _week(p), "Talked it through")
    ),
    "pilot.playbook.follow_ups:delete_follow_up": lambda db, p: follow_ups.delete_follow_up(
        db, p.id, int(follow_ups.list_follow_ups(db, p.id)["id"].iloc[0])
    ),
    "pilot.playbook.prompts:assign_prompt": lambda db, p: prompts.assign_prompt(
        db, p, prompts.Prompt(_week(p), "Ask the group a question")
    ),
    "pilot.playbook.prompts:delete_prompt": lambda db, p: prompts.delete_prompt(db, p.id, _a_prompt(db, p)),
    "pilot.playbook.prompts:mark_done": lambda db, p: prompts.mark_done(db, p.id, _a_prompt(db, p), []),
    "pilot.playbook.recognition:set_recognition": lambda db, p: recognition.set_recognition(
        db, p, recognition.EVERY_BADGE
    ),
    "pilot.playbook.survey:import_csv": lambda db, p: survey.import_csv(
        db, p, (DEMO_DIR / "survey.csv").read_bytes()
    ),
}


def _exported_as_a_copy(db: store.Database, p: Pilot) -> bytes:
    """The pilot's data zip, renamed so that importing it makes a new pilot here."""
    files = export.export_files(db, p)
    files["pilot.toml"] = files["pilot.toml"].replace(p.name.encode(), b"A copy")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _erased_in_a_backup(db: store.Database, p: Pilot) -> dict:
    """A register row of the replaced database after a restore: someone of pilot A erased since."""
    email = str(participants.list_participants(db, p.id)["email"].iloc[-1])
    hashed = privacy.email_hash(privacy.key_for(db), email)
    return {"email_hash": hashed, "pilot_slug": p.slug, "was_sponsor": 0, "erased_at": "2026-11-30 09:00:00"}


def _someone(db: store.Database, p: Pilot) -> int:
    return int(participants.list_participants(db, p.id)["id"].iloc[0])


def _a_prompt(db: store.Database, p: Pilot) -> int:
    return int(prompts.list_prompts(db, p.id)["id"].iloc[0])


def _a_win(db: store.Database, p: Pilot) -> int:
    return int(next(db.query("SELECT id FROM wins WHERE pilot_id = ?", [p.id]))["id"])


def test_every_write_function_has_a_call_here():
    assert write_functions() == set(CALLS)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """Pilot A (the demo under another slug, with a manual KPI goal and a win) and pilot B; a
    viewer of A, an owner of B and an owner of A."""
    path = tmp_path_factory.mktemp("access") / "template.db"
    db = store.connect(path)
    a = demo.load(db)
    db.execute("UPDATE pilots SET slug = 'a' WHERE id = ?", [a.id])
    a = get_pilot(db, "a")
    goals.save_goal(db, a.id, Goal("manual:Hours to answer", "at_most", 4))
    wins.record_win(db, a, wins.Win(_week(a), "First answer from another department"))
    follow_ups.record_follow_up(db, a, follow_ups.FollowUp(_someone(db, a), _week(a)))
    goals.delete_goal(db, a.id, goals.save_goal(db, a.id, Goal("tool_posts", "at_least", 9)).id)
    benefits.delete_benefit(db, a.id, int(benefits.list_benefits(db, a.id)["id"].iloc[0]))
    history.undo_import(db, int(history.undoable(usage.list_imports(db, a.id))["id"].iloc[-1]))
    prompts.assign_prompt(db, a, prompts.Prompt(_week(a), "Reply to a post from another department"))
    b = pilots.save_pilot(db, Pilot(name="B", start=a.start, end=a.end))
    users.add_user(db, VIEWER, "viewer", a)
    users.add_user(db, OTHER_OWNER, "owner", b)
    users.add_user(db, OWNER, "owner", a)
    db.close()
    return path


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", [VIEWER, OTHER_OWNER])
def test_a_write_is_refused_to_a_viewer_and_to_an_owner_of_another_pilot(copy: Path, name: str, who: str):
    a = get_pilot(store.connect(copy), "a")
    before = snapshot(copy)
    db = store.connect(copy, actor=users.actor_for(store.connect(copy), who, "password"))
    with pytest.raises(PermissionDenied):
        CALLS[name](db, a)
    assert snapshot(copy) == before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_owner_s_write_is_stored_and_audited(copy: Path, name: str):
    admin_only = name in (
        "pilot.demo:load",
        "pilot.setup.users:add_user",
        "pilot.setup.users:remove_user",
        "pilot.reimport:import_pilot",
        "pilot.privacy:reapply_register",
    )
    who = store.connect(copy).actor.email if admin_only else OWNER
    db = store.connect(copy) if admin_only else connect_as(copy, OWNER)
    a = get_pilot(db, "a")
    audited = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    CALLS[name](db, a)
    rows = list(db.query("SELECT * FROM audit WHERE id > (SELECT ? ) ORDER BY id", [audited]))
    assert rows, f"{name} changed the database without an audit row"
    assert {r["who_email"] for r in rows} == {who}


def test_a_user_sees_only_the_pilots_they_hold_a_role_on(copy: Path):
    viewer = connect_as(copy, VIEWER)
    assert [p.slug for p in list_pilots(viewer)] == ["a"]
    with pytest.raises(PermissionDenied):
        get_pilot(viewer, "b")
    with pytest.raises(NotFound):
        get_pilot(viewer, "no-such-pilot")
    assert {p.name for p in list_pilots(store.connect(copy))} == {"Service desk micro-blog", "B"}


def test_a_removed_role_stops_at_once(copy: Path):
    viewer = connect_as(copy, VIEWER)
    users.remove_user(store.connect(copy), VIEWER, get_pilot(store.connect(copy), "a"))
    assert list_pilots(viewer) == []
