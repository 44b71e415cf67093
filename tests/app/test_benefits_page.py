"""AppTest of the Benefits and wins page: empty and demo databases, the forms, bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace

from streamlit.testing.v1 import AppTest

from pilot import store
from pilot.core.text import escape
from pilot.playbook import recognition
from pilot.setup.pilots import Pilot, get_pilot, save_pilot
from pilot.stories import benefits, concerns, wins
from pilot.stories.benefits import Benefit
from tests.app.conftest import page, run_page, tiles
from tests.conftest import snapshot

PAGE = page("5_Benefits_and_wins.py")


def table(at: AppTest, column: str, last: bool = False):
    """The shown table with `column` (wins: source, concerns: handling);
    `last`: the last such (the wins list comes after the latest first posts)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    return found[-1] if last else found[0]


def concern_table(at: AppTest):
    """The concerns log: a wrapping table (st.table), so that a long concern is read whole."""
    return next(t.value for t in at.table if "How it was handled" in t.value.columns)


def benefit_table(at: AppTest):
    """The benefits list: a wrapping table (st.table), in words."""
    return next(t.value for t in at.table if "What happened" in t.value.columns)


def test_empty_database_asks_for_a_pilot():
    at = run_page(PAGE)
    assert at.title[0].value == "🏆 Benefits and wins"
    assert "No pilot yet" in at.info[0].value


def test_a_pilot_without_data(app_db):
    db = store.connect(app_db)
    save_pilot(db, Pilot(name="Bare", start=dt.date(2026, 9, 7), end=dt.date(2026, 10, 18)))
    db.close()
    at = run_page(PAGE)
    assert [(label, value) for label, (value, _) in tiles(at).items()] == [("Benefits recorded", "0")]
    assert [i.value for i in at.info] == [
        "No wins yet: first posts appear here by themselves once usage is imported.",
        "No concerns logged.",
    ]


def test_demo_shows_benefits_totals_wins_and_concerns(app_demo):
    at = run_page(PAGE)
    assert [(label, value) for label, (value, _) in tiles(at).items()] == [
        ("Benefits recorded", "12"),
        ("Emails", "80"),
        ("Hours", "22"),
    ]
    assert len(benefit_table(at)) == 12
    assert concern_table(at)["By"].tolist() == ["Warehouse team leads", "Legal", "Finance managers"]
    wins_table = table(at, "source", last=True)
    assert set(wins_table["source"]) == {"first post", "badge"}  # the demo shows badges
    first = wins_table[wins_table["source"] == "first post"]
    db = store.connect(app_demo)  # each participant's first post once; no email sent to the browser
    assert len(first) == len(wins.first_posts(db, get_pilot(db, "demo").id)) and "email" not in wins_table
    assert at.caption[0].value == "12 of 12 benefits shown."


def test_badges_show_with_the_wins_and_the_leaderboard_only_when_turned_on(app_demo):
    """Issue 13: badges appear in the wins (the first-post badge is the first-post win, not listed
    twice); viewers see no leaderboard unless the owner turns it on."""
    at = run_page(PAGE)
    wins_table = table(at, "source", last=True)
    badges = wins_table[wins_table["source"] == "badge"]
    assert "Victor Larsen: Completed 3 prompts" in badges["description"].tolist()  # the Sales prompt
    assert not badges["description"].str.endswith(": First post").any()
    assert "🏅 Badge leaderboard" not in [h.value for h in at.subheader]
    db = store.connect(app_demo)
    pilot = get_pilot(db, "demo")
    recognition.set_recognition(db, pilot, replace(recognition.EVERY_BADGE, leaderboard=True))
    db.close()
    at = run_page(PAGE)
    assert "🏅 Badge leaderboard" in [h.value for h in at.subheader]
    board = next(d.value for d in at.dataframe if "badges" in d.value.columns)
    assert board["badges"].is_monotonic_decreasing
    assert board["badges"].sum() == len(wins_table.query("source != 'recorded'"))  # every badge once
    db = store.connect(app_demo)
    recognition.set_recognition(db, pilot, recognition.Recognition((), leaderboard=True))
    db.close()
    at = run_page(PAGE)
    assert set(table(at, "source", last=True)["source"]) == {"first post"}
    assert "🏅 Badge leaderboard" not in [h.value for h in at.subheader]


def test_filters_narrow_the_list(app_demo):
    at = run_page(PAGE)
    at.multiselect(key="filter_category").set_value(["fewer emails"]).run()
    assert benefit_table(at)["Date"].tolist() == ["27 Oct 2026", "21 Sep 2026"]
    assert at.caption[0].value == "2 of 12 benefits shown."


def fill(at: AppTest, description: str, quantity: float | None = None, unit: str = "") -> AppTest:
    at.date_input(key="benefit0_date").set_value(dt.date(2026, 10, 1))
    at.selectbox(key="benefit0_who").set_value("kira.garcia@example.com")
    at.selectbox(key="benefit0_category").set_value("faster answer")
    at.text_area(key="benefit0_description").input(description)
    at.number_input(key="benefit0_quantity").set_value(quantity)
    at.text_input(key="benefit0_unit").input(unit)
    return at.button(key="benefit_submit").click().run()


def test_recording_a_benefit_through_the_form_stores_it(app_demo):
    at = fill(run_page(PAGE), "<script>alert(1)</script> answered in 5 minutes", 1.5, "hours")
    assert not at.exception
    assert at.success[0].value == "Benefit recorded."
    db = store.connect(app_demo)
    frame = benefits.list_benefits(db, get_pilot(db, "demo").id)
    db.close()
    row = frame[frame["date"] == "2026-10-01"].iloc[0]
    assert (row["date"], row["name"], row["departments"], row["category"]) == (
        "2026-10-01",
        "Kira Garcia",
        "Customer Service",
        "faster answer",
    )
    assert (row["description"], row["quantity"], row["unit"]) == (
        "<script>alert(1)</script> answered in 5 minutes",
        1.5,
        "hours",
    )
    assert len(benefit_table(at)) == 13
    assert not [m for m in at.markdown if "<script" in m.value]
    assert at.text_area(key="benefit1_description").value == ""  # an empty form for the next one


def test_a_unit_in_markdown_shows_as_typed_in_its_tile(app_demo):
    # the tile's label sits in a :gray[...] directive; `:red` formed a colour even from escaped text
    hostile = ":red[saved] [x](https://evil.example/a)"
    at = fill(run_page(PAGE), f"**Answered** {hostile}", 2, hostile)
    assert not at.exception
    label = "\\:red\\[saved\\] \\[x\\](https:\u2060//evil.example/a)"
    assert tiles(at)[label] == ("2", None)
    # pandas 3 keeps text as its `str` dtype, not `object`: the table's cells were left unescaped
    assert f"\\*\\*Answered\\*\\* {label}" in benefit_table(at)["What happened"].tolist()
    shown = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success)]
    assert not [v for v in shown if re.search(r"(?<!\\):red|(?<!\\)\[x", v)]


def test_a_bad_form_shows_the_message_and_stores_nothing(app_demo):
    before = snapshot(app_demo)
    at = fill(run_page(PAGE), "   ", 3.0, "")
    assert not at.exception
    assert at.error[0].value == (
        "- Say what happened: the description is empty\n- A quantity needs a unit, e.g. hours or emails"
    )
    assert snapshot(app_demo) == before


def test_editing_and_deleting_a_benefit(app_demo):
    db = store.connect(app_demo)
    pilot = get_pilot(db, "demo")
    newest = benefits.record_benefit(db, pilot, Benefit("2026-11-20", "idea", "Edit me"))
    db.close()
    at = run_page(PAGE)
    assert at.selectbox(key="benefit_edit_pick").value == newest.id
    at.text_area(key=f"edit_{newest.id}_description").input("Edited")
    at = at.button(key="benefit_edit_save").click().run()
    assert at.success[0].value == "Benefit updated."
    assert benefit_table(at)["What happened"].iloc[0] == "Edited"
    at = at.button(key="benefit_edit_delete").click().run()
    assert at.success[0].value == "Benefit deleted."
    assert len(benefit_table(at)) == 12


def test_recording_a_win_and_a_concern(app_demo):
    at = run_page(PAGE)
    at.text_input(key="win0_description").input("First answer from another department")
    at = at.button(key="win_submit").click().run()
    assert at.success[0].value == "Win recorded."
    wins_table = table(at, "source", last=True)
    assert "First answer from another department" in wins_table["description"].tolist()
    at.text_area(key="concern0_what").input("Inappropriate joke posted")
    at.text_input(key="concern0_by").input("**HR** [see](https://evil.example)")
    at = at.button(key="concern_submit").click().run()
    assert at.success[0].value == "Concern logged."
    shown = concern_table(at)  # plain text in the wrapping table: no bold, no link
    assert shown["By"].iloc[0] == escape("**HR** [see](https://evil.example)")
    db = store.connect(app_demo)
    logged = concerns.list_concerns(db, get_pilot(db, "demo").id)
    db.close()
    assert ("**HR** [see](https://evil.example)", "Inappropriate joke posted", "open") in set(
        logged[["raised_by", "description", "status"]].itertuples(index=False, name=None)
    )


def test_a_recorded_win_can_be_deleted(app_demo):
    db = store.connect(app_demo)
    pilot = get_pilot(db, "demo")
    kept = wins.record_win(db, pilot, wins.Win("2026-10-01", "First answer from another department"))
    gone = wins.record_win(db, pilot, wins.Win("2026-10-02", "A <b>bold</b> win", "kira.garcia@example.com"))
    db.close()
    at = run_page(PAGE)
    assert at.selectbox(key="win_delete_pick").options == [
        "2 Oct 2026 · A <b>bold</b> win",
        "1 Oct 2026 · First answer from another department",
    ]
    at.selectbox(key="win_delete_pick").set_value(gone.id)
    at = at.button(key="win_delete").click().run()
    assert not at.exception
    assert at.success[0].value == "Win deleted."
    recorded = table(at, "source", last=True).query("source == 'recorded'")
    assert recorded["description"].tolist() == ["First answer from another department"]
    db = store.connect(app_demo)
    assert [r["id"] for r in db.query("SELECT id FROM wins")] == [kept.id]
    db.close()


def test_first_posts_offer_no_delete(app_demo):
    at = run_page(PAGE)
    assert not [s for s in at.selectbox if s.key == "win_delete_pick"]
    assert not [b for b in at.button if b.key == "win_delete"]


def test_closing_a_concern_needs_a_handling_note(app_demo):
    before = snapshot(app_demo)
    at = run_page(PAGE)
    picked = at.selectbox(key="concern_pick").value
    at.selectbox(key=f"concern_{picked}_status").set_value("closed")
    at = at.button(key="concern_edit_save").click().run()
    assert at.error[0].value == "A closed concern needs a note on how it was handled"
    assert snapshot(app_demo) == before


def headers(at: AppTest, column: str, last: bool = False) -> dict[str, str]:
    """Column -> the header the table shows (its column_config label)."""
    found = [d for d in at.dataframe if column in d.value.columns]
    config = json.loads((found[-1] if last else found[0]).proto.columns)
    return {name: c["label"] for name, c in config.items() if "label" in c}


def test_tables_have_headers_in_words_and_blank_missing_quantities(app_demo):
    at = run_page(PAGE)
    shown = benefit_table(at)
    assert list(shown.columns) == [
        "Date",
        "Who",
        "Department(s)",
        "Category",
        "What happened",
        "Quantity",
        "Goal",
    ]
    assert shown["Quantity"].tolist() == ["", "3 hours", "40 emails", "", "2 hours", "6 hours"] * 2
    assert (
        shown["Goal"].tolist()
        == ["", "", "Substitution at least 30%", "Sponsor posts at least 2", "", "Substitution at least 30%"]
        * 2
    )
    wins_headers = headers(at, "source", last=True)
    assert [wins_headers[c] for c in ("date", "pilot_week", "name", "department", "description")] == [
        "Date",
        "Week",
        "Who",
        "Department",
        "The win",
    ]
    concerns_shown = concern_table(at)
    assert list(concerns_shown.columns) == ["Raised on", "By", "Concern", "Status", "How it was handled"]
    assert concerns_shown["Raised on"].tolist() == ["14 Oct 2026", "16 Sep 2026", "27 Aug 2026"]
    assert concerns_shown["How it was handled"].iloc[0] == ""  # open: no handling yet, not "None"


def test_without_a_sample_group_the_form_says_where_departments_come_from(app_db):
    db = store.connect(app_db)
    save_pilot(db, Pilot(name="Bare", start=dt.date(2026, 9, 7), end=dt.date(2026, 10, 18)))
    db.close()
    at = run_page(PAGE)
    assert [m.key for m in at.multiselect if m.key and m.key.endswith("_departments")] == []
    assert (
        "Department(s): they come from the sample group, and can be picked here once "
        "participants are enrolled on the Sample group page."
    ) in [c.value for c in at.caption]


def test_with_a_sample_group_departments_are_picked_from_it(app_demo):
    at = run_page(PAGE)
    assert at.multiselect(key="benefit0_departments").options == [
        "Customer Service",
        "Engineering",
        "Finance",
        "HR",
        "Marketing",
        "Sales",
    ]
    assert not [c for c in at.caption if c.value.startswith("Department(s): they come from")]
