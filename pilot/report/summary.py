"""The go / no-go summary: built once from the pilot's data, rendered as Markdown, HTML, PDF or JSON.

`build` gathers every figure (as of a week, for the weekly digest, or the latest week);
the renderers only lay it out, so the four formats can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import altair as alt
import pandas as pd

from pilot import access, store
from pilot.core.catalog import CHECKLIST, HOURS
from pilot.core.errors import PermissionDenied, PilotError
from pilot.core.format import utc_minute
from pilot.core.weeks import monday, pilot_week_number
from pilot.results import (
    benefit_charts,
    benefit_weeks,
    charts,
    engagement,
    history,
    overview,
    progress,
    small_groups,
    tiles,
)
from pilot.results.business import BusinessCase, business_case
from pilot.results.celebrate import WeekWins, week_wins
from pilot.results.decision import Decision, Override, data_weeks, decide, latest_override, reasons
from pilot.results.risks import Risk, risks
from pilot.setup import participants
from pilot.setup.pilots import SPONSOR_HIDDEN, Pilot, get_pilot, sponsor_shown
from pilot.store import Database
from pilot.stories import benefits, concerns

TOP_BENEFITS = 10


@dataclass
class Summary:
    pilot: Pilot
    pilot_week: int | None  # the week the summary is as of (None: no usage data yet)
    week: str | None  # its Monday, ISO
    this_week: str  # the week in a few plain sentences (the weekly digest's opening)
    group: dict  # participants, departments and audiences with their counts
    goals: list[dict]  # one row a goal: target, actual, status, forecast, part in the decision
    decision: Decision
    reasons: list[str]  # the must-have goals behind the verdict, one line each (decision.reasons)
    more_reasons: int  # must-have goals left out of `reasons` (all are in the goal table)
    risks: list[Risk]  # shown beside the verdict, never changing it
    override: Override | None
    sponsor: str  # the sponsor's name (the email when not in the group; "Not set")
    metrics: pd.DataFrame  # metrics.weekly up to the week
    benefits: dict  # count, totals by unit, the top stories
    concerns: list[dict]
    checklist: list[dict]
    budget: dict
    business: BusinessCase | None  # hours saved in money, beside the budget (None: no hourly cost)
    wins: WeekWins  # the week's first posts, badges, recorded wins and benefits
    generated: str = field(default_factory=utc_minute)  # when built; a file: when made (render.stamped)
    charts: dict[str, dict] = field(default_factory=dict)  # title -> Vega-Lite spec (charts.spec)
    goal_changes: list[str] = field(default_factory=list)  # goals whose bar moved after the start


def build(
    db: Database,
    pilot: Pilot,
    week: dt.date | str | None = None,
    results: small_groups.PilotResults | None = None,
    include_small_groups: bool = False,
    with_charts: bool = True,
) -> Summary:
    """The summary of `pilot` as of the pilot week holding `week` (default: the latest week with data).

    `results`: small_groups.pilot_results of the pilot when the caller has them (the page's cache).
    Departments and audiences under the pilot's k are merged into "Other" unless an owner asks
    for `include_small_groups` (refused to a viewer): a summary travels, so it gets what a viewer gets.
    """
    if include_small_groups and not access.may_write(store.role(db, pilot.id)):
        raise PermissionDenied(f"{db.actor.label} may not include small groups: they are for owners")
    results = results or small_groups.pilot_results(db, pilot.id, pilot.small_group)
    weekly = results.weekly
    by_department = results.by_department if include_small_groups else results.shared_by_department
    pilot_week = _pilot_week(pilot, weekly, week)
    latest_week = _pilot_week(pilot, weekly, None)  # as of it, every decision so far (latest_override)
    statuses = progress.goal_statuses(db, pilot, pilot_week, weekly)  # no data: each says so
    if not include_small_groups:  # a goal on a small audience: its status, not its value
        statuses = small_groups.goals_as_seen(statuses, results.inputs, pilot.small_group)
    weekly = tiles.until(weekly, pilot_week or 0).reset_index(drop=True)
    monday_iso = pilot.weeks[pilot_week - 1].isoformat() if pilot_week else None
    until = _week_end(pilot, pilot_week)
    group = participants.list_participants(db, pilot.id)
    people = _enrolled(group, until)
    if not include_small_groups:
        people = small_groups.merged_people(people, pilot.small_group)
    verdict = decide(statuses, data_weeks(weekly, pilot_week), len(pilot.weeks))
    known_concerns = _until(concerns.list_concerns(db, pilot.id), "raised", until)
    shown_reasons, more = reasons(statuses)
    inputs = results.inputs  # who posted: concentration and badges
    concentration = engagement.concentration(inputs, pilot_week) if pilot_week else None
    sponsor = overview.sponsor_name(pilot, group, sponsor_shown(db, pilot))
    names = small_groups.names_for(db, pilot, not include_small_groups)  # a summary travels
    if names is not None:
        pilot, sponsor = replace(pilot, sponsor_email=""), SPONSOR_HIDDEN
    told = small_groups.as_seen(benefits.list_benefits(db, pilot.id), names)  # who, as readers see them
    summary = Summary(
        pilot=pilot,
        pilot_week=pilot_week,
        week=monday_iso,
        this_week=_this_week(db, pilot, weekly, statuses, pilot_week),
        group=_group(people),
        goals=[_goal_row(s) for s in statuses],
        decision=verdict,
        reasons=shown_reasons,
        more_reasons=more,
        risks=risks(pilot, verdict.recommendation, statuses, weekly, known_concerns, concentration),
        override=latest_override(db, pilot.id, None if pilot_week == latest_week else until),
        sponsor=sponsor,
        metrics=weekly,
        benefits=_benefits(told, until),
        concerns=known_concerns.to_dict("records"),
        checklist=[_check(pilot, key, label) for key, label in CHECKLIST.items()],
        budget=_budget(pilot),
        business=None,
        goal_changes=history.goal_changes(db, pilot),
        wins=week_wins(db, pilot, pilot_week, inputs, names) if pilot_week else WeekWins([], {}, [], []),
    )
    points = benefit_weeks.points(told, pilot.start)
    points = points[points["pilot_week"] <= (pilot_week or 0)]
    summary.business = business_case(
        pilot.currency,
        pilot.hourly_cost,
        benefit_weeks.total_until(points, HOURS, pilot_week or 0),
        pilot.budget_spent,
        pilot_week or 0,
        len(people),
        pilot.organisation_size,
    )
    if not with_charts:  # Home shows the verdict alone: its PDF is built, charts and all, on a click
        return summary
    drawn = _charts(weekly, tiles.until(by_department, pilot_week or 0), people, tiles.targets(statuses))
    if pilot_week and charts.enough_weeks(weekly):  # as the other charts: no lone dots
        drawn = _with_benefit_charts(drawn, pilot, statuses, points, pilot_week)
    summary.charts = {title: charts.spec(chart) for title, chart in drawn.items()}
    return summary


def summary_of(
    db: Database, slug: str, week: str | None = None, results: small_groups.PilotResults | None = None,
    small: bool = False, with_charts: bool = True,
) -> Summary:
    """`build` from plain arguments, so that the page can cache it per data version."""
    return build(db, get_pilot(db, slug), week, results, include_small_groups=small, with_charts=with_charts)


def file_name(summary: Summary, fmt: str) -> str:
    """Download name from the slug only (never the free-text name): e.g. demo-summary-week-12.pdf."""
    week = f"-week-{summary.pilot_week}" if summary.pilot_week else ""
    return f"{summary.pilot.slug}-summary{week}.{fmt}"


def _this_week(
    db: Database, pilot: Pilot, weekly: pd.DataFrame, statuses: list[progress.GoalStatus], week: int | None
) -> str:
    if not week:
        return ""
    baseline = progress.baseline_weeks(db, pilot.id)
    return progress.this_week_summary(pilot, weekly, statuses, week, baseline_weeks=baseline)


def _pilot_week(pilot: Pilot, weekly: pd.DataFrame, week: dt.date | str | None) -> int | None:
    """The pilot week the summary is as of; a date outside the pilot is refused."""
    if week is None:
        return int(weekly["pilot_week"].max()) if len(weekly) else None
    try:
        number = pilot_week_number(pilot.start, week)
    except ValueError as e:
        raise PilotError(f"'{week}' is not a date like 2026-09-07") from e
    if not 1 <= number <= len(pilot.weeks):
        first, last = pilot.weeks[0], pilot.weeks[-1]
        raise PilotError(f"The week of {monday(week)} is not a pilot week ({first} to {last})")
    return number


def _week_end(pilot: Pilot, pilot_week: int | None) -> str:
    """The Sunday closing the summary's week: stories and concerns after it are not yet known."""
    if not pilot_week:
        return pilot.end.isoformat()
    return (pilot.weeks[pilot_week - 1] + dt.timedelta(days=6)).isoformat()


def _until(frame: pd.DataFrame, column: str, until: str) -> pd.DataFrame:
    return frame[frame[column].astype(str).str[:10] <= until]


def _enrolled(people: pd.DataFrame, until: str) -> pd.DataFrame:
    """The participants who had joined by the end of the summary's week."""
    return people[people["joined"].isna() | (people["joined"].astype(str) <= until)]


def _group(people: pd.DataFrame) -> dict:
    """The sample group by department and by audience."""
    return {
        "participants": len(people),
        "champions": int(people["champion"].sum()),
        "departments": _counts(people, "department"),
        "audiences": _counts(people, "audience"),
    }


def _counts(people: pd.DataFrame, column: str) -> list[dict]:
    counts = people.groupby(column).size().sort_values(ascending=False, kind="stable")
    return [{column: str(k), "participants": int(v)} for k, v in counts.items()]


def _goal_row(status: progress.GoalStatus) -> dict:
    goal = status.goal
    return {
        "goal": goal.describe(),
        "metric": goal.metric,
        "label": goal.label,
        "must": goal.must,
        "comparison": goal.comparison,
        "target": goal.target,
        "due_week": status.due_week,
        "pilot_week": status.pilot_week,
        "actual": status.actual,
        "status": status.status,
        "slipping": status.slipping,
        "status_words": status.words,
        "forecast": status.forecast,
        "explanation": status.explanation,
        "unit": goal.unit,  # a goal on benefits: the unit whose cumulative quantity it targets
    }


def _benefits(frame: pd.DataFrame, until: str) -> dict:
    """How many stories, their quantities summed by unit, and the biggest ones first."""
    frame = _until(frame, "date", until)
    top = frame.sort_values(["quantity", "date"], ascending=[False, True], na_position="last")
    columns = ["date", "name", "departments", "category", "description", "quantity", "unit"]
    return {
        "count": len(frame),
        "totals_by_unit": benefits.totals_by_unit(frame),
        "top": top[columns].head(TOP_BENEFITS).to_dict("records"),
    }


def _check(pilot: Pilot, key: str, label: str) -> dict:
    item = pilot.checklist.get(key, {})
    return {"item": key, "label": label, "done": bool(item.get("done")), "note": str(item.get("note", ""))}


def _budget(pilot: Pilot) -> dict:
    cap, spent = pilot.budget_cap, pilot.budget_spent
    return {
        "cap": cap,
        "spent": spent,
        "left": cap - spent,
        "currency": pilot.currency,
        "share_spent": spent / cap if cap else None,
    }


def _charts(
    weekly: pd.DataFrame, by_department: pd.DataFrame, people: pd.DataFrame, targets: pd.DataFrame
) -> dict[str, alt.Chart]:
    """The app's own charts (pilot.charts, as on the weekly results page), up to the summary's week."""
    drawn = {}
    if charts.enough_weeks(weekly):  # one week is a lone dot: the summary says "one week so far"
        drawn["Active and contributor rate"] = charts.rates_chart(weekly, targets)
        drawn["Tool posts against the replaced channel"] = charts.substitution_chart(weekly)
        drawn["Active rate by department"] = charts.group_heatmap(by_department)
        drawn["Sponsor posts"] = charts.sponsor_chart(weekly, targets)
        drawn["Retention"] = charts.retention_chart(weekly)
    if not people.empty:
        drawn["Sample group"] = charts.group_makeup(participants.makeup(people))
    return drawn


def _with_benefit_charts(
    drawn: dict[str, alt.Chart],
    pilot: Pilot,
    statuses: list[progress.GoalStatus],
    points: pd.DataFrame,
    pilot_week: int,
) -> dict[str, alt.Chart]:
    """The benefit charts and each must-have goal's own chart, before the sample group's."""
    goals = [s.goal for s in statuses]
    added = {
        **benefit_charts.benefit_charts(points, goals, len(pilot.weeks), pilot_week),
        **benefit_charts.goal_charts([s for s in statuses if s.goal.must], points, pilot_week),
    }
    group = {k: v for k, v in drawn.items() if k == "Sample group"}
    return {**{k: v for k, v in drawn.items() if k != "Sample group"}, **added, **group}
