"""The summary's words and tables as plain text: Markdown, HTML and PDF lay out these same pieces.

Nothing here is escaped; each renderer escapes every piece for its own format.
"""

from __future__ import annotations

import pandas as pd

from pilot.core.catalog import GLOSSARY, METRIC_IDS, TOO_EARLY, metric_label
from pilot.core.format import amount, counted, day, percent, quantity, stamp
from pilot.core.format import format_value as value  # the app's own formatting of figures
from pilot.report.summary import Summary
from pilot.results.charts import ONE_WEEK
from pilot.setup.pilots import NO_BUDGET, NO_CAP, SPONSOR_ERASED, SPONSOR_HIDDEN

Table = tuple[list[str], list[list[str]]]
NO_WINS = "Nothing to celebrate recorded this week."


def frame(table: Table) -> pd.DataFrame:
    """A table as a DataFrame, for the page's st.dataframe."""
    header, rows = table
    return pd.DataFrame(rows, columns=header)


def title(s: Summary) -> str:
    return f"Go / no-go summary: {s.pilot.name}"


def as_of(s: Summary) -> str:
    generated = f"Generated {stamp(s.generated)} UTC."
    if not s.pilot_week:
        return f"No usage data yet. {generated}"
    weeks = len(s.pilot.weeks)
    return f"As of week {s.pilot_week} of {weeks} (week of {day(s.week)}). {generated}"


def verdict(s: Summary) -> str:
    """The headline: 'Recommendation: Go', or 'Too early to recommend'."""
    made = s.decision.recommendation
    return made if made == TOO_EARLY else f"Recommendation: {made}"


def reasons(s: Summary) -> list[str]:
    """The verdict's reasons, one line each: why, then the must-have goals (and how many more)."""
    more = [f"and {s.more_reasons} more on the goal table"] if s.more_reasons else []
    return [s.decision.reason, *s.reasons, *more]


def risks(s: Summary) -> list[str]:
    return [r.text for r in s.risks] or [
        "No risk found: no open concern, the checklist ticked, within budget."
    ]


def glossary() -> list[tuple[str, str]]:
    return list(GLOSSARY.items())


def charts_note(s: Summary) -> str:
    """Said instead of the weekly charts while there is one week of data."""
    return ONE_WEEK if len(s.metrics) == 1 else ""


GOAL_CHANGES = "Goals changed after the pilot started"


def override(s: Summary) -> tuple[str, str] | None:
    """The owner's decision (headline, reason), shown beside the computed one."""
    if not s.override:
        return None
    o = s.override
    by = f"{o.decided_by}, {o.decided_role}," if o.decided_role else o.decided_by
    head = (
        f"Owner's decision: {o.decision} (recorded by {by} on {stamp(o.decided_at)} UTC; "
        f"the computed recommendation is {s.decision.recommendation})."
    )
    return head, f"Reason: {o.reason}"


def goal_table(s: Summary) -> Table:
    header = [
        "Goal",
        "Must-have",
        "Target",
        "Actual",
        "Status",
        "Forecast",
        "Due week",
        "Part in the decision",
    ]
    rows = [
        [
            g["label"],
            "yes" if g["must"] else "no",
            f"{g['comparison'].replace('_', ' ')} {value(g['metric'], g['target'])}",
            value(g["metric"], g["actual"]),
            g["status_words"],
            value(g["metric"], g["forecast"]),
            str(g["due_week"]),
            part.part,
        ]
        for g, part in zip(s.goals, s.decision.parts, strict=True)
    ]
    return header, rows


def pilot_items(s: Summary) -> list[tuple[str, str]]:
    """The pilot as defined; parts the owner left blank are left out."""
    p = s.pilot
    items = [
        ("Purpose", p.purpose),
        ("Tool", _named(p.tool_name, p.tool_kind)),
        ("Replaced channel", _named(p.replaced_name, p.replaced_kind)),
        ("Rule", p.replaced_rule),
        ("Dates", f"{day(p.start)} to {day(p.end)} ({len(p.weeks)} weeks)"),
        ("Sponsor", _sponsor(s)),
    ]
    return [(k, v) for k, v in items if v]


def context_items(s: Summary) -> list[tuple[str, str]]:
    """The pilot's context for page 1: purpose, dates, sponsor, tool and replaced channel."""
    wanted = ("Purpose", "Dates", "Sponsor", "Tool", "Replaced channel")
    return [(k, v) for k, v in pilot_items(s) if k in wanted]


def _sponsor(s: Summary) -> str:
    email = s.pilot.sponsor_email
    if not email:  # none, erased, or hidden behind pseudonyms ("the sponsor")
        return s.sponsor if s.sponsor in (SPONSOR_ERASED, SPONSOR_HIDDEN) else ""
    return f"{s.sponsor} ({email})" if s.sponsor != email else email


def _named(name: str, kind: str) -> str:
    return f"{name} ({kind})" if name and kind else name or kind


def group_text(s: Summary) -> str:
    g = s.group
    counts = {"participant": g["participants"], "champion": g["champions"]}
    counts["department"] = len(g["departments"])
    return ", ".join(counted(n, word) for word, n in counts.items()) + "."


def group_tables(s: Summary) -> list[Table]:
    g = s.group
    return [
        (
            ["Department", "Participants"],
            [[d["department"], str(d["participants"])] for d in g["departments"]],
        ),
        (["Audience", "Participants"], [[a["audience"], str(a["participants"])] for a in g["audiences"]]),
    ]


def metric_table(s: Summary) -> Table:
    header = ["Week", "Pilot week", *(metric_label(m) for m in METRIC_IDS)]
    rows = [
        [day(r["week"]), str(r["pilot_week"]), *(value(m, r[m]) for m in METRIC_IDS)]
        for r in s.metrics.to_dict("records")
    ]
    return header, rows


def benefit_text(s: Summary) -> str:
    b = s.benefits
    totals = ", ".join(f"{amount(v)} {u}" for u, v in b["totals_by_unit"].items()) or "none"
    shown = f" The {len(b['top'])} largest are listed." if b["count"] > len(b["top"]) else ""
    return f"{b['count']} benefits recorded. Quantities summed by unit: {totals}.{shown}"


def benefit_table(s: Summary) -> Table:
    rows = [
        [day(r["date"]), str(r["name"] or ""), str(r["category"]), str(r["description"]), quantity(r)]
        for r in s.benefits["top"]
    ]
    return ["Date", "Who", "Category", "What happened", "Quantity"], rows


def wins(s: Summary) -> list[str]:
    """The week's wins in a few lines: first posts, badges, recorded wins, benefits dated in it."""
    return s.wins.lines() or [NO_WINS]


def concern_table(s: Summary) -> Table:
    keys = ("raised_by", "description", "status", "handling")
    rows = [[day(c["raised"]), *(str(c.get(k) or "") for k in keys)] for c in s.concerns]
    return ["Raised", "By", "Concern", "Status", "How it was handled"], rows


def checklist(s: Summary) -> list[tuple[bool, str, str]]:
    return [(c["done"], c["label"], c["note"]) for c in s.checklist]


def budget_text(s: Summary) -> str:
    b = s.budget
    if not b["cap"]:
        return f"Spent {amount(b['spent'])} {b['currency']}; {NO_CAP}." if b["spent"] else f"{NO_BUDGET}."
    share = f" ({percent(b['share_spent'])})" if b["share_spent"] is not None else ""
    return (
        f"Spent {amount(b['spent'])} of {amount(b['cap'])} {b['currency']}{share}; "
        f"{amount(b['left'])} {b['currency']} left."
    )


def business_text(s: Summary) -> list[str]:
    """The business case beside the budget: value of the hours saved, the projection, and how."""
    return s.business.lines() if s.business else []
