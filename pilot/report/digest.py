"""The weekly email to executives: the week in sentences, the figures, the goals, the wins,
one chart inline and the PDF summary attached. What a viewer may see, nothing more.

Composed here as a standard email message; sending it is `pilot.mailer`'s job, so the same
message can be written to a file (--eml) or previewed on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape

import pandas as pd

from pilot.core.errors import PilotError
from pilot.core.weeks import pilot_week_number
from pilot.report import images, render, text
from pilot.report.summary import Summary, build
from pilot.results import tiles
from pilot.setup.pilots import Pilot
from pilot.store import Database
from pilot.stories import benefits, wins

CHART = "Active and contributor rate"  # the one chart the email carries inline


class MissingReport(PilotError):
    """The week's tool report is not imported yet: a digest would report a week of zeros."""


@dataclass
class WeekWins:
    """What to celebrate in one week: first posts, recorded wins and the benefits dated in it."""

    first_posts: list[str]  # names
    recorded: list[str]  # descriptions, with who when known
    benefits: list[str]  # descriptions, with quantity

    def lines(self) -> list[str]:
        out = []
        if self.first_posts:
            out.append(f"First posts: {', '.join(self.first_posts)}.")
        out += [f"Win: {w}" for w in self.recorded]
        out += [f"Benefit: {b}" for b in self.benefits]
        return out


def week_wins(db: Database, pilot: Pilot, pilot_week: int) -> WeekWins:
    listed = wins.list_wins(db, pilot.id)
    week = listed[listed["pilot_week"] == pilot_week]
    first = week[week["source"] == "first post"]["name"].tolist()
    recorded = [_who(r.description, r.name) for r in week[week["source"] == "recorded"].itertuples()]
    monday = pilot.weeks[pilot_week - 1]
    stories = benefits.list_benefits(db, pilot.id)
    dated = stories[
        (stories["date"] >= monday.isoformat()) & (stories["date"] < (monday + dt.timedelta(7)).isoformat())
    ]
    told = [
        _who(r["description"] + (f" ({q})" if (q := text.quantity(r)) else ""), r["name"])
        for r in dated.to_dict("records")
    ]
    return WeekWins(first, recorded, told)


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
    summary = build(db, pilot, week)
    row = summary.metrics[summary.metrics["pilot_week"] == summary.pilot_week]
    if not allow_missing and (row.empty or pd.isna(row["tool_posts"].iloc[0])):
        raise MissingReport(
            f"Week {pilot_week_number(pilot.start, week)} has no {pilot.tool_name or 'tool'} report yet: "
            "import it first, "
            "or send anyway with --allow-missing"
        )
    celebrate = week_wins(db, pilot, summary.pilot_week) if summary.pilot_week else WeekWins([], [], [])
    message = EmailMessage()
    message["Subject"] = subject(summary)
    message["From"], message["To"] = sender, ", ".join(to)
    message.set_content(plain_text(summary, celebrate))
    chart_id = make_msgid(domain="pilot.local")
    message.add_alternative(
        html_body(summary, celebrate, chart_id[1:-1] if CHART in summary.charts else None), subtype="html"
    )
    if CHART in summary.charts:
        png = images.chart_image(summary.charts[CHART], "png")
        message.get_payload()[1].add_related(png, "image", "png", cid=chart_id, filename="chart.png")
    pdf = render.render(summary, "pdf")
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=f"{pilot.slug}-week-{summary.pilot_week}.pdf"
    )
    return message


def subject(s: Summary) -> str:
    week = f"week {s.pilot_week}" if s.pilot_week else "no usage data yet"
    return f"{s.pilot.name}: {week}, {s.decision.recommendation}"


def plain_text(s: Summary, celebrate: WeekWins) -> str:
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
        lines += ["", "Goals:"] + [" | ".join(str(c) for c in row) for row in rows]
    if celebrate.lines():
        lines += ["", "Wins of the week:"] + [f"- {w}" for w in celebrate.lines()]
    lines += ["", "The PDF summary is attached."]
    return "\n".join(lines) + "\n"


def html_body(s: Summary, celebrate: WeekWins, chart_cid: str | None) -> str:
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
    won = (
        "".join(f"<li>{escape(w)}</li>" for w in celebrate.lines()) or "<li>Nothing recorded this week.</li>"
    )
    chart = f"<p><img src='cid:{chart_cid}' alt='{escape(CHART)}' width='560'></p>" if chart_cid else ""
    return (
        "<!DOCTYPE html><html><body style='font-family:sans-serif'>"
        f"<h2>{escape(text.title(s))}</h2><p style='color:#666'>{escape(text.as_of(s))}</p>"
        f"<p>{escape(s.this_week)}</p>"
        f"<p><strong>{escape(text.verdict(s))}</strong></p>{_items(text.reasons(s))}"
        f"<p><strong>Risks beside the verdict</strong></p>{_items(text.risks(s))}"
        f"<table><tr>{cells}</tr></table><h3>Goals</h3>{goals}"
        f"<h3>Wins of the week</h3><ul>{won}</ul>{chart}"
        "<p style='color:#666'>The PDF summary is attached.</p></body></html>"
    )


def _items(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _tiles(s: Summary) -> list[tiles.Tile]:
    if not s.pilot_week or s.metrics.empty:
        return []
    return tiles.kpi_tiles(s.metrics, s.pilot_week, tiles.HOME_TILES)


def _who(description: str, name: object) -> str:
    return f"{description} ({name})" if isinstance(name, str) and name else description
