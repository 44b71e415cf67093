"""In Chromium: the Go / no-go page shows the demo's recommendation, and its download buttons give files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from pilot.report import render
from pilot.report import summary as report
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits
from pilot.stories.benefits import Benefit
from tests.e2e.conftest import open_app


def download(page: Page, label: str, tmp_path: Path) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label, exact=True).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return info.value.suggested_filename, path.read_bytes()


def test_download_the_pdf_json_and_data_from_the_go_no_go_page(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    open_app(page, f"{app_url}/Go_no-go")
    expect(page.get_by_text("Recommendation: Go", exact=True)).to_be_visible()
    expect(page.get_by_text("All 2 must-have goals were met at their due week.")).to_be_visible()

    page.get_by_test_id("stDataFrame").first.hover()  # tables offer no raw CSV download
    expect(page.get_by_test_id("stElementToolbar").first).to_be_visible()
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)

    name, data = download(page, "PDF", tmp_path)
    assert name == "demo-summary-week-12.pdf"
    assert data.startswith(b"%PDF-") and len(data) > 10_000

    name, data = download(page, "JSON", tmp_path)
    assert name == "demo-summary-week-12.json"
    assert json.loads(data)["decision"]["recommendation"] == "Go"

    name, data = download(page, "All data (zip)", tmp_path)
    assert name == "demo-export.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "demo/usage.csv" in archive.namelist()
        assert archive.read("demo/participants.csv").decode("utf-8-sig").count("\n") == 61


def test_the_html_summary_opens_offline_and_runs_nothing(browser, demo_db, tmp_path: Path) -> None:
    """Opened in Chromium: no request leaves the file, no script runs, and the charts are drawn."""
    pilot = get_pilot(demo_db, "demo")
    for text in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']:
        benefits.record_benefit(
            demo_db, pilot, Benefit("2026-11-20", "idea", text, quantity=99, unit="hours")
        )
    summary = report.build(demo_db, pilot)
    path = tmp_path / "summary.html"
    path.write_bytes(render.render(summary, "html"))
    context = browser.new_context()
    page = context.new_page()
    requests, dialogs = [], []
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort()
    )
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert [u for u in requests if not u.startswith("data:")] == [path.as_uri()]
    assert dialogs == []
    expect(page.get_by_text("<script>alert(1)</script>", exact=True)).to_be_visible()
    drawn = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert drawn == [True] * len(summary.charts)
    context.close()
