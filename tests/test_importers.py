"""Reading the real admin exports: format, week and every person's counts, checked against the files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

import pytest

from pilot.core.errors import ImportRefused
from pilot.intake.formats import FORMATS
from pilot.intake.importers import read_report

from .conftest import DEMO_DIR, SAMPLES

OTHER = SAMPLES / "other-formats"
TEAMS = OTHER / "TeamsUserActivityUserDetail_20261122.csv"
SLACK = OTHER / "Service desk Member Analytics Nov 16, 2026 - Nov 22, 2026.csv"
M365_FILES = sorted((DEMO_DIR / "exports").glob("*ActivityUserDetail_*.csv"))

# The real (PnP-captured) column order of the Teams report, which differs from the documented one.
TEAMS_REAL_ORDER = [
    "Report Refresh Date",
    "User Id",
    "User Principal Name",
    "Last Activity Date",
    "Is Deleted",
    "Deleted Date",
    "Assigned Products",
    "Team Chat Message Count",
    "Private Chat Message Count",
    "Call Count",
    "Meeting Count",
    "Meetings Organized Count",
    "Meetings Attended Count",
    "Ad Hoc Meetings Organized Count",
    "Ad Hoc Meetings Attended Count",
    "Scheduled One-time Meetings Organized Count",
    "Scheduled One-time Meetings Attended Count",
    "Scheduled Recurring Meetings Organized Count",
    "Scheduled Recurring Meetings Attended Count",
    "Audio Duration",
    "Video Duration",
    "Screen Share Duration",
    "Audio Duration In Seconds",
    "Video Duration In Seconds",
    "Screen Share Duration In Seconds",
    "Has Other Action",
    "Urgent Messages",
    "Post Messages",
    "Tenant Display Name",
    "Shared Channel Tenant Display Names",
    "Reply Messages",
    "Is Licensed",
    "Report Period",
]
TEAMS_OLD_12 = [
    "Report Refresh Date",
    "User Principal Name",
    "Last Activity Date",
    "Is Deleted",
    "Deleted Date",
    "Assigned Products",
    "Team Chat Message Count",
    "Private Chat Message Count",
    "Call Count",
    "Meeting Count",
    "Has Other Action",
    "Report Period",
]


def table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def n(value: str) -> int:
    return int(value) if value.strip() else 0


def expected(path: Path) -> dict[str, tuple[int, int]]:
    """Every person's (posts, reads), computed here from the file with the csv module."""
    rows, name = table(path), path.name
    if name.startswith("VivaEngage"):
        return {
            r["User Principal Name"]: (n(r["Posted Count"]), n(r["Read Count"]) + n(r["Liked Count"]))
            for r in rows
        }
    if name.startswith("Email"):
        return {r["User Principal Name"]: (n(r["Send Count"]), n(r["Read Count"])) for r in rows}
    if name.startswith("Teams"):
        return {
            r["User Principal Name"]: (
                n(r["Team Chat Message Count"]) + n(r["Private Chat Message Count"]),
                n(r["Call Count"]) + n(r["Meeting Count"]) + (r["Has Other Action"] == "Yes"),
            )
            for r in rows
        }
    return {r["Email"]: (n(r["Messages posted"]), n(r["Days active"])) for r in rows}


def counts(report) -> dict[str, tuple[int, int]]:
    return {r.email: (r.posts, r.reads) for r in report.rows.itertuples()}


def week_of_refresh(path: Path) -> dt.date:
    """The report named after refresh date R covers R-6..R; a Sunday R gives the Monday R-6."""
    refresh = dt.datetime.strptime(path.stem.rsplit("_", 1)[1], "%Y%m%d").date()
    assert refresh.weekday() == 6
    return refresh - dt.timedelta(days=6)


@pytest.mark.parametrize("path", M365_FILES, ids=lambda p: p.name)
def test_every_weekly_sample_reads_with_its_format_week_and_counts(path: Path):
    report = read_report(path.read_bytes(), path.name)
    assert report.format.key == ("viva_engage" if path.name.startswith("Viva") else "email")
    assert report.week == week_of_refresh(path)
    assert len(report.rows) == 320
    assert counts(report) == expected(path)


def test_teams_sample_documented_order():
    report = read_report(TEAMS.read_bytes(), TEAMS.name)
    assert (report.format.key, report.week) == ("teams", dt.date(2026, 11, 16))
    assert report.week_source == "Report Refresh Date 2026-11-22"
    assert counts(report) == expected(TEAMS)
    assert counts(report)["kira.garcia@example.com"] == (9, 1)


def rewrite(path: Path, columns: list[str], sep: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=sep, lineterminator=newline, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(table(path))
    return out.getvalue()


@pytest.mark.parametrize("columns", [TEAMS_REAL_ORDER, TEAMS_OLD_12], ids=["real-order", "old-12-columns"])
def test_teams_other_column_orders_give_the_same_counts(columns):
    report = read_report(rewrite(TEAMS, columns).encode(), TEAMS.name)
    assert (report.format.key, report.week) == ("teams", dt.date(2026, 11, 16))
    assert counts(report) == expected(TEAMS)


def test_teams_shuffled_columns_odd_case_and_spaces():
    columns = TEAMS_REAL_ORDER[:]
    random.Random(3).shuffle(columns)
    text = rewrite(TEAMS, columns)
    header, body = text.split("\n", 1)
    header = header.upper().replace("COUNT", "  count ")
    report = read_report(f"{header}\n{body}".encode(), "teams.csv")
    assert counts(report) == expected(TEAMS)


def test_slack_week_from_the_file_name():
    report = read_report(SLACK.read_bytes(), SLACK.name)
    assert (report.format.key, report.week) == ("slack", dt.date(2026, 11, 16))
    assert report.week_source == "file name Nov 16, 2026 - Nov 22, 2026"
    assert counts(report) == expected(SLACK)


def test_slack_file_name_with_underscores_and_without_dates():
    data = SLACK.read_bytes()
    assert read_report(data, "Desk_Member_Analytics_Nov_16__2026_-_Nov_22__2026.csv").week == dt.date(
        2026, 11, 16
    )
    assert read_report(data, "slack.csv").week is None
    assert read_report(data, "Desk Member Analytics Prior 7 Days - Nov 22, 2026.csv").week == dt.date(
        2026, 11, 16
    )
    with pytest.raises(ImportRefused, match="covers 30 days: export the last 7 days"):
        read_report(data, "Desk Member Analytics Prior 30 Days - Nov 22, 2026.csv")
    with pytest.raises(ImportRefused, match="covers 14 days: export one week"):
        read_report(data, "Desk Member Analytics Nov 9, 2026 - Nov 22, 2026.csv")


VIVA = DEMO_DIR / "exports" / "VivaEngageActivityUserDetail_20261025.csv"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-be").join([b"\xfe\xff", b""]),
        lambda t: t.replace("\n", "\r\n").encode("utf-8-sig"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "crlf"],
)
@pytest.mark.parametrize("sep", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_encodings_separators_and_line_ends(encode, sep):
    columns = next(csv.reader(io.StringIO(VIVA.read_bytes().decode("utf-8-sig"))))
    report = read_report(encode(rewrite(VIVA, columns, sep)), VIVA.name)
    assert (report.format.key, report.week) == ("viva_engage", dt.date(2026, 10, 19))
    assert counts(report) == expected(VIVA)


def test_generic_template_with_several_weeks_and_both_channels():
    text = (
        "week,email,channel,posts,reads,comment\n"
        "2026-09-13,Kira.Garcia@example.com ,tool,3,4,x\n"
        "2026-09-07,kira.garcia@example.com,replaced,10,,\n"
        "2026-09-14,kira.garcia@example.com,Tool,1,2,\n"
    )
    report = read_report(text.encode(), "usage.csv")
    assert report.format.key == "generic" and report.week is None
    rows = report.rows.to_dict("records")
    assert rows == [
        {"email": "kira.garcia@example.com", "posts": 3, "reads": 4, "week": "2026-09-07", "channel": "tool"},
        {
            "email": "kira.garcia@example.com",
            "posts": 10,
            "reads": 0,
            "week": "2026-09-07",
            "channel": "replaced",
        },
        {"email": "kira.garcia@example.com", "posts": 1, "reads": 2, "week": "2026-09-14", "channel": "tool"},
    ]


def test_refresh_date_as_datetime_and_unknown_extra_column():
    text = VIVA.read_bytes().decode("utf-8-sig").replace("2026-10-25,", "2026-10-25T00:00:00Z,")
    lines = text.splitlines()
    text = "\n".join([lines[0] + ",Brand New Column"] + [line + ",whatever" for line in lines[1:]])
    report = read_report(text.encode(), VIVA.name)
    assert report.week == dt.date(2026, 10, 19)
    assert counts(report) == expected(VIVA)


def test_refresh_date_midweek_goes_to_the_week_holding_most_days():
    text = VIVA.read_bytes().decode("utf-8-sig")
    # Refreshed Wednesday 2026-10-28: the window Thu 22 .. Wed 28 has 4 days in the week of Mon 19.
    wed = read_report(text.replace("2026-10-25,", "2026-10-28,").encode(), "w.csv")
    # Refreshed Thursday 2026-10-29: Fri 23 .. Thu 29 has 4 days in the week of Mon 26.
    thu = read_report(text.replace("2026-10-25,", "2026-10-29,").encode(), "t.csv")
    assert (wed.week, thu.week) == (dt.date(2026, 10, 19), dt.date(2026, 10, 26))


def test_readme_shows_the_same_mapping_table_as_the_code():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for f in FORMATS:
        reads = " + ".join([*f.reads, *(f"1 if {c} is Yes" for c in f.reads_if_yes)])
        assert f"| {f.label} | {' + '.join(f.posts)} | {reads} |" in readme
