"""The bad-input corpus through the pages' uploads (AppTest): every refused file gets its one
message through ui's error helper, never a traceback, and the database stays as it was."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from pilot.core.text import escape

from ..conftest import snapshot
from ..test_bad_input import CORPUS, EVERY_READER, expected
from .conftest import open_page, page

USAGE_REFUSED = sorted(
    set(EVERY_READER)
    | {
        "concealed_upns.csv",
        "duplicate_posted_count.csv",
        "ragged_short_row.csv",
        "refresh_date_year_1.csv",
        "refresh_date_year_9999.csv",
        "generic_week_year_1.csv",
        "header_only.csv",
        "same_person_twice.csv",
    }
)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception
    return at


def shown(at: AppTest, message: str) -> bool:
    """The message as the page renders it (escaped inert Markdown) is in one of its errors."""
    return any(escape(message).lstrip("\\") in e.value for e in at.error)


def test_the_usage_page_refuses_every_hostile_file(app_demo: Path):
    before = snapshot(app_demo)
    at = open_page(page("3_Usage.py")).run()
    for name in USAGE_REFUSED:
        upload(at, name, (CORPUS / name).read_bytes())
        assert shown(at, expected(name, "usage")), name
        assert not [b for b in at.button if b.key == "usage_confirm"], name
    assert snapshot(app_demo) == before


def test_the_sample_group_page_refuses_every_hostile_file(app_demo: Path):
    before = snapshot(app_demo)
    at = open_page(page("2_Sample_group.py")).run()
    for name in sorted(EVERY_READER):
        upload(at, "participants.csv", (CORPUS / name).read_bytes())
        assert shown(at, expected(name, "participants")), name
    upload(at, "participants.csv", (CORPUS / "participants_name_too_long.csv").read_bytes())
    rejected = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert rejected["reason"].tolist() == ["the name is 250 characters long: the limit is 200"]
    assert at.button(key="confirm_import").disabled
    assert snapshot(app_demo) == before


def test_a_file_name_with_escape_codes_is_shown_made_visible(app_demo: Path):
    at = open_page(page("3_Usage.py")).run()
    upload(at, "\x1b[31mred\x1b[0m.csv", b"")
    assert "x1b\\[31mred" in at.error[0].value and "\x1b" not in at.error[0].value


def test_a_report_matching_nobody_needs_a_second_confirmation(app_demo: Path):
    before = snapshot(app_demo)
    at = open_page(page("3_Usage.py")).run()
    upload(at, "nobody_matched_wrong_domain.csv", (CORPUS / "nobody_matched_wrong_domain.csv").read_bytes())
    assert any("0 of 60 participants found: wrong tenant or a domain typo?" in w.value for w in at.warning)
    at.button(key="usage_confirm").click().run()
    assert not at.exception
    assert shown(at, expected("nobody_matched_wrong_domain.csv", "usage"))
    assert snapshot(app_demo) == before
    at.checkbox(key="usage_allow_empty").check().run()
    at.button(key="usage_confirm").click().run()
    assert not at.exception and not at.error
    assert snapshot(app_demo) != before
