"""In Chromium at 1400 px: long text that people typed is read whole, wrapped, never cut off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from pilot import demo, store
from pilot.setup import goals
from pilot.setup.goals import Goal
from pilot.setup.pilots import get_pilot
from pilot.stories import concerns
from pilot.stories.concerns import Concern
from tests.e2e.conftest import open_app, serve, wait_idle

CONCERN = (
    "People in the warehouse read the tool only on the shared terminal at the loading bay, so a "
    "procedure change posted after 3 pm reaches the late shift the next morning at the earliest, "
    "while the broadcast email used to reach their phones at once; we asked for the mobile app."
)
HANDLING = (
    "The mobile app is rolled out to the late shift in week 9, and until then the shift lead reads "
    "the procedure thread aloud at the 6 pm briefing; the champions check it stays that way."
)
KPI = "Hours between a procedure change and the last shift lead confirming their team has read it"


@pytest.fixture
def long_url(tmp_path: Path) -> Iterator[str]:
    """The demo with a long concern, handled at length, and a goal on a long-named manual KPI."""
    db = store.connect(tmp_path / "long.db")
    demo.load(db)
    pilot = get_pilot(db, "demo")
    concerns.record_concern(
        db, pilot, Concern("2026-10-20", CONCERN, "Warehouse late shift", "handled", HANDLING)
    )
    goals.save_goal(db, pilot.id, Goal(f"manual:{KPI}", "at_most", 24))
    db.close()
    with serve(tmp_path / "long.db") as url:
        yield url


def read_whole(table: Locator) -> None:
    """Every cell of the table shows all its text (none cut or scrolled away), and the table is no
    wider than the page gives it (no column pushed out of sight)."""
    expect(table).to_be_visible()
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1"), "the table scrolls sideways"
    for cell in table.locator("td, th").all():
        assert cell.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), cell.inner_text()


def test_the_concerns_log_and_the_goal_table_wrap_long_text(page: Page, long_url: str):
    """Walkthrough defect: at 1400 px the Concerns grid and the Go / no-go goal table cut their text
    off at the column's edge (a grid draws each cell on one line)."""
    open_app(page, f"{long_url}/Benefits_and_wins?pilot=demo")
    page.get_by_role("tab", name="Concerns").click()
    wait_idle(page)
    log = page.get_by_role("tabpanel", name="Concerns").get_by_test_id("stTable")
    expect(log.locator("td").filter(has_text=CONCERN)).to_have_count(1)
    expect(log.locator("td").filter(has_text=HANDLING)).to_have_count(1)
    read_whole(log)
    open_app(page, f"{long_url}/Go_no-go?pilot=demo")
    goal_table = page.get_by_test_id("stTable").filter(has_text="Part in the decision")
    expect(goal_table.locator("td").filter(has_text=KPI)).to_have_count(1)
    read_whole(goal_table)
    read_whole(page.get_by_test_id("stTable").filter(has_text="How it was handled"))
