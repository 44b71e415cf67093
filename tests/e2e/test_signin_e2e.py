"""In Chromium, on a real server: sign-in, roles and local mode (issue 10's "Done means")."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from pilot import demo, store
from pilot.setup import users
from tests.e2e.conftest import ROOT, open_app, serve, wait_idle

PASSWORD = "correct horse battery"


@pytest.fixture
def team_url(tmp_path: Path) -> Iterator[str]:
    """A server whose database has users: Ann Lee (viewer) and Kira Garcia (owner), with passwords."""
    path = tmp_path / "team.db"
    db = store.connect(path)
    pilot = demo.load(db)
    users.add_user(db, "ann@example.com", "viewer", pilot, PASSWORD, name="Ann Lee")
    users.add_user(db, "kira@example.com", "owner", pilot, PASSWORD, name="Kira Garcia")
    db.close()
    with serve(path) as url:
        yield url


@pytest.fixture
def fresh(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, email: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("stSidebar").get_by_text(re.compile("^Signed in as"))).to_be_visible()
    wait_idle(page)


def test_a_deep_link_on_a_fresh_server_with_users_gets_the_sign_in(fresh: Page, team_url: str):
    open_app(fresh, f"{team_url}/Usage?pilot=demo")  # the server's very first request
    expect(fresh.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(fresh.get_by_text("Import a weekly report")).to_have_count(0)
    expect(fresh.get_by_test_id("stFileUploader")).to_have_count(0)


def test_signed_in_survives_a_reload_and_a_new_tab(fresh: Page, team_url: str):
    open_app(fresh, f"{team_url}/?pilot=demo")
    sign_in(fresh, "Kira@Example.com")
    fresh.reload()
    wait_idle(fresh)
    expect(fresh.get_by_role("heading", level=1)).to_have_text("🧪 Pilot at a glance")
    expect(fresh.get_by_test_id("stSidebar").get_by_text("Signed in as Kira Garcia")).to_be_visible()
    other = fresh.context.new_page()  # a new tab, straight to a deep link
    open_app(other, f"{team_url}/Usage?pilot=demo")
    expect(other.get_by_role("heading", level=1)).to_have_text("📥 Usage")


def test_signing_out_ends_a_copied_session_cookie_too(browser: Browser, fresh: Page, team_url: str):
    """Sign out deleted the cookie in its own browser only: a copy (another browser, a stolen one)
    signed in until it expired. Now the server refuses every session of the user issued before."""
    open_app(fresh, f"{team_url}/?pilot=demo")
    sign_in(fresh, "kira@example.com")
    fresh.wait_for_function("() => document.cookie.includes('pilot_session=')")  # written by a script
    cookies = [c for c in fresh.context.cookies() if c["name"] == "pilot_session"]
    assert len(cookies) == 1
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other.add_cookies(cookies)  # the same cookie in another browser
        copy = other.new_page()
        open_app(copy, f"{team_url}/Usage?pilot=demo")
        expect(copy.get_by_role("heading", level=1)).to_have_text("📥 Usage")
        fresh.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
        wait_idle(fresh)
        expect(fresh.get_by_role("heading", level=1)).to_have_text("Sign in")
        open_app(copy, f"{team_url}/Usage?pilot=demo")
        expect(copy.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(copy.get_by_test_id("stFileUploader")).to_have_count(0)
    finally:
        other.close()


def test_a_viewer_sees_the_verdict_edits_nothing_and_downloads_the_pdf(
    fresh: Page, team_url: str, tmp_path: Path
):
    open_app(fresh, f"{team_url}/Go_no-go?pilot=demo")
    sign_in(fresh, "ann@example.com")
    expect(fresh.get_by_role("heading", level=1)).to_have_text("🚦 Go / no-go")
    expect(fresh.get_by_text(re.compile("^Recommendation: "))).to_be_visible()
    expect(fresh.get_by_role("button", name="Record decision")).to_have_count(0)
    expect(fresh.get_by_role("button", name="All data (zip)")).to_have_count(0)
    with fresh.expect_download(timeout=60_000) as info:
        fresh.get_by_role("button", name="PDF").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    links = fresh.get_by_test_id("stSidebar").get_by_test_id("stPageLink")
    expect(links).to_have_text(["Home", "Weekly results", "Benefits and wins", "Go / no-go"])
    open_app(fresh, f"{team_url}/Weekly_results?pilot=demo")
    expect(fresh.get_by_role("heading", level=1)).to_have_text("📈 Weekly results")
    expect(fresh.get_by_text("Active rate", exact=True).first).to_be_visible()
    open_app(fresh, f"{team_url}/Usage?pilot=demo")
    expect(fresh.get_by_text("This page is for the pilot's owners: your role on")).to_be_visible()
    expect(fresh.get_by_test_id("stFileUploader")).to_have_count(0)


def test_an_owner_s_goal_change_is_in_history_and_in_the_summary(fresh: Page, team_url: str):
    open_app(fresh, f"{team_url}/Pilot?pilot=demo")
    sign_in(fresh, "kira@example.com")
    fresh.get_by_role("tab", name="Goals").click()
    wait_idle(fresh)
    fresh.get_by_test_id("stSelectbox").filter(has_text="Goal").first.click()
    fresh.get_by_role("option", name="Active rate at least 60%").click()
    wait_idle(fresh)
    target = fresh.get_by_role("spinbutton", name="Target (a rate in %: 60 = 60%)")
    expect(target).to_have_value("60")  # the picked goal's form is drawn: typing now is not redrawn away
    target.fill("50")
    target.press("Tab")
    wait_idle(fresh)
    expect(target).to_have_value("50")
    fresh.get_by_role("button", name="Save the goal").click()
    wait_idle(fresh)
    expect(fresh.get_by_text("Goal saved: Active rate at least 50%")).to_be_visible()
    open_app(fresh, f"{team_url}/History?pilot=demo")
    table = fresh.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    open_app(fresh, f"{team_url}/Go_no-go?pilot=demo")
    expect(
        fresh.get_by_text(
            re.compile("Target of Active rate changed from 60% to 50% in week \\d+ by Kira Garcia")
        )
    ).to_be_visible()


def _start_address() -> str:
    """The address the README's start command (./run.sh) serves on."""
    script = (ROOT / "run.sh").read_text(encoding="utf-8")
    return script.split("--server.address", 1)[1].split()[0]


def listening(port: int) -> set[str]:
    """The local addresses with a socket listening on `port`, read from the kernel's tables (no
    connection is made to any address)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # host order
                found.add(str(ipaddress.ip_address(words)))
    return found


def test_local_mode_binds_to_localhost_and_says_so(browser: Browser, tmp_path: Path):
    with serve(tmp_path / "local.db", _start_address()) as url:
        assert listening(int(url.rsplit(":", 1)[1])) <= {"127.0.0.1", "::1"}
        context = browser.new_context()
        page = context.new_page()
        open_app(page, url)
        expect(page.get_by_test_id("stSidebar").get_by_text(re.compile("Local mode"))).to_be_visible()
        context.close()
