"""In Chromium, on a real server: sign-in through an identity provider (Streamlit's st.login, OIDC).

The provider is oidc-provider-mock on 127.0.0.1; its authorization page takes the subject the
user signs in as, and gives the claims it was told for that subject. The server's `[auth]` is a
secrets file of its own (`--secrets.files`), so the repository's .streamlit holds nothing of it.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from pilot import demo, store
from pilot.setup import users
from tests.e2e.conftest import free_port, open_app, running, serve, wait_idle

LOOPBACK = re.compile(r"^https?://127\.0\.0\.1:\d+/")


@dataclass(frozen=True)
class Servers:
    app: str
    provider: str

    def claims(self, sub: str, **claims: str) -> None:
        """What the provider says about `sub` when they sign in (its PUT /users/SUB)."""
        request = urllib.request.Request(
            f"{self.provider}/users/{sub}",
            data=json.dumps(claims).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """The provider, and the app configured to sign in through it over a database where Ann Lee
    views the demo pilot and Kira Garcia owns it (no passwords: the provider vouches for them)."""
    tmp = tmp_path_factory.mktemp("oidc")
    port = free_port()
    provider = f"http://127.0.0.1:{port}"
    mock = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    db = store.connect(tmp / "team.db")
    pilot = demo.load(db)
    users.add_user(db, "ann@example.com", "viewer", pilot, name="Ann Lee")
    users.add_user(db, "kira@example.com", "owner", pilot, name="Kira Garcia")
    db.close()
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # Streamlit fills in its port
        'cookie_secret = "a test secret that is long enough for the cookie"\n'
        'client_id = "pilot-dashboard"\n'
        'client_secret = "a test client secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with (
        running(mock, f"{provider}/.well-known/openid-configuration", tmp / "provider.log", {}),
        serve(tmp / "team.db", "127.0.0.1", "--secrets.files", str(secrets)) as app,
    ):
        yield Servers(app, provider)


@pytest.fixture
def fresh(browser: Browser) -> Iterator[Page]:
    """A new browser profile that reaches loopback only (the provider's page links a stylesheet
    on a CDN)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def loopback_only(route: Route) -> None:
        if LOOPBACK.match(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", loopback_only)
    page = context.new_page()
    yield page
    context.close()


def sign_in_with_the_provider(page: Page, servers: Servers, sub: str) -> None:
    """Open the app, press Sign in, and authorize as `sub` on the provider's page."""
    open_app(page, f"{servers.app}/?pilot=demo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilot dashboard")
    expect(page.get_by_test_id("stSidebar").get_by_text(re.compile("^Signed in as"))).to_have_count(0)
    authorize(page, servers, sub)


def authorize(page: Page, servers: Servers, sub: str) -> None:
    """Press the app's Sign in, and authorize as `sub` on the provider's page."""
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{servers.provider}/oauth2/authorize?*")
    expect(page.get_by_text("You will be redirected to http://127.0.0.1:")).to_be_visible()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{servers.app}/**")  # the callback, then the app (a refusal has no title to wait for)


def sign_out_at_the_provider(page: Page, servers: Servers, where: Locator) -> None:
    """Press Sign out in `where`, end the session on the provider's page, and be back at Sign in."""
    where.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{servers.provider}/oauth2/end_session?*")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{servers.app}/**")
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilot dashboard")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_viewer_signs_in_with_the_provider_and_sees_the_viewer_pages(fresh: Page, servers: Servers):
    servers.claims("ann-lee-0042", email="Ann@Example.com", name="A. Lee (from the provider)")
    sign_in_with_the_provider(fresh, servers, "ann-lee-0042")  # the email claim names her, not the subject
    sidebar = fresh.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Signed in as Ann Lee")).to_be_visible()
    expect(fresh.get_by_role("heading", level=1)).to_have_text("🧪 Pilot at a glance")
    expect(sidebar.get_by_test_id("stPageLink")).to_have_text(
        ["Home", "Weekly results", "Benefits and wins", "Go / no-go"]
    )
    open_app(fresh, f"{servers.app}/Go_no-go?pilot=demo")  # a deep link: still signed in
    expect(fresh.get_by_text(re.compile("^Recommendation: "))).to_be_visible()
    expect(fresh.get_by_role("button", name="Record decision")).to_have_count(0)
    open_app(fresh, f"{servers.app}/Usage?pilot=demo")
    expect(fresh.get_by_text("This page is for the pilot's owners: your role on")).to_be_visible()
    expect(fresh.get_by_test_id("stFileUploader")).to_have_count(0)


def test_an_owner_signs_in_with_the_provider_sees_every_page_and_signs_out(fresh: Page, servers: Servers):
    sign_in_with_the_provider(fresh, servers, "kira@example.com")  # the provider's email is the subject
    sidebar = fresh.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Signed in as Kira Garcia")).to_be_visible()
    expect(sidebar.get_by_test_id("stPageLink")).to_have_text([
        "Home", "Pilot", "Sample group", "Usage", "Playbook",
        "Weekly results", "Benefits and wins", "People", "Go / no-go", "History",
    ])
    open_app(fresh, f"{servers.app}/Usage?pilot=demo")
    expect(fresh.get_by_role("heading", level=1)).to_have_text("📥 Usage")
    expect(fresh.get_by_test_id("stFileUploader").first).to_be_visible()
    sign_out_at_the_provider(fresh, servers, sidebar)
    open_app(fresh, f"{servers.app}/Usage?pilot=demo")
    expect(fresh.get_by_role("heading", level=1)).to_have_text("Pilot dashboard")
    expect(fresh.get_by_test_id("stFileUploader")).to_have_count(0)


def test_someone_with_no_role_here_is_refused_politely_and_can_switch_accounts(fresh: Page, servers: Servers):
    sign_in_with_the_provider(fresh, servers, "omar@example.com")
    refusal = "omar@\u2060example.com has no role here: ask an admin to grant you one."  # no mailto: link
    expect(fresh.get_by_test_id("stAlertContentError")).to_have_text(refusal)
    expect(fresh.get_by_test_id("stSidebar").get_by_test_id("stPageLink")).to_have_count(0)
    expect(fresh.get_by_text("Pilot at a glance")).to_have_count(0)
    sign_out_at_the_provider(fresh, servers, fresh.get_by_test_id("stMain"))  # not stuck with that account
    authorize(fresh, servers, "kira@example.com")
    expect(fresh.get_by_test_id("stSidebar").get_by_text("Signed in as Kira Garcia")).to_be_visible()
