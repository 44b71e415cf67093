"""Every page opened by URL as the first request of a fresh server: set up, with the one navigation.

A `pages/` folder app runs a deep-linked page without app.py, so each page must set itself up
(ui.page_setup); AppTest cannot show this, only a real server can.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.app.test_navigation import LABELS
from tests.e2e.conftest import open_app

NAVIGATION = LABELS  # the sidebar's links, as the AppTest of every page expects them
GROUPS = ["Set up", "Run", "Results"]
PAGES = [  # the URL path, and the page's title
    ("", "🧪 Pilot at a glance"),
    ("Pilot", "🧪 Pilot"),
    ("Sample_group", "👥 Sample group"),
    ("Usage", "📥 Usage"),
    ("Playbook", "🧭 Playbook"),
    ("Weekly_results", "📈 Weekly results"),
    ("Benefits_and_wins", "🏆 Benefits and wins"),
    ("People", "🤝 People"),
    ("Go_no-go", "🚦 Go / no-go"),
]


@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p or "Home" for p, _ in PAGES])
def test_a_deep_link_as_the_first_request_gets_the_page_set_up(
    page: Page, app_url: str, path: str, title: str
):
    open_app(page, f"{app_url}/{path}?pilot=demo")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_test_id("stPageLink")).to_have_text(NAVIGATION)
    expect(sidebar.get_by_test_id("stCaptionContainer").filter(has_text="Set up")).to_have_count(1)
    for group in GROUPS:
        expect(sidebar.get_by_text(group, exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # Streamlit's own page list is hidden
    expect(sidebar.get_by_role("combobox", name="Pilot")).to_have_value("Service desk micro-blog")
    assert f"/{path}?pilot=demo" in page.url


def test_the_navigation_opens_a_page_in_the_same_session(page: Page, app_url: str):
    open_app(page, f"{app_url}/Weekly_results?pilot=demo")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Go / no-go").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("🚦 Go / no-go")
    assert "/Go_no-go" in page.url
    page.get_by_test_id("stSidebar").get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("🧪 Pilot at a glance")
