"""In Chromium at 1400 px: the Playbook's charts keep most of their height for the plot."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_app

# The height of a chart's plot area (its frame) as drawn, in CSS pixels: Streamlit fits the whole
# chart (title, axes, legend) into the height the page gives it, so what they take, the plot loses.
PLOT_HEIGHT = """e => {
    const frame = e.querySelector('svg.marks .role-frame > g > path.background');
    return frame ? frame.getBoundingClientRect().height : 0;
}"""


def test_every_playbook_chart_has_a_readable_plot_and_the_pulse_names_its_weeks(page: Page, app_url: str):
    """Walkthrough defect: the pulse chart drew its lines in about 50 px of 320 (ISO dates on end
    under it, the legend below); the other charts of the page keep about 200 px."""
    open_app(page, f"{app_url}/Playbook")
    for tab in ("Engagement", "Training", "Prompts", "Pulse"):
        page.get_by_role("tab", name=tab).click()
        chart = page.get_by_role("tabpanel", name=tab).get_by_test_id("stVegaLiteChart").first
        chart.scroll_into_view_if_needed()
        expect(chart.locator("svg.marks")).to_be_visible()
        assert chart.evaluate(PLOT_HEIGHT) >= 160, tab
    pulse = page.get_by_role("tabpanel", name="Pulse").get_by_test_id("stVegaLiteChart")
    labels = pulse.locator(".role-axis-label text").all_text_contents()
    assert {"21 Sep 2026", "19 Oct 2026", "16 Nov 2026"} <= set(labels)
    assert not [label for label in labels if label.startswith("2026-")]
