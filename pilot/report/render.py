"""The summary as a file: Markdown, HTML, PDF or JSON, each from the same Summary."""

from __future__ import annotations

import json
from dataclasses import asdict

from pilot.core.catalog import SUMMARY_FORMATS
from pilot.core.errors import PilotError
from pilot.core.format import json_ready
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
    """The summary as a file of format md, html, pdf or json."""
    renderers = {
        "md": lambda s: md.markdown(s).encode("utf-8"),
        "html": lambda s: html.html(s).encode("utf-8"),
        "pdf": pdf.pdf,
        "json": lambda s: to_json(s).encode("utf-8"),
    }
    if fmt not in renderers:
        raise PilotError(f"Unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    return renderers[fmt](summary)


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
