"""In Chromium: Home opens on the verdict with its reasons and risks, the PDF one click away."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import open_app


def test_home_shows_the_verdict_its_reasons_and_risks(page: Page, app_url: str, tmp_path: Path) -> None:
    open_app(page, app_url)
    verdict = page.get_by_test_id("stAlertContentSuccess")
    expect(verdict).to_contain_text("Recommendation: Go")
    expect(verdict).to_contain_text("All 2 must-have goals were met at their due week.")
    expect(verdict.get_by_text("Active rate at least 60%: met (81.7%)")).to_be_visible()
    expect(verdict.get_by_text("Substitution at least 30%: met (35.2%)")).to_be_visible()
    risks = page.get_by_test_id("stMarkdown").filter(has_text="Risks beside the verdict")
    expect(risks).to_contain_text("Go, but the data export path is not tested")
    expect(risks).to_contain_text("Broadcast email still carries most traffic: 84% of posts in week 12.")
    page.get_by_role("button", name="Definitions").click()
    expect(page.get_by_text("Tool posts ÷ (tool posts + replaced volume)", exact=False)).to_be_visible()
    page.keyboard.press("Escape")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download the PDF summary").click()
    assert info.value.suggested_filename == "demo-summary-week-12.pdf"
    path = tmp_path / "summary.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert sum(len(p.images) for p in PdfReader(path).pages) >= 5  # the charts: Home's own summary has none
    expect(page.get_by_test_id("stException")).to_have_count(0)
