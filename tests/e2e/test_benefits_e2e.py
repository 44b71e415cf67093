"""In Chromium: record a benefit through the form on the Benefits and wins page and see it listed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_app, tile, wait_idle

STORY = "Onboarding question answered by Finance in ten minutes"


def test_record_a_benefit_and_see_it_listed(page: Page, app_url: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: dialogs.append(d.message))
    open_app(page, f"{app_url}/Benefits_and_wins")
    # the first run of a new database loads the demo: allow it time on a busy machine
    expect(page.get_by_text("12 of 12 benefits shown.")).to_be_visible(timeout=30_000)
    page.get_by_text("Record a benefit (pilot owner)").click()
    form = page.get_by_test_id("stForm").first
    form.get_by_label("What happened").fill(STORY)
    form.get_by_label("Quantity (optional)").fill("0.5")
    form.get_by_label("Unit (hours, emails...)").fill("hours")
    form.get_by_role("button", name="Record benefit").click()
    wait_idle(page)
    expect(page.get_by_text("Benefit recorded.")).to_be_visible()  # the default 30 s: a busy machine
    expect(page.get_by_text("13 of 13 benefits shown.")).to_be_visible()
    expect(page.get_by_test_id("stTable").locator("td").filter(has_text=STORY)).to_have_count(1)
    expect(tile(page, "Hours")).to_contain_text("22.5")
    expect(page.get_by_test_id("stForm").first.get_by_label("What happened")).to_have_value("")
    assert not dialogs
