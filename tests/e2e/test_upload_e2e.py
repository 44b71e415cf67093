"""In Chromium: upload a real weekly export on the Usage page, check the preview, confirm, see it stored."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from pilot import store

from ..conftest import DEMO_DIR
from .conftest import open_app, tile_values, wait_idle

EMAIL = DEMO_DIR / "exports" / "EmailActivityUserDetail_20261122.csv"


def test_upload_preview_confirm(page: Page, app_url: str, tmp_path):
    open_app(page, f"{app_url}/Usage")
    expect(page.get_by_role("heading", name="📥 Usage")).to_be_visible()
    page.locator('input[type="file"]').set_input_files(str(EMAIL))
    wait_idle(page)
    expect(page.get_by_text("Format: Email activity (user detail). Week: 16 Nov 2026.")).to_be_visible()
    expect(tile_values(page)).to_have_text(["320", "60", "260", "0"])
    page.get_by_role("button", name="Confirm and store").click()
    wait_idle(page)
    expect(
        page.get_by_text("Stored: Email activity (user detail); week 16 Nov 2026; channel replaced;")
    ).to_be_visible()
    page.get_by_role("tab", name="Import history").click()
    # #29 replaced #14 (the same week and channel): 28 can be undone, #29 among them, not #14.
    page.get_by_text("Undo an import (28 can be undone)").click()
    expect(page.get_by_text(f"#29 · 16 Nov 2026 · replaced · {EMAIL.name} · 60 matched")).to_be_visible()
    db = store.connect(tmp_path / "e2e.db")
    try:
        stored = db.execute(
            "SELECT file_name, week, channel, rows_matched FROM imports WHERE id = 29"
        ).fetchall()
    finally:
        db.close()
    assert [tuple(r) for r in stored] == [(EMAIL.name, "2026-11-16", "replaced", 60)]
