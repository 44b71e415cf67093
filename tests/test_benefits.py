"""Benefits: the demo's stories tied to the right goals, validation all at once, re-import, hostile text."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from pilot import store
from pilot.core.errors import NotFound, ValidationError
from pilot.setup.goals import Goal
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits
from pilot.stories.benefits import Benefit
from tests.conftest import DEMO_DIR, snapshot
from tests.made_up import small_pilot

HEADER = b"date,email,category,description,quantity,unit,goal\n"


@pytest.fixture
def pilot(fresh_db):
    return small_pilot(fresh_db)


def test_demo_file_imports_twelve_benefits_tied_to_their_goals(demo_db):
    pilot = get_pilot(demo_db, "demo")
    frame = benefits.list_benefits(demo_db, pilot.id)
    assert len(frame) == 12
    tied = frame.set_index("date")["goal_metric"].to_dict()
    assert {d for d, m in tied.items() if m == "substitution"} == {
        "2026-09-03",
        "2026-09-21",
        "2026-10-09",
        "2026-10-27",
    }
    assert {d for d, m in tied.items() if m == "sponsor_posts"} == {"2026-09-15", "2026-10-21"}
    assert sum(m == "" for m in tied.values()) == 6
    goal_ids = {g["metric"]: g["id"] for g in demo_db.query("SELECT id, metric FROM goals")}
    first = frame[frame["date"] == "2026-09-03"].iloc[0]
    assert first["goal_id"] == goal_ids["substitution"]
    assert (first["email"], first["name"], first["departments"]) == (
        "sami.haddad@example.com",
        "Sami Haddad",
        "HR",
    )
    assert (first["category"], first["quantity"], first["unit"]) == ("time saved", 6.0, "hours")
    assert benefits.totals_by_unit(frame) == {"emails": 80.0, "hours": 22.0}
    assert list(frame["date"]) == sorted(frame["date"], reverse=True)


def test_reimporting_the_same_file_adds_nothing(demo_db, db_path):
    pilot = get_pilot(demo_db, "demo")
    before = snapshot(db_path)
    data = (DEMO_DIR / "benefits.csv").read_bytes()
    assert benefits.import_csv(demo_db, pilot, data) == 0
    after = snapshot(db_path)
    assert after["benefits"] == before["benefits"]
    # one new row among the old ones: only it is added
    extra = data + b"2026-11-10,,idea,A brand new idea,,,\n"
    assert benefits.import_csv(demo_db, pilot, extra) == 1
    assert len(benefits.list_benefits(demo_db, pilot.id)) == 13


def test_identical_rows_in_one_file_are_stored_once(fresh_db, pilot):
    row = b"2026-09-08,bob@example.com,idea,Same story,,,\n"
    assert benefits.import_csv(fresh_db, pilot, HEADER + row + row) == 1


def test_every_problem_is_reported_at_once_and_nothing_is_stored(fresh_db, pilot, db_path):
    data = HEADER + (
        b"2026-09-08,bob@example.com,time saved,Fine row,2,hours,active_rate\n"
        b"08/09/2026,nobody@example.com,magic,,-3,,retention\n"
        b"2026-02-30,,idea,Bad day,5,,\n"
        b"2026-12-01,,other,After the pilot,,hours,\n"
        b"2026-09-09,,other,Not a number,lots,hours,\n"
    )
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as e:
        benefits.import_csv(fresh_db, pilot, data)
    assert e.value.messages == [
        "Line 3: '08/09/2026' is not a date like 2026-09-14",
        "Line 3: Unknown category 'magic': use one of time saved, faster answer, fewer emails, "
        "knowledge reuse, cross-team connection, idea, other",
        "Line 3: Say what happened: the description is empty",
        "Line 3: 'nobody@example.com' is not in the sample group: "
        "leave who blank for a story from outside it",
        "Line 3: The quantity cannot be negative (-3)",
        "Line 3: A quantity needs a unit, e.g. hours or emails",
        "Line 3: 'retention' is not the metric of a goal of this pilot (its goals: active_rate, tool_posts)",
        "Line 4: '2026-02-30' is not a date like 2026-09-14",
        "Line 4: A quantity needs a unit, e.g. hours or emails",
        "Line 5: 2026-12-01 is outside the pilot (2026-09-07 to 2026-10-18)",
        "Line 5: A unit needs a quantity: give both, or neither",
        "Line 6: The quantity 'lots' is not a number",
    ]
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The benefits file is empty"),
        (HEADER, "The benefits file has a header but no data rows"),
        (b"when,who\n2026-09-08,bob\n", "The benefits file lacks the column(s) date, category, description"),
        (b"PK\x03\x04\x00\x00binary", "The benefits file is not CSV text (an Excel workbook or a zip"),
        (
            HEADER + "2026-09-08,,idea,caf\xe9,,,\n".encode("latin-1"),
            "(byte 0xe9 on line 2 is not UTF-8: Windows-1252",
        ),
    ],
)
def test_unreadable_files_are_refused(fresh_db, pilot, db_path, data, message):
    before = snapshot(db_path)
    with pytest.raises(ValidationError, match=re.escape(message)):
        benefits.import_csv(fresh_db, pilot, data)
    assert snapshot(db_path) == before


def test_bom_semicolons_crlf_and_column_order_are_accepted(fresh_db, pilot):
    data = (
        "\ufeffGoal;Unit;Quantity;Description;Category;Email;Date\r\n"
        ";emails;12;Café news;Fewer emails;BOB@example.com ;2026-09-10\r\n"
    )
    assert benefits.import_csv(fresh_db, pilot, data.encode("utf-8")) == 1
    row = benefits.list_benefits(fresh_db, pilot.id).iloc[0]
    assert (row["email"], row["departments"], row["category"], row["description"]) == (
        "bob@example.com",
        "Sales",
        "fewer emails",
        "Café news",
    )


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "<script>alert(1)</script>", "+cmd|' /C calc'!A0", "Saved $5 and $3"],
)
def test_hostile_text_is_stored_verbatim(fresh_db, pilot, text):
    benefits.record_benefit(fresh_db, pilot, Benefit("2026-09-08", "other", text))
    quoted = '"' + text.replace('"', '""') + '"'
    benefits.import_csv(fresh_db, pilot, HEADER + f"2026-09-09,,idea,{quoted},,,\n".encode())
    assert list(benefits.list_benefits(fresh_db, pilot.id)["description"]) == [text, text]


def test_an_exported_formula_quote_is_undone_on_import(fresh_db, pilot):
    benefits.import_csv(fresh_db, pilot, HEADER + b"2026-09-09,,idea,'=1+1,,,\n")
    assert benefits.list_benefits(fresh_db, pilot.id)["description"].tolist() == ["=1+1"]


def test_record_edit_and_delete(fresh_db, pilot):
    goal_id = next(fresh_db.query("SELECT id FROM goals WHERE metric = 'tool_posts'"))["id"]
    b = benefits.record_benefit(
        fresh_db,
        pilot,
        Benefit("2026-09-08", "time saved", " Saved a meeting ", "di@example.com", [], 1.5, "Hours", goal_id),
    )
    assert (b.description, b.departments, b.unit) == ("Saved a meeting", ["Engineering"], "hours")
    b.departments, b.quantity = ["Sales", "Finance"], 2
    benefits.record_benefit(fresh_db, pilot, b)
    row = benefits.list_benefits(fresh_db, pilot.id).iloc[0]
    assert (row["departments"], row["quantity"], row["goal_metric"]) == ("Sales; Finance", 2.0, "tool_posts")
    benefits.delete_benefit(fresh_db, pilot.id, b.id)
    assert benefits.list_benefits(fresh_db, pilot.id).empty
    with pytest.raises(NotFound):
        benefits.delete_benefit(fresh_db, pilot.id, b.id)


def test_a_story_from_outside_the_group_has_no_who(fresh_db, pilot):
    b = benefits.record_benefit(
        fresh_db, pilot, Benefit("2026-09-08", "idea", "A customer's idea", "", ["Customers"])
    )
    row = benefits.list_benefits(fresh_db, pilot.id).iloc[0]
    assert (row["email"], row["name"], row["departments"]) == ("", "", "Customers")
    assert b.id == row["id"]


def test_a_goal_of_another_pilot_is_refused(fresh_db, pilot, db_path):
    before = snapshot(db_path)
    with pytest.raises(ValidationError, match="Goal 999 is not a goal of this pilot"):
        benefits.record_benefit(fresh_db, pilot, Benefit("2026-09-08", "idea", "x", goal_id=999))
    assert snapshot(db_path) == before


def test_filters(demo_db):
    frame = benefits.list_benefits(demo_db, get_pilot(demo_db, "demo").id)
    goal_id = int(frame.loc[frame["goal_metric"] == "sponsor_posts", "goal_id"].iloc[0])
    assert list(benefits.filter_benefits(frame, goal_id=goal_id)["date"]) == ["2026-10-21", "2026-09-15"]
    by_category = benefits.filter_benefits(frame, categories=["idea", "fewer emails"])
    assert list(by_category["date"]) == ["2026-11-08", "2026-10-27", "2026-10-03", "2026-09-21"]
    marketing = benefits.filter_benefits(frame, department="Marketing", start=dt.date(2026, 10, 1))
    assert list(marketing["date"]) == ["2026-11-08", "2026-10-27", "2026-10-21"]
    october = benefits.filter_benefits(frame, start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    assert len(october) == 5
    assert benefits.departments_in(frame) == ["Customer Service", "Engineering", "Finance", "HR", "Marketing"]


def test_totals_of_an_empty_list(fresh_db, pilot):
    assert benefits.totals_by_unit(benefits.list_benefits(fresh_db, pilot.id)) == {}


def test_the_import_is_one_transaction(fresh_db, pilot, monkeypatch, db_path):
    """A failure half way through the inserts stores nothing."""
    before = snapshot(db_path)
    calls = []
    real_insert = fresh_db.table("benefits").insert

    def failing_insert(row, *a, **k):
        calls.append(row)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_insert(row, *a, **k)

    monkeypatch.setattr(
        type(fresh_db.table("benefits")), "insert", lambda self, row, *a, **k: failing_insert(row)
    )
    rows = b"2026-09-08,,idea,One,,,\n2026-09-09,,idea,Two,,,\n"
    with pytest.raises(RuntimeError):
        benefits.import_csv(fresh_db, pilot, HEADER + rows)
    assert snapshot(db_path) == before
    assert store.data_version(fresh_db) == before["meta"][0][0]


def test_utf16_with_bom_as_excel_saves_it(fresh_db, pilot):
    data = "date,email,category,description,quantity,unit,goal\r\n2026-09-10,,idea,Ünïcode idea,,,\r\n"
    assert benefits.import_csv(fresh_db, pilot, data.encode("utf-16")) == 1
    assert benefits.list_benefits(fresh_db, pilot.id)["description"].tolist() == ["Ünïcode idea"]


def test_for_display_leaves_a_missing_quantity_blank_and_names_the_goal_in_words():
    """Issue 9, defect 12: the Goal column showed metric ids (sponsor_p...)."""
    frame = pd.DataFrame(
        {
            "date": ["2026-09-03"] * 3,
            "name": ["Ann", "", "Bob"],
            "departments": ["Sales"] * 3,
            "category": ["idea"] * 3,
            "description": ["a", "b", "c"],
            "quantity": [float("nan"), 1.5, 1200.0],
            "unit": ["", "hours", "emails"],
            "goal_id": pd.array([None, 7, None], dtype="Int64"),
        }
    )
    shown = benefits.for_display(frame, {7: Goal("sponsor_posts", "at_least", 2)})
    assert list(shown.columns) == [
        "Date",
        "Who",
        "Department(s)",
        "Category",
        "What happened",
        "Quantity",
        "Goal",
    ]
    assert shown["Quantity"].tolist() == ["", "1.5 hours", "1,200 emails"]
    assert shown["Goal"].tolist() == ["", "Sponsor posts at least 2", ""]
    assert frame["quantity"].isna().tolist() == [True, False, False]  # the list itself is untouched
