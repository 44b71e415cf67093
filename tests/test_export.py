"""The throw-away exit: neutralised CSV, inert user text in every format, and the export round trip."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from pilot import cli, export, store
from pilot.core import csvfile
from pilot.report import render
from pilot.report import summary as report
from pilot.results import metrics
from pilot.setup import participants, pilots
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits
from pilot.stories.benefits import Benefit

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_write_csv_neutralises_formula_cells_only_in_text() -> None:
    frame = pd.DataFrame({"text": [*PAYLOADS, "plain", "a=b"], "number": [-3, -1, 0, 1, 2, 3, 4, 5]})
    data = csvfile.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = rows(data)
    assert parsed[0] == ["text", "number"]
    assert [r[0] for r in parsed[1:]] == ["'" + p for p in PAYLOADS] + ["plain", "a=b"]
    assert [int(r[1]) for r in parsed[1:]] == [-3, -1, 0, 1, 2, 3, 4, 5]  # numbers stay numbers


def test_write_csv_to_a_text_buffer_and_a_file(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": ["=1+1"], "posts": [2]})
    buffer = io.StringIO()
    csvfile.write_csv(frame, buffer)
    assert buffer.getvalue() == '"name","posts"\n"\'=1+1",2\n'
    csvfile.write_csv(frame, tmp_path / "x.csv")
    assert (tmp_path / "x.csv").read_bytes() == b'\xef\xbb\xbf"name","posts"\n"\'=1+1",2\n'


@pytest.fixture
def hostile(demo_db):
    """The demo pilot with two hostile benefit stories, big enough to be among the top benefits."""
    pilot = get_pilot(demo_db, "demo")
    for text in ['=HYPERLINK("http://x","y")', "<script>alert(1)</script>"]:
        story = Benefit(date="2026-11-20", category="idea", description=text, quantity=100, unit="hours")
        benefits.record_benefit(demo_db, pilot, story)
    return demo_db, pilot


def test_hostile_story_is_inert_in_csv(hostile) -> None:
    db, pilot = hostile
    parsed = rows(export.export_files(db, pilot)["benefits.csv"])
    descriptions = [r[parsed[0].index("description")] for r in parsed[1:]]
    assert descriptions[-2:] == ['\'=HYPERLINK("http://x","y")', "<script>alert(1)</script>"]


def test_hostile_story_is_inert_in_html_and_markdown(hostile) -> None:
    db, pilot = hostile
    summary = report.build(db, pilot)
    page = render.render(summary, "html").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in page
    text = render.render(summary, "md").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text
    assert '| \\=HYPERLINK("http:\u2060//x","y") |' in text  # no autolink either


def test_markdown_escape_leaves_no_link_image_or_html() -> None:
    from pilot.core.text import escape

    assert escape("[click](javascript:alert(1))") == "\\[click\\](javascript\\:alert(1))"
    assert escape("![](https://tracker.example/p.gif)") == "\\!\\[\\](https:\u2060//tracker.example/p.gif)"
    assert escape("see https://evil.example and www.evil.example") == (
        "see https:\u2060//evil.example and www\u2060.evil.example"  # a word joiner: no autolink
    )
    assert escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape("a | b\nc") == "a \\| b c"
    assert escape("# Heading") == "\\# Heading"
    assert escape("1. first") == "1\\. first"
    assert escape("61.7%") == "61.7%"
    # Streamlit's directives form from `:name` even before an escaped bracket: `:red` alone is a colour
    assert escape(":red[bold] :material/home: \\:x") == "\\:red\\[bold\\] \\:material/home: \\\\\\:x"
    assert escape("Note: at 10:30, see https://x.example") == "Note: at 10:30, see https:\u2060//x.example"
    assert escape("ask ann@example.com or mailto:bo@x.org") == (
        "ask ann@\u2060example.com or mailto\\:bo@\u2060x.org"  # a word joiner: no mailto: autolink
    )
    assert escape("a@_b.com, @team, ends@") == "a@\u2060\\_b.com, @\u2060team, ends@"


HOSTILE = [
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    "![](https://tracker.example/p.gif?u=ceo)",
    "a | b | c",
    "# Heading\n- item\n1. first",
    "<https://evil.example>",
    "`code` *bold* _it_ ~~gone~~ $x$",
    "ask ann@example.com or mailto:bo@example.org",
]
# GitHub-flavoured Markdown's email autolink, as Streamlit's renderer (remark-gfm) and GitHub's
# (cmark-gfm) find it in the text once escapes are read: letters, digits, "-" or "_" right after "@"
GFM_EMAIL = re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+")


def test_markdown_summary_renders_hostile_stories_as_text(demo_db) -> None:
    """Rendered by a CommonMark renderer, the stories make no tag, link, image or broken table."""
    pilot = get_pilot(demo_db, "demo")
    for i, text in enumerate(HOSTILE):
        story = Benefit(date="2026-11-20", category="idea", description=text, quantity=100 + i, unit="hours")
        benefits.record_benefit(demo_db, pilot, story)
    markdown = render.render(report.build(demo_db, pilot), "md").decode()
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    for tag in ("<script", "<img", "<svg", "<a ", "<code", "<em", "<strong>bold", "<h1>Heading", "<li>item"):
        assert tag not in html, tag
    benefit_rows = [line for line in html.split("<tr>") if ">idea</td>" in line]
    assert len(benefit_rows) == len(HOSTILE)
    assert all(row.count("<td>") == 5 for row in benefit_rows)
    assert "<td>&lt;img src=x onerror=alert(1)&gt;</td>" in html
    assert "<td>a | b | c</td>" in html
    read = re.sub(r"\\(.)", r"\1", markdown)  # the text a GFM renderer looks for autolinks in
    assert "ask ann@\u2060example.com or mailto:bo@\u2060example.org" in read
    assert GFM_EMAIL.findall(read) == []  # so no mailto: link, in Streamlit or on GitHub


def test_no_summary_format_links_an_email_or_a_web_address(hostile) -> None:
    """HTML and PDF carry no link but their own: HTML is never autolinked, and the PDF has no link
    annotation (a viewer that guesses links in text does so for every PDF: not ours to change)."""
    db, pilot = hostile
    story = Benefit(
        date="2026-11-20", category="idea", description="ask ann@example.com, see https://x.example"
    )
    benefits.record_benefit(db, pilot, story)
    summary = report.build(db, pilot)
    page = render.render(summary, "html").decode()
    assert "ask ann@example.com, see https://x.example" in page
    assert "<a " not in page and "mailto" not in page
    reader = PdfReader(io.BytesIO(render.render(summary, "pdf")))
    assert "ask ann@example.com, see https://x.example" in "".join(p.extract_text() for p in reader.pages)
    assert [p.get("/Annots") for p in reader.pages] == [None] * len(reader.pages)


def test_formula_stories_come_back_unchanged_after_export_and_import(demo_db, tmp_path: Path) -> None:
    """The apostrophe that neutralises a formula is taken off again by the benefits reader."""
    pilot = get_pilot(demo_db, "demo")
    for text in [*PAYLOADS, "<script>alert(1)</script>", 'a,b;"c" d']:
        benefits.record_benefit(demo_db, pilot, Benefit(date="2026-11-20", category="idea", description=text))
    files = export.export_files(demo_db, pilot)
    copy = store.connect(tmp_path / "copy.db")
    rebuilt = pilots.create_from_toml(copy, files["pilot.toml"].decode())
    participants.import_csv(copy, rebuilt, files["participants.csv"])
    benefits.import_csv(copy, rebuilt, files["benefits.csv"])
    before = set(benefits.list_benefits(demo_db, pilot.id)["description"])
    assert set(benefits.list_benefits(copy, rebuilt.id)["description"]) == before
    assert {'=HYPERLINK("http://x","y")', "-2+3", "@SUM(A1:A9)", "=1+1"} <= before


def test_export_zip_holds_every_file(demo_db) -> None:
    pilot = get_pilot(demo_db, "demo")
    with zipfile.ZipFile(io.BytesIO(export.export_zip(demo_db, pilot))) as archive:
        names = sorted(archive.namelist())
    assert names == sorted(f"demo/{n}" for n in ["pilot.toml", *export.TABLES])


def test_export_round_trip_through_the_command_line(demo_db, db_path: Path, tmp_path: Path, capsys) -> None:
    """export, then create + participants + import + benefits into a new database: equal metrics."""
    out, copy = tmp_path / "out", str(tmp_path / "copy.db")
    assert cli.main(["export", "--db", str(db_path), "--pilot", "demo", "--out", str(out)]) == 0
    assert cli.main(["create", "--db", copy, str(out / "pilot.toml")]) == 0
    slug = capsys.readouterr().out.splitlines()[-1]
    assert slug == "service-desk-micro-blog"
    for name, file in [
        ("participants", "participants.csv"),
        ("import", "usage.csv"),
        ("benefits", "benefits.csv"),
    ]:
        assert cli.main([name, "--db", copy, "--pilot", slug, str(out / file)]) == 0
    original, rebuilt = get_pilot(demo_db, "demo"), get_pilot(store.connect(copy), slug)
    new_db = store.connect(copy)
    pd.testing.assert_frame_equal(metrics.weekly(demo_db, original.id), metrics.weekly(new_db, rebuilt.id))
    pd.testing.assert_frame_equal(
        metrics.by_department(demo_db, original.id), metrics.by_department(new_db, rebuilt.id)
    )
    people = participants.list_participants
    columns = ["name", "email", "department", "audience", "champion", "sponsor"]
    pd.testing.assert_frame_equal(people(demo_db, original.id)[columns], people(new_db, rebuilt.id)[columns])
    assert export.pilot_toml(new_db, rebuilt) == export.pilot_toml(demo_db, original)
    assert len(benefits.list_benefits(new_db, rebuilt.id)) == 12


def test_export_refuses_an_unwritable_folder(demo_db, db_path: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "file").write_text("x")
    assert cli.main(["export", "--db", str(db_path), "--pilot", "demo", "--out", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err.startswith("error: Cannot write the export into")
