"""The summary as Markdown, for pasting into Teams, Confluence or a wiki.

Every piece of text goes through `escape`: pasted Markdown is rendered by tools that
allow raw HTML, links and images, so user text must never become any of those.
"""

from __future__ import annotations

from pilot.core.text import escape
from pilot.report import text
from pilot.report.summary import Summary


def markdown(s: Summary) -> str:
    """The whole summary, recommendation first (charts are in the HTML and PDF formats)."""
    d = s.decision
    parts = [f"# {escape(text.title(s))}", escape(text.as_of(s))]
    if s.this_week:
        parts.append(escape(s.this_week))
    headline = text.verdict(s).replace(d.recommendation, f"**{d.recommendation}**")
    parts += [f"## {headline}", bullets(text.reasons(s)), escape(f"Rule: {d.rule}")]
    override = text.override(s)
    if override:
        parts.append(f"**{escape(override[0])}** {escape(override[1])}")
    parts += ["## Risks beside the verdict", bullets(text.risks(s))]
    parts += ["## Goals", table(*text.goal_table(s)) if s.goals else "No goal status yet."]
    if s.goal_changes:
        parts += [f"**{text.GOAL_CHANGES}:**", "\n".join(f"- {escape(note)}" for note in s.goal_changes)]
    parts += ["## The pilot", "\n".join(f"- **{k}:** {escape(v)}" for k, v in text.pilot_items(s))]
    parts += ["## Sample group", escape(text.group_text(s)), *(table(*t) for t in text.group_tables(s))]
    parts += ["## Benefits", escape(text.benefit_text(s))]
    if s.benefits["top"]:
        parts.append(table(*text.benefit_table(s)))
    parts += ["## Wins", bullets(text.wins(s))]
    parts += ["## Concerns", table(*text.concern_table(s)) if s.concerns else "No concern raised."]
    checks = [
        f"- [{'x' if done else ' '}] {'done' if done else 'not done'}: {escape(label)}"
        + (f": {escape(note)}" if note else "")
        for done, label, note in text.checklist(s)
    ]
    parts += ["## Throw-away checklist", "\n".join(checks)]
    parts += ["## Budget", escape(text.budget_text(s)), *(escape(line) for line in text.business_text(s))]
    if not s.metrics.empty:
        parts += ["## Weekly metrics", table(*text.metric_table(s))]
    parts += ["## Glossary", "\n".join(f"- **{escape(k)}:** {escape(v)}" for k, v in text.glossary())]
    return "\n\n".join(parts) + "\n"


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {escape(line)}" for line in lines)


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, every cell escaped."""
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
