"""In a real browser: the demo pilot is visible, and a pilot created through the form joins the picker."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_app, wait_idle


def test_the_demo_pilot_is_visible(page: Page, app_url: str):
    open_app(page, app_url)
    expect(page.get_by_role("heading", name="Service desk micro-blog")).to_be_visible()
    expect(page.get_by_text("Viva Engage (enterprise social network)")).to_be_visible()
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Pilot")
    expect(picker).to_have_value("Service desk micro-blog")


def test_a_new_pilot_is_created_in_the_ui_and_appears_in_the_picker(page: Page, app_url: str):
    open_app(page, f"{app_url}/Pilot")
    page.get_by_role("tab", name="New pilot").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Create the pilot"))
    form.get_by_label("Name").fill("Wiki trial")
    form.get_by_label("Tool on trial").fill("Confluence")
    form.get_by_label("Replaced channel").fill("Shared drive")
    form.get_by_label("The rule that makes the trial compulsory").fill("How-tos go on the wiki")
    form.get_by_role("button", name="Create the pilot").click()
    wait_idle(page)
    expect(page.get_by_text("Pilot created: Wiki trial")).to_be_visible()
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Pilot")
    expect(picker).to_have_value("Wiki trial")
    picker.click()
    options = page.get_by_role("option")
    expect(options).to_have_text(["Service desk micro-blog", "Wiki trial"])
    page.keyboard.press("Escape")
    open_app(page, app_url + "/?pilot=wiki-trial")
    expect(page.get_by_role("heading", name="Wiki trial")).to_be_visible()
    expect(page.get_by_text("Confluence (micro-blog)")).to_be_visible()


def test_the_picked_pilot_stays_picked_on_every_page(page: Page, app_url: str):
    """Regression: leaving or opening the Pilot page once switched the picker back to the demo,
    so the next upload went into the wrong pilot."""
    open_app(page, f"{app_url}/Pilot")
    page.get_by_role("tab", name="New pilot").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Create the pilot"))
    form.get_by_label("Name").fill("Wiki trial")
    form.get_by_role("button", name="Create the pilot").click()
    wait_idle(page)
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Pilot")
    for name in ["Usage", "Pilot", "Sample group", "Pilot", "Weekly results", "Go / no-go", "Pilot"]:
        page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
        wait_idle(page)
        expect(picker).to_have_value("Wiki trial")
    picker.click()
    page.get_by_role("option", name="Service desk micro-blog").click()
    wait_idle(page)
    for name in ["Sample group", "Pilot", "Usage"]:
        page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
        wait_idle(page)
        expect(picker).to_have_value("Service desk micro-blog")
