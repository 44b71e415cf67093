"""Sign-in and roles in the pages: what a viewer sees, what an owner sees, local mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import auth
from pilot import store
from pilot.access import Actor
from pilot.setup import goals, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, get_pilot, save_pilot
from tests.app.conftest import HOME, open_page, page

PASSWORD = "correct horse battery"
VIEWER = Actor("ann@example.com", "Ann Lee", "password")
OWNER = Actor("kira@example.com", "Kira Garcia", "password")


@pytest.fixture
def team(app_demo: Path) -> Path:
    """The demo with a viewer (Ann) and an owner (Kira) who sign in with passwords, and a second
    pilot Ann holds no role on."""
    db = store.connect(app_demo)
    demo = get_pilot(db, "demo")
    users.add_user(db, VIEWER.email, "viewer", demo, PASSWORD, name=VIEWER.name)
    users.add_user(db, OWNER.email, "owner", demo, PASSWORD, name=OWNER.name)
    save_pilot(db, Pilot(name="Secret pilot", start=demo.start, end=demo.end, purpose="Nobody else's"))
    db.close()
    return app_demo


def signed_in(script: str, actor: Actor | None, **query: str) -> AppTest:
    at = open_page(script, timeout=60)
    if actor is not None:
        at.session_state[auth.ACTOR_KEY] = actor
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    kinds = ("markdown", "info", "caption", "error")
    return " ".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_a_server_with_users_asks_for_the_password_first(team: Path) -> None:
    at = signed_in(page("3_Usage.py"), None)
    assert at.title[0].value == "Sign in"
    assert not at.get("file_uploader")
    at.text_input(key="sign_in_email").set_value("ANN@example.com")
    at.text_input(key="sign_in_password").set_value("wrong guess")
    at.button[0].click().run()
    assert at.error[0].value == "Wrong email or password"
    at.text_input(key="sign_in_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert at.session_state[auth.ACTOR_KEY].email == "ann@example.com"


def test_a_viewer_reads_the_verdict_and_downloads_but_edits_nothing(team: Path) -> None:
    at = signed_in(page("7_Go_no-go.py"), VIEWER)
    assert "Recommendation" in texts(at) or at.success or at.warning
    keys = {b.proto.id for b in at.get("download_button")}
    assert any("download_pdf" in k for k in keys) and not any("download_zip" in k for k in keys)
    assert not [b for b in at.button if "override" in (b.key or "")]
    assert not at.text_area


def test_a_viewer_s_deep_link_to_an_owners_page_says_so_and_stops(team: Path) -> None:
    for script in ("3_Usage.py", "2_Sample_group.py", "6_People.py", "1_Pilot.py", "9_History.py"):
        at = signed_in(page(script), VIEWER)
        assert at.info[-1].value == (
            "This page is for the pilot's owners: your role on Service desk micro-blog is viewer."
        ), script
        assert not at.get("file_uploader") and not at.dataframe, script


def test_a_viewer_sees_only_their_pilot_and_no_edit_control(team: Path) -> None:
    at = signed_in(page("5_Benefits_and_wins.py"), VIEWER, pilot="secret-pilot")
    assert at.sidebar.selectbox(key="pilot_picker").options == ["Service desk micro-blog"]
    assert [b.key for b in at.button] == ["sign_out"]  # no Record / Save / Delete
    links = [e.proto.label for e in at.sidebar.get("page_link")]
    assert links == ["Home", "Weekly results", "Benefits and wins", "Go / no-go"]


def test_an_owner_sees_every_page_and_the_history_of_a_goal_change(team: Path) -> None:
    db = store.connect(team, actor=OWNER)
    demo = get_pilot(db, "demo")
    goal = goals.list_goals(db, demo.id)[0]
    goals.save_goal(db, demo.id, Goal(**{**vars(goal), "target": 0.5}))
    at = signed_in(page("9_History.py"), OWNER)
    table = at.dataframe[0].value
    assert table.iloc[0][["Who", "Role", "What", "Action"]].tolist() == [
        "Kira Garcia", "owner", f"goal #{goal.id}", "changed",
    ]
    assert table.iloc[0]["Before → after"] == "target: 0.6 → 0.5"
    links = [e.proto.label for e in at.sidebar.get("page_link")]
    assert "Usage" in links and "History" in links


def test_local_mode_refuses_another_computer(app_demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = signed_in(HOME, None)
    assert "Local mode" in " ".join(c.value for c in at.sidebar.caption)
    monkeypatch.setattr(auth, "remote_address", lambda: "192.0.2.10")
    at = signed_in(HOME, None)
    assert at.error[0].value.startswith("This app runs in local mode: it answers this computer only.")
    assert not at.metric
