"""Users, roles, sign-in and the audit trail, through the library and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from pilot import access, store
from pilot.access import Session, read_session, session_token
from pilot.core.errors import PermissionDenied, PilotError, ValidationError
from pilot.core.weeks import pilot_week_number
from pilot.setup import goals, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import get_pilot
from tests.conftest import connect_as, run_cli, snapshot

PASSWORD = "correct horse battery"


def run(capsys, db_path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args, "--db", str(db_path))


def test_user_add_list_remove_from_the_cli(demo_db, db_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = run(
        capsys,
        db_path,
        "user",
        "add",
        "Kira.Garcia@Example.com",
        "--role",
        "owner",
        "--pilot",
        "demo",
        "--name",
        "Kira Garcia",
        "--password-stdin",
    )
    assert (code, err) == (0, "")
    assert out.strip() == "kira.garcia@example.com (Kira Garcia), owner of demo"
    stored = demo_db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2") and PASSWORD not in stored
    assert users.sign_in(demo_db, "KIRA.garcia@example.com ", PASSWORD).name == "Kira Garcia"
    code, out, _ = run(capsys, db_path, "user", "list")
    assert out.splitlines() == [
        "email,name,admin,password,pilot,role",
        "kira.garcia@example.com,Kira Garcia,0,1,demo,owner",
    ]
    code, out, _ = run(capsys, db_path, "user", "remove", "kira.garcia@example.com", "--pilot", "demo")
    assert code == 0
    assert users.list_users(demo_db)["role"].tolist() == [""]


def test_user_add_and_remove_with_the_database_first_as_the_readme_writes_them(demo_db, db_path, capsys):
    """`user add --db DB EMAIL ...` (README) failed: argparse had given EMAIL its empty match."""
    code, out, err = run_cli(
        capsys, "user", "add", "--db", str(db_path), "ceo@example.com", "--role", "viewer", "--pilot", "demo"
    )
    assert (code, err, out.strip()) == (0, "", "ceo@example.com (ceo), viewer of demo")
    code, out, err = run_cli(
        capsys, "user", "remove", "--db", str(db_path), "ceo@example.com", "--pilot", "demo"
    )
    assert (code, err, out.strip()) == (0, "", "ceo@example.com: role on demo removed")
    with pytest.raises(SystemExit):  # anything more is still refused
        run_cli(
            capsys, "user", "add", "--db", str(db_path), "a@example.com", "b@example.com", "--role", "viewer"
        )


def test_the_cli_acts_as_by_with_that_user_s_role(demo_db, db_path, capsys):
    users.add_user(demo_db, "vera@example.com", "viewer", get_pilot(demo_db, "demo"))
    before = snapshot(db_path)
    code, _, err = run(
        capsys,
        db_path,
        "benefits",
        "--pilot",
        "demo",
        "--by",
        "Vera@example.com",
        "data/demo/benefits.csv",
    )
    assert code == 2
    assert err.startswith("error: vera may not change this pilot: your role is viewer")
    assert snapshot(db_path) == before
    code, _, err = run(capsys, db_path, "metrics", "--pilot", "demo", "--as", "nobody@example.com")
    assert (code, err.strip()) == (
        2,
        "error: nobody@example.com: no such user to act as (python -m pilot user list)",
    )


def test_bad_user_input_is_one_message_and_stores_nothing(demo_db, db_path):
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as error:
        users.add_user(demo_db, "not-an-email", "boss", get_pilot(demo_db, "demo"), password="short")
    assert error.value.messages == [
        "'not-an-email' is not an email address",
        "The role must be owner or viewer, not 'boss'",
        "The password needs at least 10 characters",
    ]
    assert snapshot(db_path) == before


def test_only_an_admin_grants_roles(demo_db, db_path):
    pilot = get_pilot(demo_db, "demo")
    owner = connect_as(db_path, "olga@example.com", "owner", pilot)
    with pytest.raises(PermissionDenied):
        users.add_user(owner, "new@example.com", "owner", pilot)
    admin = connect_as(db_path, "ada@example.com", admin=True)
    users.add_user(admin, "new@example.com", "owner", pilot)
    assert users.get_user(demo_db, "NEW@example.com").email == "new@example.com"


def test_sign_in_is_rate_limited_per_user(demo_db):
    users.add_user(demo_db, "kira@example.com", password=PASSWORD)
    users.add_user(demo_db, "omar@example.com", password=PASSWORD)
    for _ in range(users.FREE_ATTEMPTS):
        with pytest.raises(users.SignInRefused, match="Wrong email or password"):
            users.sign_in(demo_db, "kira@example.com", "guess", now=1000.0)
    with pytest.raises(users.SignInRefused, match="Too many attempts"):
        users.sign_in(demo_db, "kira@example.com", PASSWORD, now=1000.5)  # even the right password waits
    assert users.sign_in(demo_db, "omar@example.com", PASSWORD, now=1000.5).email == "omar@example.com"
    assert users.sign_in(demo_db, "kira@example.com", PASSWORD, now=1002.0).email == "kira@example.com"
    with pytest.raises(users.SignInRefused, match="Wrong email or password"):
        users.sign_in(demo_db, "nobody@example.com", PASSWORD)


def test_an_unknown_email_is_checked_against_a_hash_of_today_s_cost():
    assert not users.HASHER.check_needs_rehash(users._DUMMY)  # as slow to refuse as a known email


def test_a_session_token_is_signed_and_expires():
    token = session_token("kira@example.com", "secret", 3600, now=1000.25)
    assert read_session(token, "secret", now=4599) == Session("kira@example.com", 1_000_250)
    assert read_session(token, "secret", now=4601) is None
    assert read_session(token, "other secret", now=2000) is None
    forged = session_token("ada@example.com", "guess", 3600, now=1000)
    assert read_session(forged, "secret", now=2000) is None
    assert read_session("", "secret") is None and read_session("a.b.c", "secret") is None
    body = "a2lyYUBleGFtcGxlLmNvbQ.4600"  # a token from before tokens said when they were issued
    assert read_session(f"{body}.{access._sign(body, 'secret')}", "secret", now=2000) is None


def test_signing_out_ends_every_session_issued_before_wherever_its_cookie_went(demo_db):
    users.add_user(demo_db, "kira@example.com", password=PASSWORD)
    users.add_user(demo_db, "omar@example.com", password=PASSWORD)
    stolen = read_session(session_token("kira@example.com", "secret", 3600), "secret")
    other = read_session(session_token("omar@example.com", "secret", 3600), "secret")
    assert users.session_actor(demo_db, stolen.email, stolen.issued).email == "kira@example.com"
    users.sign_out(demo_db, "Kira@Example.com", now=stolen.issued / 1000 + 1)
    assert users.session_actor(demo_db, stolen.email, stolen.issued) is None
    assert users.session_actor(demo_db, stolen.email, stolen.issued + 999) is None  # just before
    assert users.session_actor(demo_db, stolen.email, stolen.issued + 1000).email == "kira@example.com"
    assert users.session_actor(demo_db, other.email, other.issued).email == "omar@example.com"
    reopened = store.connect(store.path_of(demo_db))  # stored, not kept in this connection
    assert users.session_actor(reopened, stolen.email, stolen.issued) is None


def test_a_new_password_or_removing_the_user_ends_their_sessions(demo_db):
    users.add_user(demo_db, "kira@example.com", password=PASSWORD)
    before = read_session(session_token("kira@example.com", "secret", 3600), "secret")
    users.add_user(demo_db, "kira@example.com", name="Kira Garcia")  # a new name: sessions go on
    assert users.session_actor(demo_db, before.email, before.issued).name == "Kira Garcia"
    users.add_user(demo_db, "kira@example.com", password="another long password")
    assert users.session_actor(demo_db, before.email, before.issued) is None
    again = read_session(session_token("kira@example.com", "secret", 3600), "secret")
    users.remove_user(demo_db, "kira@example.com")
    assert users.session_actor(demo_db, again.email, again.issued) is None
    users.add_user(demo_db, "kira@example.com", password=PASSWORD)  # the same email, a new user
    assert users.session_actor(demo_db, again.email, again.issued) is None


def test_a_sign_out_the_database_refuses_says_so_and_ends_nothing(demo_db, tmp_path):
    users.add_user(demo_db, "kira@example.com", password=PASSWORD)
    session = read_session(session_token("kira@example.com", "secret", 3600), "secret")
    writer = store.connect(store.path_of(demo_db))
    writer.execute("BEGIN IMMEDIATE")  # another process writing, past the busy timeout
    demo_db.execute("PRAGMA busy_timeout=50")
    try:
        with pytest.raises(PilotError, match="The database is busy"):
            users.sign_out(demo_db, "kira@example.com")
    finally:
        writer.execute("ROLLBACK")
    assert users.session_actor(demo_db, session.email, session.issued).email == "kira@example.com"


def test_a_goal_change_after_the_start_is_in_the_audit_and_the_summary(demo_db, db_path, capsys):
    pilot = get_pilot(demo_db, "demo")
    kira = connect_as(db_path, "kira@example.com", "owner", pilot, name="Kira Garcia")
    goal = goals.list_goals(demo_db, pilot.id)[0]
    goals.save_goal(kira, pilot.id, Goal(**{**vars(goal), "target": 0.5, "must": False}))
    code, out, _ = run(capsys, db_path, "audit", "--pilot", "demo", "--format", "json")
    last = json.loads(out)[-1]
    assert (last["who"], last["role"], last["entity"], last["entity_id"], last["action"]) == (
        "Kira Garcia",
        "owner",
        "goal",
        str(goal.id),
        "changed",
    )
    assert json.loads(last["changes"]) == {"must": [1, 0], "target": [0.6, 0.5]}
    code, out, _ = run(capsys, db_path, "summary", "--pilot", "demo", "--format", "md")
    week = pilot_week_number(pilot.start, dt.datetime.now(dt.UTC).date())  # the change was made today
    assert f"- Target of Active rate changed from 60% to 50% in week {week} by Kira Garcia" in out
    assert f"- Must-have of Active rate changed from yes to no in week {week} by Kira Garcia" in out


def test_the_audit_is_an_owner_s_to_read(demo_db, db_path, capsys):
    users.add_user(demo_db, "vera@example.com", "viewer", get_pilot(demo_db, "demo"))
    code, _, err = run(capsys, db_path, "audit", "--pilot", "demo", "--by", "vera@example.com")
    assert code == 2 and "your role is viewer" in err
    code, out, _ = run(capsys, db_path, "audit", "--pilot", "demo")
    lines = out.splitlines()
    assert lines[0] == '"id","at","who","role","via","entity","entity_id","action","changes"'
    assert any('"import","' in line and '"imported"' in line for line in lines)
    assert not any("@example.com" in line for line in lines[1:] if '"participants"' in line)


def test_an_import_is_one_audit_entry_and_undoing_twice_says_so(demo_db, db_path):
    from pilot.intake import history, usage

    pilot = get_pilot(demo_db, "demo")
    imports = usage.list_imports(demo_db, pilot.id)
    rows = demo_db.execute("SELECT count(*) FROM audit WHERE entity = 'import'").fetchone()[0]
    assert rows == len(imports)
    last = int(imports["id"].iloc[0])
    history.undo_import(demo_db, last)
    with pytest.raises(Exception, match=f"Import #{last} was already undone on"):
        history.undo_import(demo_db, last)
    assert store.data_version(demo_db) > 0
