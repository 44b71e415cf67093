"""The import calendar (issue 9): each pilot week and channel imported, by hand, missing or not due."""

from __future__ import annotations

import datetime as dt

from pilot.intake import calendar, entries, history, usage
from pilot.intake.calendar import BY_HAND, IMPORTED, MISSING, NOT_DUE
from tests.made_up import add_usage, small_pilot

NAMES = {"tool": "Viva Engage", "replaced": "Email"}


def file_import(db, pilot, week: str, channel: str) -> None:
    """A live file import of a week and channel (the calendar reads the import records only)."""
    row = {"pilot_id": pilot.id, "kind": "file", "file_name": "x.csv", "week": week, "channel": channel}
    db.table("imports").insert(row)


def test_a_week_is_due_from_the_tuesday_after_it_ends():
    assert calendar.due_date(dt.date(2026, 9, 9)) == dt.date(2026, 9, 15)  # Wed of the week of 7 Sep


def test_each_week_and_channel_is_marked_imported_by_hand_missing_or_not_due(fresh_db):
    pilot = small_pilot(fresh_db)  # weeks 1..6 from Mon 7 Sep 2026
    file_import(fresh_db, pilot, "2026-09-07", "tool")  # week 1
    add_usage(fresh_db, pilot, [("ann@example.com", "2026-09-14", 1, 1)])  # week 2, tool, by hand
    entries.enter_group_count(fresh_db, pilot, "2026-09-07", 40)  # week 1, replaced, by hand
    # On Tuesday 22 Sep weeks 1 (7..13 Sep) and 2 (14..20 Sep) are due; week 3 (21..27 Sep) is not.
    cal = calendar.import_calendar(fresh_db, pilot, dt.date(2026, 9, 22))
    assert cal["pilot_week"].tolist() == [1, 2, 3, 4, 5, 6]
    assert cal["tool"].tolist() == [IMPORTED, BY_HAND, NOT_DUE, NOT_DUE, NOT_DUE, NOT_DUE]
    assert cal["replaced"].tolist() == [BY_HAND, MISSING, NOT_DUE, NOT_DUE, NOT_DUE, NOT_DUE]
    assert calendar.missing_weeks(cal) == {"tool": [], "replaced": [2]}
    assert calendar.reminder(cal, NAMES) == "Due and missing: Email week 2. Import them on the Usage page."
    # Monday 21 Sep: week 2 ended on Sunday, but its export is not due before Tuesday.
    early = calendar.import_calendar(fresh_db, pilot, dt.date(2026, 9, 21))
    assert early["replaced"].tolist()[:2] == [BY_HAND, NOT_DUE]
    assert calendar.reminder(early, NAMES) is None


def test_an_undone_import_makes_its_week_missing_again(fresh_db):
    pilot = small_pilot(fresh_db)
    file_import(fresh_db, pilot, "2026-09-07", "replaced")
    history.undo_import(fresh_db, int(usage.list_imports(fresh_db, pilot.id)["id"].iloc[0]))
    cal = calendar.import_calendar(fresh_db, pilot, dt.date(2026, 12, 1))
    assert cal["replaced"].tolist() == [MISSING] * 6
    assert calendar.reminder(cal, NAMES) == (
        "Due and missing: Viva Engage weeks 1, 2, 3, 4, 5, 6; Email weeks 1, 2, 3, 4, 5, 6. "
        "Import them on the Usage page."
    )


def test_the_results_say_when_every_import_so_far_is_baseline(fresh_db):
    """Issue 9, defect 3: right after importing last week's export into a pilot that starts this
    week, the results said 'No usage data yet'."""
    pilot = small_pilot(fresh_db)  # starts Mon 7 Sep 2026
    assert calendar.baseline_note(fresh_db, pilot) is None  # nothing imported: nothing to say
    file_import(fresh_db, pilot, "2026-08-24", "tool")
    assert calendar.baseline_note(fresh_db, pilot).startswith("1 week of baseline stored;")
    file_import(fresh_db, pilot, "2026-08-31", "replaced")
    assert calendar.baseline_note(fresh_db, pilot) == (
        "2 weeks of baseline stored; results start with week 1 on 7 Sep 2026, "
        "once its export is imported (from Tue 15 Sep)."
    )
    add_usage(fresh_db, pilot, [("ann@example.com", "2026-09-07", 1, 1)])
    assert calendar.baseline_note(fresh_db, pilot) is None


def test_every_known_format_has_export_steps_with_the_period_and_the_lag():
    from pilot.intake import howto
    from pilot.intake.formats import FORMATS

    assert set(howto.STEPS) == {f.key for f in FORMATS}
    for key in ("teams", "viva_engage", "email"):
        text = " ".join(howto.export_steps(key))
        assert "7 days" in text and "concealed" in text and "48 hours" in text
    assert "Email column" in " ".join(howto.export_steps("slack"))


def test_the_how_to_opens_on_the_format_of_the_pilot_s_tool():
    from pilot.intake import howto

    names = ["Viva Engage", "Yammer", "Microsoft Teams", "Slack", "Broadcast email", "Confluence wiki"]
    wanted = ["viva_engage", "viva_engage", "teams", "slack", "email", "generic"]
    assert [howto.format_for(n) for n in names] == wanted


def test_the_calendar_shows_each_state_with_its_word(fresh_db):
    pilot = small_pilot(fresh_db)
    entries.enter_group_count(fresh_db, pilot, "2026-09-07", 40)
    cal = calendar.import_calendar(fresh_db, pilot, dt.date(2026, 9, 22))
    shown = calendar.for_display(cal, NAMES)
    assert list(shown.columns) == ["Week", "From", "Due from", "Viva Engage", "Email"]
    assert shown.iloc[0].tolist() == [1, "7 Sep", "Tue 15 Sep", "❌ missing", "✍️ by hand"]
    assert shown.iloc[2].tolist() == [3, "21 Sep", "Tue 29 Sep", "⏳ not due yet", "⏳ not due yet"]


def test_the_home_reminder_names_the_pilots_channels(fresh_db):
    pilot = small_pilot(fresh_db)
    pilot.tool_name, pilot.replaced_name = "Wiki", "Shared drive"
    assert calendar.home_reminder(fresh_db, pilot, dt.date(2026, 9, 15)) == (
        "Due and missing: Wiki week 1; Shared drive week 1. Import them on the Usage page."
    )
    assert calendar.home_reminder(fresh_db, pilot, dt.date(2026, 9, 14)) is None
