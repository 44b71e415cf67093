"""In Chromium, a new owner's first hour (issue 9): create a pilot, enrol 5 people from 3
departments, import last week's export (baseline: said so), and set a goal typed as 60."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from ..conftest import DEMO_DIR
from .conftest import open_app, tile, wait_idle

GROUP = """name,email,department,audience,sponsor,champion
Kira Garcia,kira.garcia@example.com,Customer Service,leadership,true,false
Grace Okafor,grace.okafor@example.com,Customer Service,practitioner,,true
Mona Okafor,mona.okafor@example.com,Sales,management,,true
Chloe Singh,chloe.singh@example.com,Sales,infrastructure,,
Chloe Rossi,chloe.rossi@example.com,Engineering,practitioner,,true
"""
EXPORT = DEMO_DIR / "exports" / "VivaEngageActivityUserDetail_20261122.csv"  # a week before any new pilot


def sidebar_link(page: Page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
    wait_idle(page)


def test_a_new_pilot_with_5_people_in_3_departments_and_its_first_export(
    page: Page, app_url: str, tmp_path: Path
):
    open_app(page, f"{app_url}/Pilot")
    page.get_by_role("tab", name="New pilot").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Create the pilot"))
    form.get_by_label("Name").fill("Service desk wiki")
    form.get_by_label("Tool on trial").fill("Viva Engage")
    form.get_by_label("Replaced channel").fill("Broadcast email")
    form.get_by_label("The rule that makes the trial compulsory").fill("Procedures go on Viva Engage")
    form.get_by_label("or the sponsor's email, before the sample group exists").fill(
        "kira.garcia@example.com"
    )
    form.get_by_role("button", name="Create the pilot").click()
    wait_idle(page)
    expect(
        page.get_by_text("Pilot created: Service desk wiki. Next step: enrol the sample group")
    ).to_be_visible()

    sidebar_link(page, "Sample group")
    page.get_by_role("tab", name="Upload a CSV").click()
    group_file = tmp_path / "participants.csv"
    group_file.write_text(GROUP, encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(group_file))
    wait_idle(page)
    page.get_by_role("button", name="Confirm the import").click()
    wait_idle(page)
    expect(page.get_by_text("Imported participants.csv: 5 added, 0 updated")).to_be_visible()
    expect(tile(page, "Participants")).to_contain_text("5")
    expect(tile(page, "Departments")).to_contain_text("3")

    sidebar_link(page, "Pilot")
    expect(
        page.get_by_text("☑ done: Enrol the sample group (5 participants in 3 departments)")
    ).to_be_visible()
    expect(page.get_by_text("Next step: set the sponsor's goals")).to_be_visible()

    sidebar_link(page, "Usage")
    page.locator('input[type="file"]').set_input_files(str(EXPORT))
    wait_idle(page)
    expect(page.get_by_text("A baseline week is a week before the pilot's start.")).to_be_visible()
    page.get_by_role("button", name="Confirm and store").click()
    wait_idle(page)
    sidebar_link(page, "Weekly results")
    expect(page.get_by_text("1 week of baseline stored; results start with week 1 on")).to_be_visible()


def test_a_goal_typed_as_60_is_60_percent_and_the_page_stays_on_goals(page: Page, app_url: str):
    open_app(page, f"{app_url}/Pilot")
    page.get_by_role("tab", name="Goals").click()
    wait_idle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Metric").click()
    page.get_by_role("option", name="Contributor rate").click()
    target = page.get_by_role("spinbutton", name="Target (a rate in %: 60 = 60%)")
    target.fill("60")
    page.get_by_role("button", name="Save the goal").click()
    wait_idle(page)
    expect(page.get_by_text("Goal saved: Contributor rate at least 60%")).to_be_visible()
    expect(page.get_by_role("tab", name="Goals")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("at least 60%", exact=True).first).to_be_attached()
