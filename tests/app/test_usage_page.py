"""The Usage page: upload -> preview -> confirm, refusals, undo, manual entry, group count, manual KPI."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from pilot import store
from pilot.intake import calendar, history
from pilot.setup.goals import Goal, save_goal

from ..conftest import DEMO_DIR, ROOT, snapshot
from .conftest import open_page, page, tiles

EMAIL = DEMO_DIR / "exports" / "EmailActivityUserDetail_20261122.csv"


def run() -> AppTest:
    at = open_page(page("3_Usage.py")).run()
    assert not at.exception
    assert at.title[0].value == "📥 Usage"
    return at


def upload(at: AppTest, path, data: bytes | None = None) -> AppTest:
    at.file_uploader[0].set_value((path.name, path.read_bytes() if data is None else data, "text/csv")).run()
    assert not at.exception
    return at


def frame_with(at: AppTest, column: str):
    """The first table on the page with this column (AppTest does not expose a table's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def rows(path, sql: str, params=()) -> list[tuple]:
    db = store.connect(path)
    try:
        return [tuple(r) for r in db.execute(sql, params).fetchall()]
    finally:
        db.close()


def test_history_lists_the_demo_imports_with_an_undo_button_each(app_demo):
    at = run()
    history = frame_with(at, "rows_matched")
    assert len(history) == 28
    assert history.iloc[0][["file_name", "week", "channel", "rows_matched"]].tolist() == [
        "VivaEngageActivityUserDetail_20261122.csv",
        pd.Timestamp("2026-11-16"),  # a date, so the header sorts by it, shown as 16 Nov 2026
        "tool",
        60,
    ]
    grid = next(d for d in at.dataframe if "rows_matched" in d.value.columns)
    columns = json.loads(grid.proto.columns).items()
    shown = {c: f["type_config"]["format"] for c, f in columns if "type_config" in f}
    assert shown == {"week": "D MMM YYYY", "imported_at": "D MMM YYYY HH:mm"}  # 16 Nov 2026 (14:02)
    assert at.text[0].value == (
        "#28 · 16 Nov 2026 · tool · VivaEngageActivityUserDetail_20261122.csv · 60 matched"
    )
    assert len([b for b in at.button if b.key.startswith("usage_undo_")]) == 28


def test_upload_previews_then_stores_only_on_confirm(app_demo):
    at = upload(run(), EMAIL)
    assert [(label, value) for label, (value, _) in tiles(at).items()] == [
        ("Rows read", "320"),
        ("Matched to the group", "60"),
        ("Dropped (not in the group)", "260"),
        ("Participants missing", "0"),
    ]
    assert at.text[0].value == "Format: Email activity (user detail). Week: 16 Nov 2026."
    assert at.radio(key=f"usage_channel_{EMAIL.name}").value == "replaced"
    assert len(frame_with(at, "posts")) == 60
    assert (
        at.warning[0].value == "Confirming replaces what these imports stored for the same week and channel:"
    )
    assert frame_with(at, "imported_at")[["id", "file_name"]].values.tolist() == [[14, EMAIL.name]]
    before = snapshot(app_demo)
    at.run()
    assert snapshot(app_demo) == before  # previewing stores nothing
    at.button(key="usage_confirm").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Stored: Email activity (user detail); week 16 Nov 2026; channel replaced; "
        "320 read, 60 matched, 260 dropped; 0 participants missing"
    )
    assert rows(app_demo, "SELECT id, file_name, week, channel, rows_matched FROM imports WHERE id = 29") == [
        (29, EMAIL.name, "2026-11-16", "replaced", 60)
    ]
    assert len(at.file_uploader) == 1 and frame_with(at, "rows_matched").iloc[0]["id"] == 29


def test_week_and_channel_can_be_changed_before_confirming(app_demo):
    at = upload(run(), EMAIL)
    at.date_input(key=f"usage_week_{EMAIL.name}").set_value(dt.date(2026, 8, 12)).run()
    at.radio(key=f"usage_channel_{EMAIL.name}").set_value("tool").run()
    assert at.text[0].value == "Format: Email activity (user detail). Week: 10 Aug 2026."
    assert at.info[0].value == (  # issue 9: the preview says what a baseline week is for
        "Baseline: 10 Aug 2026 is before the pilot's start (31 Aug 2026). " + calendar.BASELINE_MEANING
    )
    at.button(key="usage_confirm").click().run()
    assert rows(app_demo, "SELECT week, channel, rows_matched FROM imports WHERE id = 29") == [
        ("2026-08-10", "tool", 60)
    ]


def test_a_refused_file_shows_its_message_and_stores_nothing(app_demo):
    before = snapshot(app_demo)
    bad = ROOT / "tests" / "bad_input" / "concealed_upns.csv"
    at = upload(run(), bad)
    assert "has concealed user names" in at.error[0].value
    assert '"Display concealed user, group, and site names in all reports"' in at.error[0].value
    assert [b.key for b in at.button if b.key == "usage_confirm"] == []
    assert snapshot(app_demo) == before


def test_undo_from_the_history(app_demo):
    at = run()
    at.button(key="usage_undo_28").click().run()
    assert not at.exception
    assert at.success[0].value == r"Import \#28 undone."  # escaped Markdown: shows as "#28"
    assert rows(app_demo, "SELECT count(*) FROM usage WHERE import_id = 28") == [(0,)]
    assert [b.key for b in at.button if b.key == "usage_undo_28"] == []


def test_a_replaced_import_is_not_offered_for_undo(app_demo):
    at = upload(run(), EMAIL)
    at.button(key="usage_confirm").click().run()
    assert not at.exception
    # #29 replaced #14 (week 2026-11-16, replaced channel): only #29 can be undone now.
    assert len(frame_with(at, "rows_matched")) == 29
    assert at.expander[-1].label == "↩️ Undo an import (28 can be undone)"
    undo = [b.key for b in at.button if b.key.startswith("usage_undo_")]
    assert "usage_undo_14" not in undo and "usage_undo_29" in undo and len(undo) == 28
    at.button(key="usage_undo_29").click().run()
    assert at.success[0].value == r"Import \#29 undone."
    assert "usage_undo_14" in [b.key for b in at.button]


def test_a_crafted_file_name_stays_text_in_the_message(app_demo):
    """A file name is user input: it must not become a link or a remote image in the error."""
    before = snapshot(app_demo)
    crafted = DEMO_DIR / "![x](http:__evil.example_t.png)[y](http:__evil.example).csv"
    at = run()
    at.file_uploader[0].set_value((crafted.name, b"what,ever\n1,2\n", "text/csv")).run()
    # Every bracket and bang escaped: no link or image can form when Streamlit renders it.
    assert at.error[0].value.startswith(
        r"\!\[x\](http:\_\_evil.example\_t.png)\[y\](http:\_\_evil.example).csv is not a known format."
    )
    assert snapshot(app_demo) == before


def test_manual_entry_group_count_and_manual_kpi(app_demo):
    db = store.connect(app_demo)
    save_goal(db, 1, Goal("manual:Hours to answer", "at_most", 4))
    db.close()
    at = run()
    at.selectbox(key="usage_manual_who").set_value("kira.garcia@example.com")
    at.date_input(key="usage_manual_week").set_value(dt.date(2026, 11, 18))
    at.radio(key="usage_manual_channel").set_value("tool")
    at.number_input(key="usage_manual_posts").set_value(7)
    at.number_input(key="usage_manual_reads").set_value(8)
    at.button(key="usage_manual_save").click().run()
    assert at.success[0].value == "Saved kira.garcia@\u2060example.com's week of 16 Nov 2026 (tool)."
    sql = "SELECT u.posts, u.reads FROM usage u JOIN participants p ON p.id = u.participant_id "
    sql += "WHERE p.email = 'kira.garcia@example.com' AND week = '2026-11-16' AND channel = 'tool'"
    assert rows(app_demo, sql) == [(7, 8)]

    at.date_input(key="usage_group_week").set_value(dt.date(2026, 11, 20))
    at.number_input(key="usage_group_count").set_value(42)
    at.button(key="usage_group_save").click().run()
    assert at.success[0].value == "Saved the group-level count for the week of 16 Nov 2026."
    assert rows(app_demo, "SELECT week, count FROM replaced_counts") == [("2026-11-16", 42)]
    assert frame_with(at, "count").values.tolist() == [[pd.Timestamp("2026-11-16"), 42]]

    at.selectbox(key="usage_kpi_name").set_value("Hours to answer")
    at.date_input(key="usage_kpi_week").set_value(dt.date(2026, 11, 17))
    at.number_input(key="usage_kpi_value").set_value(3.5)
    at.button(key="usage_kpi_save").click().run()
    assert at.success[0].value == "Saved Hours to answer for the week of 16 Nov 2026."
    assert frame_with(at, "value").values.tolist() == [["Hours to answer", pd.Timestamp("2026-11-16"), 3.5]]
    assert not at.exception


def test_the_import_calendar_and_the_export_steps(app_demo):
    """Issue 9: every demo week imported for both channels; the steps for the picked format."""
    at = run()
    [grid] = [t.value for t in at.table if "Due from" in t.value.columns]
    assert list(grid.columns) == ["Week", "From", "Due from", "Viva Engage", "Broadcast email"]
    assert grid["Week"].tolist() == list(range(1, 13))
    assert set(grid["Viva Engage"]) == set(grid["Broadcast email"]) == {"✅ imported"}
    assert not at.warning  # nothing due is missing
    assert at.selectbox(key="usage_howto_format").value == "viva_engage"  # the demo's tool, first
    at.selectbox(key="usage_howto_format").set_value("slack").run()
    steps = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert "Members" in steps and "Email column" in steps


def test_undoing_a_week_shows_it_missing_in_the_calendar(app_demo):
    db = store.connect(app_demo)
    history.undo_import(db, db.execute("SELECT MAX(id) FROM imports WHERE channel = 'tool'").fetchone()[0])
    db.close()
    at = run()
    assert at.warning[0].value == "Due and missing: Viva Engage week 12. Import them on the Usage page."
