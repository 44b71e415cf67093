"""The summary as ONE self-contained HTML file: opens offline, fetches nothing, runs no script.

Charts are the app's Altair charts drawn to SVG by vl-convert and inlined as data: images
(an SVG in an <img> cannot run script); every piece of text is HTML-escaped; a Content
Security Policy forbids any fetch but data: images, in case a mistake slips through.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape

from pilot.core.catalog import TOO_EARLY
from pilot.core.format import tick
from pilot.report import text
from pilot.report.images import chart_images
from pilot.report.summary import Summary

VERDICT_CLASS = {TOO_EARLY: "Too-early"}  # the others are their own class name
DATA_SVG = "data:image/svg+xml;base64,"
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;max-width:1100px;
margin:2rem auto;padding:0 1rem;color:#1f2933;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #d9dee3}
.verdict{font-size:2.4rem;font-weight:700;padding:.6rem 1rem;border-radius:.4rem;display:inline-block}
.Go{background:#d7f5dd;color:#14532d} .Extend{background:#fff1c2;color:#713f12}
.No-go{background:#fde0e0;color:#7f1d1d} .Too-early{background:#e5e7eb;color:#1f2933}
.risks li{margin:.2rem 0} dl.glossary dt{font-weight:700}
.override{border-left:4px solid #6b7280;padding-left:.8rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #d9dee3;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f7} .muted{color:#6b7280}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem;align-items:start}
figure{margin:0} figure img{max-width:100%;height:auto}
ul.checklist{list-style:none;padding-left:0}
"""


def html(s: Summary) -> str:
    """The whole summary as one HTML document."""
    d = s.decision
    body = [f"<h1>{escape(text.title(s))}</h1>", f"<p class='muted'>{escape(text.as_of(s))}</p>"]
    body.append(f"<p>{escape(s.this_week)}</p>" if s.this_week else "")
    css = VERDICT_CLASS.get(d.recommendation, d.recommendation)
    body += [
        f"<p><span class='verdict {css}'>{escape(text.verdict(s))}</span></p>",
        _list(escape(line) for line in text.reasons(s)),
        f"<p class='muted'>Rule: {escape(d.rule)}</p>",
    ]
    override = text.override(s)
    if override:
        head, reason = (escape(t) for t in override)
        body.append(f"<div class='override'><p><strong>{head}</strong></p><p>{reason}</p></div>")
    body += ["<h2>Risks beside the verdict</h2>", _list((escape(r) for r in text.risks(s)), "risks")]
    body += ["<h2>Goals</h2>", table(*text.goal_table(s)) if s.goals else "<p>No goal status yet.</p>"]
    if s.goal_changes:
        body += [f"<p><strong>{text.GOAL_CHANGES}:</strong></p>", _list(escape(n) for n in s.goal_changes)]
    body += _charts(s)
    body += [
        "<h2>The pilot</h2>",
        _list(f"<strong>{k}:</strong> {escape(v)}" for k, v in text.pilot_items(s)),
    ]
    body += ["<h2>Sample group</h2>", f"<p>{escape(text.group_text(s))}</p>"]
    body += [table(*t) for t in text.group_tables(s)]
    body += ["<h2>Benefits</h2>", f"<p>{escape(text.benefit_text(s))}</p>"]
    if s.benefits["top"]:
        body.append(table(*text.benefit_table(s)))
    body += ["<h2>Wins</h2>", _list(escape(line) for line in text.wins(s))]
    body += [
        "<h2>Concerns</h2>",
        table(*text.concern_table(s)) if s.concerns else "<p>No concern raised.</p>",
    ]
    checks = (
        f"{tick(done)}: {escape(label)}" + (f": <span class='muted'>{escape(note)}</span>" if note else "")
        for done, label, note in text.checklist(s)
    )
    body += ["<h2>Throw-away checklist</h2>", _list(checks, "checklist")]
    body += ["<h2>Budget</h2>", f"<p>{escape(text.budget_text(s))}</p>"]
    body += [f"<p>{escape(line)}</p>" for line in text.business_text(s)]
    if not s.metrics.empty:
        body += ["<h2>Weekly metrics</h2>", table(*text.metric_table(s))]
    terms = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in text.glossary())
    body += ["<h2>Glossary</h2>", f"<dl class='glossary'>{terms}</dl>"]
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<title>{escape(text.title(s))}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table, every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _list(items: Iterable[str], css: str = "") -> str:
    cls = f" class='{css}'" if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _charts(s: Summary) -> list[str]:
    """Each chart inline as a data: SVG image, drawn from the same Altair chart as the app's."""
    note = [f"<p class='muted'>{escape(text.charts_note(s))}</p>"] if text.charts_note(s) else []
    if not s.charts:
        return ["<h2>Charts</h2>", *note] if note else []
    figures = [
        f"<figure><img alt='{escape(name)}' src='{DATA_SVG}{base64.b64encode(svg).decode()}'></figure>"
        for name, svg in chart_images(s, "svg").items()
    ]
    return ["<h2>Charts</h2>", *note, "<div class='charts'>", *figures, "</div>"]
