"""In Chromium: the Go / no-go page shows the demo's recommendation, and its download buttons give files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

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
