"""In Chromium: the weekly results page on the demo draws its charts, without any error element."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_app, tile, wait_idle


def test_weekly_results_page_draws_the_charts(page: Page, app_url: str):
    open_app(page, f"{app_url}/Weekly_results")
    expect(page.get_by_role("heading", name="📈 Weekly results")).to_be_visible()
    expect(tile(page, "Active rate")).to_contain_text("81.7%")
    expect(page.get_by_text("In week 12 of 12, 81.7% of the sample group used Viva Engage")).to_be_visible()
    group = page.get_by_role("tabpanel", name="Whole group")
    charts = group.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(8)  # 5 of usage, 2 of benefits, the picked goal's own chart
    for i in range(8):
        charts.nth(i).scroll_into_view_if_needed()
        expect(charts.nth(i).locator("canvas, svg.marks").first).to_be_visible()
    expect(group.get_by_test_id("stTable")).to_contain_text("✅ met")
    expect(page.get_by_role("heading", name="Benefits against the goals")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def test_picking_an_earlier_week_changes_the_figures(page: Page, app_url: str):
    open_app(page, f"{app_url}/Weekly_results")
    page.get_by_test_id("stSelectbox").filter(has_text="Week").click()
    page.get_by_role("option", name="Week 8 (from 19 Oct 2026)").click()
    wait_idle(page)
    expect(tile(page, "Active rate")).to_contain_text("88.3%")
    expect(page.get_by_role("tabpanel", name="Whole group").get_by_test_id("stTable")).to_contain_text(
        "📈 on track"
    )


def test_the_by_audience_tab_draws_each_audiences_figures(page: Page, app_url: str):
    """Issue 13: the audience view in a real browser: its table and its two charts drawn."""
    open_app(page, f"{app_url}/Weekly_results")
    page.get_by_role("tab", name="By audience").click()
    panel = page.get_by_role("tabpanel", name="By audience")
    expect(panel.get_by_role("heading", name="Week 12 by audience")).to_be_visible()
    expect(panel.get_by_test_id("stTable")).to_contain_text("observer")
    charts = panel.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2)
    for i in range(2):
        expect(charts.nth(i).locator("canvas, svg.marks").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
