"""AppTest set-up: each test gets its own database file and empty Streamlit caches."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import auth
from pilot import demo, store
from pilot.access import Actor, now_ms

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PILOT_DB points at an empty (schema only) database unless a test loads the demo."""
    path = tmp_path / "app.db"
    monkeypatch.setenv("PILOT_DB", str(path))
    monkeypatch.chdir(ROOT)
    store.connect(path).close()
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


@pytest.fixture
def app_demo(app_db: Path) -> Path:
    db = store.connect(app_db)
    demo.load(db)
    db.close()
    return app_db


HOME = "app.py"


def page(name: str) -> str:
    """A page script relative to app.py, e.g. page('1_Pilot.py')."""
    return f"pages/{name}"


def open_page(script: str, timeout: int = 30) -> AppTest:
    """The app as a browser's deep link opens it: app.py is the entry point (so the navigation's
    links resolve), `script` (HOME or from `page`) the page that runs."""
    at = AppTest.from_file(str(ROOT / HOME), default_timeout=timeout)
    if script != HOME:
        at.switch_page(script)
    return at


def signed_in_as(at: AppTest, actor: Actor) -> AppTest:
    """`actor` signed in to the session with a password, as the sign-in form leaves it: who, and
    when their session began (a sign-out ends the sessions begun before it)."""
    at.session_state[auth.ACTOR_KEY] = actor
    at.session_state[auth.ISSUED_KEY] = now_ms()
    return at


def run_page(script: str, timeout: int = 30) -> AppTest:
    """Run a page once: every page test starts here, and no page may raise."""
    at = open_page(script, timeout).run()
    assert not at.exception
    return at


def tiles(at: AppTest) -> dict[str, tuple[str, str | None]]:
    """Figures drawn by ui.box and ui.tile: label -> (value, change or None), e.g. ("81.7%", "+1.6 pts")."""
    found = {}
    for m in at.markdown:
        parts = m.value.split("\n\n")
        if parts[0].startswith(":gray[") and len(parts) > 1 and parts[1].startswith("### "):
            change = (
                parts[2].removeprefix(":green[↑ ").removeprefix(":red[↓ ").rstrip("]")
                if len(parts) > 2
                else None
            )
            found[parts[0][6:-1]] = (parts[1][4:], change)
    return found
