"""Plain text everywhere (issue 10), as Chromium renders it: a pilot whose every typed text is
Markdown, HTML and a formula (tests/hostile_pilot.py), every page and every tab of it opened, every
tooltip hovered. No link or image from that text, no request to its host, no script run, and no
colour, bold or other styling formed from it: it reads as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import ui
from pilot import store
from tests.e2e.conftest import open_app, serve, wait_idle
from tests.hostile_pilot import SLUG, hostile_pilot

PATHS = [  # the URL path of each page in the navigation: "" (Home), "Pilot", ... "Go_no-go"
    "" if item.path == "app.py" else re.sub(r"^\d+_", "", Path(item.path).stem) for item in ui.NAVIGATION
]
LEAKS = "a[href*='evil'], a[href^='mailto:'], img[src*='evil'], img[src='x'], [onerror]"
STYLED = (  # what Markdown styles: bold, italics, strike-through, code, colours
    "strong, em, b, del, code, mark, .stMarkdownColoredText, [data-testid=stMarkdownContainer] [style*=color]"
)
SHOWN_AS_TYPED = (
    ':red[bold] **b** <img src=x onerror=alert(1)> =HYPERLINK("https://evil.example") boss@evil.example'
)


@pytest.fixture
def hostile_url(tmp_path: Path) -> Iterator[str]:
    db = store.connect(tmp_path / "hostile.db")
    hostile_pilot(db)
    db.close()
    with serve(tmp_path / "hostile.db") as url:
        yield url


def test_every_page_shows_typed_markdown_and_html_as_plain_text(browser: Browser, hostile_url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "evil" in r.url else None)
    page.on("dialog", lambda d: requests.append(f"dialog {d.message}"))
    try:
        for path in PATHS:
            open_app(page, f"{hostile_url}/{path}?pilot={SLUG}")
            tabs = page.get_by_test_id("stMain").get_by_role("tab")
            for n in range(max(tabs.count(), 1)):  # only the open tab's content is in the page
                if tabs.count():
                    tabs.nth(n).click()
                    wait_idle(page)
                where = f"{path or 'Home'}, tab {n + 1}"
                assert_plain(page, where)
        assert requests == []
    finally:
        context.close()


def assert_plain(page: Page, where: str) -> None:
    """No link, image or handler, no styling formed from the text; the text shown as typed."""
    expect(page.locator(LEAKS), where).to_have_count(0)
    styled = [e.inner_text().strip() for e in page.locator(STYLED).all()]
    assert [s for s in styled if s in ("", "bold", "b")] == [], where  # `:red[bold]`, `**b**` formed
    typed = page.locator("body").inner_text() + " ".join(
        page.locator("input, textarea").evaluate_all("(els) => els.map((e) => e.value)")
    )
    assert SHOWN_AS_TYPED in typed.replace("\u2060", ""), where  # the word joiner that breaks autolinks
    for icon in page.get_by_test_id("stTooltipIcon").all():
        if icon.is_visible():
            icon.hover()
            tooltip = page.get_by_test_id("stTooltipContent")
            expect(tooltip.locator(LEAKS), where).to_have_count(0)
            expect(tooltip.locator(STYLED), where).to_have_count(0)


TYPED_EMAIL = "Agreed with ann.lee@example.com (mailto:ann.lee@example.com) to try it for a month"


def test_an_email_typed_or_named_in_a_message_is_no_mailto_link(page: Page, app_url: str):
    """GitHub-flavoured Markdown makes a bare `name@example.com` a mailto: link, as it does a bare
    URL: an owner's typed reason on Go / no-go, and People's message naming the participant of a
    one-on-one, read as plain text, the email as typed."""
    open_app(page, f"{app_url}/Go_no-go?pilot=demo")
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Record decision"))
    form.get_by_label("Reason").fill(TYPED_EMAIL)
    form.get_by_role("button", name="Record decision").click()
    wait_idle(page)
    reason = page.get_by_test_id("stAlertContentInfo").filter(has_text="Agreed with")
    expect(reason).to_have_count(1)
    assert TYPED_EMAIL in reason.inner_text().replace("\u2060", "")
    expect(page.locator("a[href^='mailto:']")).to_have_count(0)
    open_app(page, f"{app_url}/People?pilot=demo")
    page.get_by_text("Record a one-on-one").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Record"))
    form.get_by_label("Note").fill(TYPED_EMAIL)
    form.get_by_role("button", name="Record").click()
    wait_idle(page)
    done = page.get_by_test_id("stAlertContentSuccess")
    expect(done).to_have_text(re.compile(r"^One-on-one with .+ \(\S+@\S*example\.com\) recorded$"))
    expect(page.locator("a[href^='mailto:']")).to_have_count(0)
