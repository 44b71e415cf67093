"""The weekly email to executives: the week in sentences, the figures, the goals, the wins,
one chart inline and the PDF summary attached. What a viewer may see, nothing more.

Composed here as a standard email message; sending it is `pilot.mailer`'s job, so the same
message can be written to a file (--eml) or previewed on the page.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape

import pandas as pd

from pilot.core.errors import PilotError
from pilot.report import images, pdf, text
from pilot.report.render import stamped
from pilot.report.summary import Summary, build
from pilot.results import tiles
from pilot.setup.pilots import Pilot
from pilot.store import Database

CHART = "Active and contributor rate"  # the one chart the email carries inline


class MissingReport(PilotError):
    """The week's tool report is not imported yet: a digest would report a week of zeros."""


def default_week(pilot: Pilot, today: dt.date | None = None) -> dt.date:
    """The week a Tuesday-morning digest is about: the week that ended last Sunday, within the pilot."""
    last_week = (today or dt.date.today()) - dt.timedelta(days=7)
    return min(max(last_week, pilot.weeks[0]), pilot.weeks[-1])


def compose(
    db: Database, pilot: Pilot, week: dt.date, to: list[str], sender: str, allow_missing: bool = False
) -> EmailMessage:
    """The digest of the pilot week holding `week`; refused when its tool report is missing, and for a
    pilot whose personal data was purged (a weekly cron job would mail an empty week)."""
    if pilot.purged_at:
        raise PilotError(
            f"Pilot {pilot.slug}'s personal data was removed on {pilot.purged_at[:10]}: no more digests "
            "(its kept summary: python -m pilot summary --format md)"
        )
    return digest_message(build(db, pilot, week), to, sender, allow_missing)


def digest_message(summary: Summary, to: list[str], sender: str, allow_missing: bool = False) -> EmailMessage:
    """The digest of a summary already built (the Go / no-go page has it); refused when the week's
    tool report is missing, unless `allow_missing`. It says it was generated now, as a downloaded
    summary does."""
    summary, pilot = stamped(summary), summary.pilot
    row = summary.metrics[summary.metrics["pilot_week"] == summary.pilot_week]
    if not allow_missing and (row.empty or pd.isna(row["tool_posts"].iloc[0])):
        raise MissingReport(
            f"Week {summary.pilot_week} has no {pilot.tool_name or 'tool'} report yet: import it first, "
            "or send anyway"
        )
    message = EmailMessage()
    message["Subject"] = subject(summary)
    message["From"], message["To"] = sender, ", ".join(to)
    message.set_content(plain_text(summary))
    chart_id = make_msgid(domain="pilot.local")
    message.add_alternative(
        html_body(summary, chart_id[1:-1] if CHART in summary.charts else None), subtype="html"
    )
    if CHART in summary.charts:
        png = images.chart_image(summary.charts[CHART], "png")
        message.get_payload()[1].add_related(png, "image", "png", cid=chart_id, filename="chart.png")
    one_pager = pdf.pdf(summary, whole=False)  # the verdict, its reasons, the risks, the context
    name = f"{pilot.slug}-week-{summary.pilot_week}.pdf"
    message.add_attachment(one_pager, maintype="application", subtype="pdf", filename=name)
    return message


def celebration(s: Summary, sponsor_email: str, sender: str) -> EmailMessage:
    """The week's small successes, addressed to the sponsor, for them to forward to the group: the
    summary's Wins, in a few friendly lines (a summary with pseudonyms hides the sponsor's email,
    so the caller gives it)."""
    if not sponsor_email:
        raise PilotError("No sponsor set: pick the executive sponsor on the Pilot page")
    if not s.pilot_week or not s.wins.lines():
        raise PilotError("Nothing to celebrate recorded this week yet: first posts, badges, wins or benefits")
    tool = s.pilot.tool_name or "the tool"
    lines = [
        f"Hello {s.sponsor},",
        f"Small successes of week {s.pilot_week} in the {s.pilot.name} pilot, ready to forward to the group:",
        *(f"- {line}" for line in s.wins.lines()),
        f"Thank you all for trying {tool}.",
    ]
    message = EmailMessage()
    message["Subject"] = f"Small successes in {s.pilot.name}: week {s.pilot_week}"
    message["From"], message["To"] = sender, sponsor_email
    message.set_content("\n\n".join([*lines[:2], "\n".join(lines[2:-1]), lines[-1]]) + "\n")
    message.add_alternative(
        "<!DOCTYPE html><html><body style='font-family:sans-serif'>"
        f"<p>{escape(lines[0])}</p><p>{escape(lines[1])}</p>{_items(s.wins.lines())}"
        f"<p>{escape(lines[-1])}</p></body></html>",
        subtype="html",
    )
    return message


def preview(message: EmailMessage) -> tuple[str, str, str]:
    """To, subject and the plain-text part: what the page shows before anything is sent."""
    return str(message["To"]), str(message["Subject"]), message.get_body(("plain",)).get_content()


def subject(s: Summary) -> str:
    week = f"week {s.pilot_week}" if s.pilot_week else "no usage data yet"
    return f"{s.pilot.name}: {week}, {s.decision.recommendation}"


def plain_text(s: Summary) -> str:
    lines = [
        text.title(s),
        text.as_of(s),
        "",
        s.this_week,
        "",
        text.verdict(s),
    ]
    lines += [f"- {line}" for line in text.reasons(s)]
    lines += ["", "Risks beside the verdict:", *(f"- {line}" for line in text.risks(s)), ""]
    lines += [f"{t.label}: {t.value}" + (f" ({t.delta})" if t.delta else "") for t in _tiles(s)]
    header, rows = text.goal_table(s)
    if rows:
        lines += ["", "Goals:", *_columns(header, rows)]
    lines += ["", "Wins of the week:"] + [f"- {w}" for w in text.wins(s)]
    lines += ["", "The PDF summary is attached."]
    return "\n".join(lines) + "\n"


def html_body(s: Summary, chart_cid: str | None) -> str:
    cells = "".join(
        f"<td style='padding:6px 12px;border:1px solid #ddd'><div style='color:#666'>{escape(t.label)}</div>"
        f"<div style='font-size:20px'>{escape(t.value)}</div>"
        f"<div style='color:#666'>{escape(t.delta or '')}</div></td>"
        for t in _tiles(s)
    )
    header, rows = text.goal_table(s)
    goals = (
        "<table style='border-collapse:collapse'><tr>"
        + "".join(f"<th style='text-align:left;padding:4px'>{escape(h)}</th>" for h in header)
        + "</tr>"
        + "".join(
            "<tr>" + "".join(f"<td style='padding:4px'>{escape(str(c))}</td>" for c in r) + "</tr>"
            for r in rows
        )
        + "</table>"
        if rows
        else "<p>No goal status yet.</p>"
    )
    chart = f"<p><img src='cid:{chart_cid}' alt='{escape(CHART)}' width='560'></p>" if chart_cid else ""
    return (
        "<!DOCTYPE html><html><body style='font-family:sans-serif'>"
        f"<h2>{escape(text.title(s))}</h2><p style='color:#666'>{escape(text.as_of(s))}</p>"
        f"<p>{escape(s.this_week)}</p>"
        f"<p><strong>{escape(text.verdict(s))}</strong></p>{_items(text.reasons(s))}"
        f"<p><strong>Risks beside the verdict</strong></p>{_items(text.risks(s))}"
        f"<table><tr>{cells}</tr></table><h3>Goals</h3>{goals}"
        f"<h3>Wins of the week</h3>{_items(text.wins(s))}{chart}"
        "<p style='color:#666'>The PDF summary is attached.</p></body></html>"
    )


def _columns(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table in plain text: the header, a rule, then the rows, each column padded to its widest
    cell so that it lines up in a fixed-width font (how most mail programs show plain text)."""
    cells = [header, *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return [lines[0], "-+-".join("-" * w for w in widths), *lines[1:]]


def _items(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _tiles(s: Summary) -> list[tiles.Tile]:
    if not s.pilot_week or s.metrics.empty:
        return []
    return tiles.kpi_tiles(s.metrics, s.pilot_week, tiles.HOME_TILES)
