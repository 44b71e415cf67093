"""The summary as a file: Markdown, HTML, PDF or JSON, each from the same Summary."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict

from pilot.core.catalog import SUMMARY_FORMATS
from pilot.core.errors import PilotError
from pilot.core.format import json_ready, utc_minute
from pilot.report import html, md, pdf
from pilot.report.summary import Summary

FORMATS = SUMMARY_FORMATS
MEDIA_TYPES = {
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "json": "application/json",
}


def render(summary: Summary, fmt: str) -> bytes:
    """The summary as a file of format md, html, pdf or json, "Generated" the minute it is made."""
    renderers = {
        "md": lambda s: md.markdown(s).encode("utf-8"),
        "html": lambda s: html.html(s).encode("utf-8"),
        "pdf": pdf.pdf,
        "json": lambda s: to_json(s).encode("utf-8"),
    }
    if fmt not in renderers:
        raise PilotError(f"Unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    return renderers[fmt](stamped(summary))


def stamped(summary: Summary) -> Summary:
    """The summary as a file made now says it: the same figures and charts (the page caches them
    per pilot, data version and week, so a file asked for later is made from an older summary),
    "Generated" this minute, when the reader asked for the file. A shallow copy: nothing is
    computed or drawn again."""
    return dataclasses.replace(summary, generated=utc_minute())


def _business(summary: Summary) -> dict | None:
    """The business case's figures and its sentences (null without an hourly cost)."""
    if summary.business is None:
        return None
    return {**asdict(summary.business), "text": summary.business.lines()}


def to_json(summary: Summary) -> str:
    """Every figure of the summary as JSON (NaN and missing values are null)."""
    pilot = asdict(summary.pilot)
    pilot.update(start=summary.pilot.start.isoformat(), end=summary.pilot.end.isoformat())
    pilot.update(personal_data_until=summary.pilot.keep_until.isoformat())
    doc = {
        "pilot": pilot,
        "pilot_week": summary.pilot_week,
        "week": summary.week,
        "this_week": summary.this_week,
        "generated": summary.generated,
        "decision": asdict(summary.decision),  # recommendation: Go, Extend, No-go or Too early to recommend
        "reasons": summary.reasons,
        "more_reasons": summary.more_reasons,
        "risks": [asdict(r) for r in summary.risks],
        "sponsor": summary.sponsor,
        "override": asdict(summary.override) if summary.override else None,
        "goals": summary.goals,
        "goal_changes": summary.goal_changes,
        "group": summary.group,
        "metrics": summary.metrics.to_dict("records"),
        "benefits": summary.benefits,
        "wins": {**asdict(summary.wins), "text": summary.wins.lines()},
        "concerns": summary.concerns,
        "checklist": summary.checklist,
        "budget": summary.budget,
        "business_case": _business(summary),
    }
    return json.dumps(json_ready(doc), ensure_ascii=False, indent=2, allow_nan=False)
