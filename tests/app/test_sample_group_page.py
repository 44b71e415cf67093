"""Sample group page: warnings with figures, the make-up chart, the table editor, CSV upload with preview."""

from __future__ import annotations

import json

from pilot import store
from pilot.setup import participants, pilots
from tests.app.conftest import page, run_page, tiles
from tests.conftest import DEMO_DIR, snapshot

PAGE = page("2_Sample_group.py")

HEADER = "name,email,department,audience,sponsor,champion\n"


def group_of(path) -> list[tuple]:
    db = store.connect(path)
    try:
        frame = participants.list_participants(db, pilots.get_pilot(db, "demo").id)
        return list(frame[["email", "department", "audience", "champion"]].itertuples(index=False, name=None))
    finally:
        db.close()


def empty_demo_group(path) -> None:
    """The demo pilot with nobody enrolled yet (its usage rows gone too)."""
    db = store.connect(path)
    with store.transaction(db, None):
        for table in ("usage", "usage_replaced", "replaced_counts", "imports"):
            db.execute(f"DELETE FROM {table}")
        db.execute("DELETE FROM participants")
    db.close()


def test_empty_database_says_there_is_no_pilot():
    at = run_page(PAGE)
    assert at.title[0].value == "👥 Sample group"
    assert "No pilot yet" in at.info[0].value


def test_demo_group_with_its_figures_and_chart(app_demo):
    at = run_page(PAGE)
    assert {label: value for label, (value, _) in tiles(at).items()} == {
        "Participants": "60",
        "Departments": "6",
        "Champions": "5",
    }
    assert not at.warning
    assert at.success[0].value == "The group spans departments, holds the sponsor and has champions."
    assert len(at.data_editor[0].value) == 60
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert at.button(key="save_group").label == "Save the sample group"
    assert at.get("download_button")[0].proto.label == "Download the CSV template"


def test_warnings_show_the_figures(app_demo):
    empty_demo_group(app_demo)
    at = run_page(PAGE)
    assert [w.value for w in at.warning] == [
        "The sample group is empty: add participants from at least 3 departments",
    ]
    csv = (
        HEADER
        + "Ann,ann@example.com,Sales,management,,\nBo,bo@example.com,Sales,observer,,\nCy,cy@example.com,HR,observer,,\n"  # noqa: E501
    )
    at.file_uploader(key="upload").upload("g.csv", csv.encode(), "text/csv")
    at.run()
    at.button(key="confirm_import").click().run()
    assert not at.exception
    assert at.success[0].value == "Imported g.csv: 3 added, 0 updated"
    assert [w.value for w in at.warning] == [
        "Only 2 department(s) take part (Sales, HR): a pilot needs at least 3",
        "Sales holds 2 of 3 participants (67%): more than half of the group",
        "The sponsor kira.garcia@\u2060example.com is not in the sample group",  # no mailto: link
        "No champion (key user) is flagged in the group",
    ]


def test_upload_shows_a_preview_before_storing(app_demo):
    before = snapshot(app_demo)
    csv = (
        HEADER
        + "Kira Garcia,kira.garcia@example.com,Customer Service,leadership,true,true\nNew One,new@example.com,HR,observer,,\n"  # noqa: E501
    )
    at = run_page(PAGE)
    at.file_uploader(key="upload").upload("g.csv", csv.encode(), "text/csv")
    at.run()
    assert not at.exception
    assert snapshot(app_demo) == before
    assert [m.value for m in at.markdown if m.value.startswith("**To")] == ["**To add**", "**To update**"]
    previews = [d.value for d in at.dataframe if d.editing_mode == "read_only"]
    assert [p["email"].tolist() for p in previews] == [["new@example.com"], ["kira.garcia@example.com"]]
    assert not at.button(key="confirm_import").disabled
    at.button(key="confirm_import").click().run()
    assert at.success[0].value == "Imported g.csv: 1 added, 1 updated"
    assert ("kira.garcia@example.com", "Customer Service", "leadership", True) in group_of(app_demo)
    assert len(group_of(app_demo)) == 61


def test_a_bad_upload_names_the_rows_and_stores_nothing(app_demo):
    before = snapshot(app_demo)
    csv = HEADER + "Ann,ann@example.com,Sales,boss,,\nBo,ANN@example.com,HR,observer,,\n"
    at = run_page(PAGE)
    at.file_uploader(key="upload").upload("g.csv", csv.encode(), "text/csv")
    at.run()
    assert not at.exception
    rejected = at.dataframe[-1].value
    assert rejected["line"].tolist() == [2, 3]
    assert rejected["reason"].tolist() == [
        "audience 'boss' is not one of leadership, management, practitioner, infrastructure, observer; "
        "email ann@example.com appears more than once (lines 2 and 3)",
        "email ann@example.com appears more than once (lines 2 and 3)",
    ]
    assert at.error[0].value.startswith("Nothing is stored until every row is right")
    assert at.button(key="confirm_import").disabled
    assert snapshot(app_demo) == before


def test_a_file_in_the_wrong_encoding_says_so(app_demo):
    before = snapshot(app_demo)
    data = (HEADER + "José,jose@example.com,Ops,observer,,\n").encode("cp1252")
    at = run_page(PAGE)
    at.file_uploader(key="upload").upload("g.csv", data, "text/csv")
    at.run()
    assert not at.exception
    assert at.error[0].value == (
        "The participants file is not CSV text (byte 0xe9 on line 2 is not UTF-8: Windows-1252 or binary?): "
        "save it as CSV UTF-8"
    )
    assert snapshot(app_demo) == before


def test_the_real_demo_file_uploads_onto_an_empty_group(app_demo):
    empty_demo_group(app_demo)
    at = run_page(PAGE)
    at.file_uploader(key="upload").upload("participants.csv", (DEMO_DIR / "participants.csv").read_bytes())
    at.run()
    at.button(key="confirm_import").click().run()
    assert at.success[0].value == "Imported participants.csv: 60 added, 0 updated"
    assert len(group_of(app_demo)) == 60


def test_editing_the_table_saves_the_group(app_demo):
    empty_demo_group(app_demo)
    db = store.connect(app_demo)
    rows = "Ann,ann@example.com,Sales,management,,\nBo,bo@example.com,HR,observer,,\n"
    participants.import_csv(db, pilots.get_pilot(db, "demo"), (HEADER + rows).encode())
    db.close()
    at = run_page(PAGE)
    at.session_state["group_editor"] = {
        "edited_rows": {0: {"department": "Finance", "champion": True}},
        "added_rows": [
            {
                "name": "Zed",
                "email": "Zed@Example.com",
                "department": "Legal",
                "audience": "observer",
                "champion": False,
                "sponsor": False,
            }
        ],
        "deleted_rows": [1],
    }
    at.run()
    at.button(key="save_group").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved: 1 added, 1 updated, 1 removed"
    assert sorted(group_of(app_demo)) == [
        ("bo@example.com", "Finance", "observer", True),
        ("zed@example.com", "Legal", "observer", False),
    ]


def test_removing_someone_with_usage_is_refused(app_demo):
    before = snapshot(app_demo)
    at = run_page(PAGE)
    at.session_state["group_editor"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [1]}
    at.run()
    at.button(key="save_group").click().run()
    assert not at.exception
    assert at.error[0].value == (
        "dan.moreau@\u2060example.com has 28 usage row(s) and cannot be removed: set a 'left' date instead"
    )
    assert snapshot(app_demo) == before


def test_a_bad_edit_shows_the_message_and_stores_nothing(app_demo):
    before = snapshot(app_demo)
    at = run_page(PAGE)
    at.session_state["group_editor"] = {
        "edited_rows": {0: {"email": "kira.garcia@example.com", "audience": "chief"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="save_group").click().run()
    assert not at.exception
    assert at.error[0].value.splitlines()[0] == (
        "- row 1: audience 'chief' is not one of leadership, management, practitioner, infrastructure, observer"  # noqa: E501
    )
    assert snapshot(app_demo) == before


def test_hostile_department_names_stay_plain_text(app_demo):
    empty_demo_group(app_demo)
    db = store.connect(app_demo)
    rows = "Eve,eve@example.com,![](https://tracker.example/p.gif) [x](javascript:alert(1)),observer,,\n"
    participants.import_csv(db, pilots.get_pilot(db, "demo"), (HEADER + rows).encode())
    db.close()
    at = run_page(PAGE)
    assert at.warning[0].value == (
        r"Only 1 department(s) take part (\!\[\](https:"
        "\u2060"
        r"//tracker.example/p.gif) \[x\](javascript\:alert(1))): "
        "a pilot needs at least 3"
    )


def test_a_sponsor_conflict_is_shown_and_nothing_stored(app_demo):
    before = snapshot(app_demo)
    at = run_page(PAGE)
    csv = HEADER + "Ann,ann@example.com,Sales,leadership,true,\n"
    at.file_uploader(key="upload").upload("g.csv", csv.encode(), "text/csv")
    at.run()
    assert [e.value for e in at.error][1:] == [
        "line 2: ann@\u2060example.com is flagged as sponsor, but the pilot's sponsor is "
        "kira.garcia@\u2060example.com; "
        "change the sponsor on the Pilot page first"
    ]
    assert at.button(key="confirm_import").disabled
    assert snapshot(app_demo) == before


def test_the_stored_message_keeps_a_crafted_file_name_as_text(app_demo):
    """The 'Imported ...' message quotes the file name: it must not become an image or a link."""
    at = run_page(PAGE)
    name = "![t](http:__x.example_t.png)[y](http:__x.example).csv"
    at.file_uploader(key="upload").upload(name, (HEADER + "New One,new@example.com,HR,observer,,\n").encode())
    at.run()
    at.button(key="confirm_import").click().run()
    assert at.success[0].value == (
        r"Imported \!\[t\](http:\_\_x.example\_t.png)\[y\](http:\_\_x.example).csv: 1 added, 0 updated"
    )


def test_no_column_of_the_editor_is_required(app_demo):
    """Issue 9, defect 1: with `required` columns the editor held back a new row missing its
    audience, so the page saved "0 added" and the row was gone; every row must reach the check."""
    at = run_page(PAGE)
    [config] = [c for c in (json.loads(d.proto.columns or "{}") for d in at.dataframe) if "audience" in c]
    assert [name for name, c in config.items() if c.get("required")] == []


def test_incomplete_or_duplicate_new_rows_are_refused_by_name_and_stay_in_the_editor(app_demo):
    """Issue 9, defect 1: each problem named, nothing stored, the typed rows kept for fixing."""
    before = snapshot(app_demo)
    at = run_page(PAGE)
    typed = {
        "edited_rows": {},
        "added_rows": [
            {"name": "New Person", "email": "new.person@example.com", "department": "Sales"},
            {"name": "Twin", "email": "Kira.Garcia@example.com", "department": "HR", "audience": "observer"},
        ],
        "deleted_rows": [],
    }
    at.session_state["group_editor"] = typed
    at.run()
    at.button(key="save_group").click().run()
    assert not at.exception
    assert not [s for s in at.success if s.value.startswith("Saved")]
    lines = at.error[0].value.splitlines()
    assert (
        "- row 61: audience '' is not one of leadership, management, practitioner, infrastructure, "
        + ("observer")
        in lines
    )
    assert any("row 62: email kira.garcia@\u2060example.com appears more than once" in line for line in lines)
    assert snapshot(app_demo) == before
    assert at.session_state["group_editor"]["added_rows"] == typed["added_rows"]
