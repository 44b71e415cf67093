"""Golden tests of the go / no-go summary on the demo pilot, in all four formats."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from pilot import cli
from pilot.core.errors import PilotError
from pilot.core.format import stamp
from pilot.report import images, render
from pilot.report import summary as report
from pilot.results import decision, metrics
from pilot.setup import participants
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, get_pilot, save_pilot
from pilot.stories import benefits
from pilot.stories.benefits import Benefit
from tests.conftest import SAMPLES, connect_as

EXPECTED = json.loads((SAMPLES / "expected.json").read_text())
WEEK_12 = EXPECTED["metrics"][11]


@pytest.fixture
def demo(demo_db):
    return demo_db, get_pilot(demo_db, "demo")


def test_markdown_holds_the_recommendation_and_every_goal_row(demo) -> None:
    db, pilot = demo
    text = render.render(report.build(db, pilot), "md").decode()
    lines = text.splitlines()
    assert lines[0] == "# Go / no-go summary: Service desk micro-blog"
    assert lines[2].startswith("As of week 12 of 12 (week of 16 Nov 2026).")
    verdict = lines.index("## Recommendation: **Go**")
    assert lines[verdict + 2 : verdict + 5] == [
        "- All 2 must-have goals were met at their due week.",
        "- Active rate at least 60%: met (81.7%)",
        "- Substitution at least 30%: met (35.2%)",
    ]
    risks = lines.index("## Risks beside the verdict")
    assert lines[risks + 2 : risks + 5] == [  # a Go with the export path untested is flagged first
        "- Go, but the data export path is not tested: the pilot's data must be exportable.",
        "- 1 concern still open (Workload: one more place to read on top of email).",
        "- Broadcast email still carries most traffic: 84% of posts in week 12.",
    ]
    # expected.json week 12: active rate 0.8167, substitution 0.3517, sponsor posts 9
    assert (round(WEEK_12["active_rate"], 3), round(WEEK_12["substitution"], 3)) == (0.817, 0.352)
    assert WEEK_12["sponsor_posts"] == 9
    goal_rows = [
        line for line in lines if line.startswith(("| Active rate |", "| Substitution |", "| Sponsor"))
    ]
    assert goal_rows == [
        "| Active rate | yes | at least 60% | 81.7% | met | – | 12 | "
        "Must-have, met at its due week 12: counts towards Go. |",
        "| Substitution | yes | at least 30% | 35.2% | met | – | 12 | "
        "Must-have, met at its due week 12: counts towards Go. |",
        "| Sponsor posts | no | at least 2 | 9 | met | – | 12 | Not a must-have: shown, not counted. |",
    ]
    assert (
        "12 benefits recorded. Quantities summed by unit: 80 emails, 22 hours. The 10 largest are listed."
        in lines
    )
    assert "60 participants, 5 champions, 6 departments." in lines
    assert "Spent 1,200 of 5,000 EUR (24%); 3,800 EUR left." in lines


def test_the_weekly_digest_is_the_state_as_of_that_week(demo) -> None:
    db, pilot = demo
    summary = report.build(db, pilot, "2026-09-16")
    assert (summary.pilot_week, summary.week) == (3, "2026-09-14")
    assert summary.decision.recommendation == "Extend"
    assert [g["actual"] for g in summary.goals] == [
        EXPECTED["metrics"][2]["active_rate"],
        EXPECTED["metrics"][2]["substitution"],
        EXPECTED["metrics"][2]["sponsor_posts"],
        8,  # hours saved by the end of week 3: 6 on 2026-09-03 and 2 on 2026-09-09
    ]
    assert list(summary.metrics["pilot_week"]) == [1, 2, 3]
    assert summary.benefits["count"] == 3  # dated on or before Sunday 2026-09-20
    assert summary.this_week.startswith("In week 3 of 12, 43.3% of the sample group used Viva Engage")
    with pytest.raises(PilotError, match="The week of 2026-12-28 is not a pilot week"):
        report.build(db, pilot, "2027-01-01")


def test_override_is_shown_with_the_computed_recommendation(demo, db_path) -> None:
    db, pilot = demo
    kira = connect_as(db_path, "kira@example.com", "owner", pilot, name="Kira Garcia")
    saved = decision.record_override(kira, pilot.id, "No-go", "Security review failed")
    summary = report.build(db, pilot)
    text = render.render(summary, "md").decode()
    assert "## Recommendation: **Go**" in text
    assert (
        f"**Owner's decision: No-go (recorded by Kira Garcia, owner, on {stamp(saved.decided_at)} UTC; "
        "the computed recommendation is Go).** Reason: Security review failed"
    ) in text
    doc = json.loads(render.render(summary, "json"))
    assert doc["decision"]["recommendation"] == "Go"
    assert doc["override"] == {
        "decision": "No-go",
        "reason": "Security review failed",
        "decided_by": "Kira Garcia",
        "decided_at": saved.decided_at,
        "decided_role": "owner",
    }


def test_an_earlier_week_shows_only_the_decision_recorded_by_its_end(demo) -> None:
    """The summary as of week 5 (28 Sep to 4 Oct 2026) showed a decision recorded weeks later as if
    it had been made then. The latest week (the pilot as it stands now) shows the latest one, made
    after the last week as a final decision is."""
    db, pilot = demo
    decision.record_override(db, pilot.id, "Extend", "Give it until week 8")
    decision.record_override(db, pilot.id, "No-go", "Security review failed")
    dates = {"Extend": "2026-10-04 21:00:00", "No-go": "2026-11-30 09:00:00"}  # week 5; after week 12
    for made, when in dates.items():
        db.execute("UPDATE decisions SET decided_at = ? WHERE decision = ?", [when, made])
    shown = {
        week: report.build(db, pilot, week, with_charts=False).override
        for week in ("2026-09-21", "2026-09-28", "2026-11-09", "2026-11-16")  # weeks 4, 5, 11, 12
    }
    assert shown["2026-09-21"] is None
    assert (shown["2026-09-28"].decision, shown["2026-09-28"].decided_at) == ("Extend", dates["Extend"])
    assert shown["2026-11-09"].decision == "Extend"
    assert shown["2026-11-16"].decision == "No-go"  # week 12, the latest week with data
    assert report.build(db, pilot, with_charts=False).override.decision == "No-go"
    week_4 = render.render(report.build(db, pilot, "2026-09-21", with_charts=False), "md").decode()
    assert "Owner's decision" not in week_4


def test_json_holds_every_weekly_figure_of_the_metrics(demo) -> None:
    db, pilot = demo
    doc = json.loads(render.render(report.build(db, pilot), "json"))
    weekly = metrics.weekly(db, pilot.id)
    assert len(doc["metrics"]) == len(weekly) == 12
    for row, expected in zip(doc["metrics"], weekly.to_dict("records"), strict=True):
        assert row == {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in expected.items()}
    assert doc["metrics"][0]["retention"] is None  # NaN in week 1 becomes null
    for row, independent in zip(doc["metrics"], EXPECTED["metrics"], strict=True):
        for key, value in independent.items():
            assert row[key] == (pytest.approx(value) if value is not None else None), (row["week"], key)
    assert [g["actual"] for g in doc["goals"]] == [WEEK_12["active_rate"], WEEK_12["substitution"], 9, 22]
    assert [g["status"] for g in doc["goals"]] == ["met", "met", "met", "met"]
    assert doc["decision"]["recommendation"] == "Go"
    assert doc["benefits"]["totals_by_unit"] == {"emails": 80.0, "hours": 22.0}
    assert doc["budget"] == {
        "cap": 5000.0,
        "spent": 1200.0,
        "left": 3800.0,
        "currency": "EUR",
        "share_spent": 0.24,
    }
    assert doc["group"]["participants"] == EXPECTED["group"] == 60


class Links(HTMLParser):
    """Every tag, and every src or href, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [(tag, v or "") for k, v in attrs if k in ("src", "href")]


def test_html_is_self_contained_with_the_charts_inline(demo) -> None:
    db, pilot = demo
    summary = report.build(db, pilot)
    page = render.render(summary, "html").decode()
    parser = Links()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags
    images = [url for tag, url in parser.urls if tag == "img"]
    assert len(images) == len(summary.charts) >= 1
    assert all(url.startswith("data:image/svg+xml;base64,") for url in images)
    assert [url for _, url in parser.urls if not url.startswith("data:")] == []
    assert "default-src 'none'" in page
    assert "<span class='verdict Go'>Recommendation: Go</span>" in page


def test_pdf_opens_with_the_recommendation_and_non_ascii_names(demo) -> None:
    db, pilot = demo
    group = "name,email,department,audience,sponsor,champion\n"
    group += "Đặng Thị Łucja Ateş,dang@example.com,Łódź office,practitioner,,\n"
    group += "王芳,wang@example.com,Sales,practitioner,,\n"
    participants.import_csv(db, pilot, group.encode())
    for email, hours in [("dang@example.com", 50), ("wang@example.com", 40)]:
        story = Benefit(date="2026-11-10", category="time saved", description="Saved — “q” 🚀", email=email)
        story.quantity, story.unit = hours, "hours"
        benefits.record_benefit(db, pilot, story)
    built = report.build(db, pilot, include_small_groups=True)  # an owner's export: the 1-person office shows
    reader = PdfReader(io.BytesIO(render.render(built, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Recommendation: Go" in text
    assert "Đặng Thị Łucja Ateş" in text
    assert "Łódź office" in text
    assert "Saved — “q” ?" in text  # the rocket is not in the font: a visible '?'
    assert "王芳" not in text and "??" in text
    assert reader.attachments == {}


def test_a_pilot_without_data_still_summarises(fresh_db) -> None:
    """Issue 9 defect 4: no usage at all said "Extend"; it is too early to recommend anything."""
    pilot = Pilot(name="Wiki", start=dt.date(2026, 9, 7), end=dt.date(2026, 10, 30))
    pilot = save_pilot(fresh_db, pilot, [Goal("active_rate", "at_least", 0.5, must=True)])
    summary = report.build(fresh_db, pilot)
    assert (summary.pilot_week, summary.decision.recommendation) == (None, "Too early to recommend")
    assert summary.decision.reason == "0 of 8 weeks have data; a recommendation needs 3."
    assert summary.goals[0]["status"] == "not enough data"
    for fmt in render.FORMATS:
        assert render.render(summary, fmt)
    assert "## **Too early to recommend**" in render.render(summary, "md").decode()
    assert (
        json.loads(render.render(summary, "json"))["decision"]["recommendation"] == "Too early to recommend"
    )
    assert report.file_name(summary, "pdf") == "wiki-summary.pdf"


def test_long_stories_fit_the_pdf_and_stay_whole_elsewhere(demo) -> None:
    """A 2,000-character story (the longest the benefits page takes) would not fit one PDF page."""
    db, pilot = demo
    long = "word " * 399 + "end"
    benefits.record_benefit(db, pilot, Benefit("2026-11-20", "idea", long, quantity=500, unit="hours"))
    summary = report.build(db, pilot)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render.render(summary, "pdf"))).pages)
    table = text[text.index("What happened") : text.index("\nWins\n")]
    assert "word…" in table  # cut at 500 characters
    assert table.count("word") == 100
    wins = " ".join(text[text.index("\nWins\n") : text.index("\nConcerns\n")].split())
    assert "• Benefit: " + "word " * 23 + "word… (500 hours)" in wins  # the week's wins: a few lines
    assert long in render.render(summary, "md").decode()
    assert long in render.render(summary, "html").decode()


def test_summary_command(demo_db, db_path, tmp_path, capsys) -> None:
    db = str(db_path)
    assert cli.main(["summary", "--db", db, "--pilot", "demo", "--format", "md", "--week", "2026-09-16"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "# Go / no-go summary: Service desk micro-blog\n\nAs of week 3 of 12 (week of 14 Sep 2026)."
    )
    assert "## Recommendation: **Extend**" in out
    pdf = tmp_path / "summary.pdf"
    assert cli.main(["summary", "--db", db, "--pilot", "demo", "--format", "pdf", "--out", str(pdf)]) == 0
    assert capsys.readouterr().out == f"{pdf}: Go, as of week 12 ({pdf.stat().st_size:,} bytes)\n"
    assert "Recommendation: Go" in PdfReader(pdf).pages[0].extract_text()
    for args, message in [
        (["--format", "pdf"], "error: A PDF cannot be printed: give --out FILE\n"),
        (["--format", "md", "--week", "soon"], "error: 'soon' is not a date like 2026-09-07\n"),
        (["--format", "json", "--pilot", "nope"], "error: No pilot 'nope'\n"),
        (
            ["--format", "md", "--out", str(tmp_path / "no" / "x.md")],
            f"error: Cannot write {tmp_path}/no/x.md: ",
        ),
    ]:
        argv = ["summary", "--db", db, "--pilot", "demo", *args]
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(message) and err.count("\n") == 1


def test_pdf_page_one_is_the_one_pager_and_every_page_is_numbered(demo) -> None:
    """Verdict, reasons, risks and context (purpose, dates, sponsor by name, tool, replaced channel)."""
    db, pilot = demo
    pages = PdfReader(io.BytesIO(render.render(report.build(db, pilot), "pdf"))).pages
    first = " ".join(pages[0].extract_text().split())
    for said in (
        "Recommendation: Go",
        "• Active rate at least 60%: met (81.7%)",
        "Risks beside the verdict",
        "• Go, but the data export path is not tested",
        "Purpose: Stop explaining each procedure change four times",
        "Dates: 31 Aug 2026 to 22 Nov 2026 (12 weeks)",
        "Sponsor: Kira Garcia (kira.garcia@example.com)",
        "Tool: Viva Engage (enterprise social network)",
        "Replaced channel: Broadcast email (email)",
    ):
        assert said in first
    assert "Part in the decision" not in first  # the goal table starts on page 2
    assert [f"Page {n} of {len(pages)}" in p.extract_text() for n, p in enumerate(pages, 1)] == [True] * len(
        pages
    )
    assert "Must-have: A goal the recommendation counts" in pages[-1].extract_text()  # the glossary ends it


def test_the_glossary_is_in_the_html_and_pdf(demo) -> None:
    db, pilot = demo
    summary = report.build(db, pilot)
    page = render.render(summary, "html").decode()
    for term in (
        "Active rate",
        "Contributor rate",
        "Substitution",
        "Tool share",
        "Retention",
        "Due week",
        "Must-have",
    ):
        assert f"<dt>{term}</dt>" in page
    assert "<dt>Must-have</dt><dd>A goal the recommendation counts" in page


def test_json_holds_the_verdict_reasons_and_risks(demo) -> None:
    db, pilot = demo
    doc = json.loads(render.render(report.build(db, pilot, "2026-09-07"), "json"))
    assert doc["decision"]["recommendation"] == "Too early to recommend"
    assert doc["decision"]["reason"] == "2 of 12 weeks have data; a recommendation needs 3."
    assert doc["decision"]["data_weeks"] == 2
    assert doc["week"] == "2026-09-07"  # files for scripts keep ISO dates
    assert doc["reasons"] == [
        "Active rate at least 60%: not enough data (28.3%)",
        "Substitution at least 30%: not enough data (18.7%)",
    ]
    assert doc["risks"][0] == {
        "kind": "channel",
        "text": "Broadcast email still carries most traffic: 94.4% of posts in week 2.",
    }


def test_one_week_of_data_says_so_instead_of_drawing_lone_dots(demo) -> None:
    """Issue 9 defect 5: charts with one point."""
    db, pilot = demo
    summary = report.build(db, pilot, "2026-08-31")
    assert summary.pilot_week == 1
    assert list(summary.charts) == ["Sample group"]
    assert (
        "One week so far: the charts start with the second week of data."
        in render.render(summary, "html").decode()
    )
    assert "Broadcast email volume" in summary.this_week  # the demo has baseline weeks before the start


def test_checklist_ticks_come_with_their_word_in_every_format(demo) -> None:
    """Issue 9, defect 14: ☑ and ☐ alone look the same where no symbol font exists."""
    db, pilot = demo
    summary = report.build(db, pilot)
    assert "- [ ] not done: Data export path tested" in render.render(summary, "md").decode()
    assert "☐ not done: Data export path tested" in render.render(summary, "html").decode()
    reader = PdfReader(io.BytesIO(render.render(summary, "pdf")))
    assert "not done: Data export path tested" in "".join(p.extract_text() for p in reader.pages)


def test_a_summary_without_charts_is_the_same_summary_less_its_charts(demo_db):
    """Home's summary (the verdict alone: its PDF is built with the charts on a click)."""
    whole = report.summary_of(demo_db, "demo")
    bare = report.summary_of(demo_db, "demo", with_charts=False)
    assert whole.charts and not bare.charts
    bare_json = json.loads(render.render(bare, "json"))
    assert bare_json == {**json.loads(render.render(whole, "json")), "generated": bare_json["generated"]}


def test_a_file_says_when_it_was_made_not_when_its_summary_was_built(demo, monkeypatch) -> None:
    """The Go / no-go page caches its summary per pilot, data version and week: a file downloaded an
    hour later said "Generated" at the hour the summary was cached. Charts are not drawn again."""
    db, pilot = demo
    summary = report.build(db, pilot)
    built = summary.generated
    render.render(summary, "pdf")  # every chart drawn, as by a first download
    drawn = images._png.cache_info().misses + images._svg.cache_info().misses
    monkeypatch.setattr(render, "utc_minute", lambda: "2031-01-02 03:04 UTC")
    said = "Generated 2 Jan 2031 03:04 UTC."
    assert said in render.render(summary, "md").decode()
    assert said in render.render(summary, "html").decode()
    assert said in PdfReader(io.BytesIO(render.render(summary, "pdf"))).pages[0].extract_text()
    assert json.loads(render.render(summary, "json"))["generated"] == "2031-01-02 03:04 UTC"
    assert images._png.cache_info().misses + images._svg.cache_info().misses == drawn
    assert summary.generated == built  # the cached summary itself is as built


@pytest.mark.parametrize(
    ("spent", "said"), [(0.0, "No budget set."), (300.0, "Spent 300 EUR; no budget cap set.")]
)
def test_a_pilot_without_a_budget_cap_says_so_in_every_format(fresh_db, spent, said) -> None:
    """It said "Spent 0 of 0 EUR; 0 EUR left." (with a spend: "-300 EUR left")."""
    pilot = Pilot(name="Wiki", start=dt.date(2026, 9, 7), end=dt.date(2026, 10, 30), budget_spent=spent)
    summary = report.build(fresh_db, save_pilot(fresh_db, pilot))
    pdf = PdfReader(io.BytesIO(render.render(summary, "pdf")))
    shown = {
        "md": render.render(summary, "md").decode(),
        "html": render.render(summary, "html").decode(),
        "pdf": " ".join(" ".join(p.extract_text() for p in pdf.pages).split()),
    }
    for fmt, text in shown.items():
        assert said in text and " of 0 EUR" not in text, fmt


def test_a_table_longer_than_a_page_goes_on_with_its_header_again(demo) -> None:
    """The PDF draws its own tables: a row never splits across pages, and the next page starts with
    the header (60 one-person departments in an owner's export)."""
    db, pilot = demo
    group = "name,email,department,audience,sponsor,champion\n"
    group += "".join(f"P {n},p{n}@example.com,Office {n:02d},practitioner,,\n" for n in range(60))
    participants.import_csv(db, pilot, group.encode())
    built = report.build(db, pilot, include_small_groups=True)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render.render(built, "pdf"))).pages]
    holding = [text for text in pages if "Office " in text]
    assert len(holding) >= 2
    assert all(text.count("Department Participants") == 1 for text in holding)
    assert sorted(set(re.findall(r"Office \d\d", "".join(holding)))) == [f"Office {n:02d}" for n in range(60)]
