"""The Weekly results page's figures as of one week: goal statuses, the week in words, the tiles, the
charts (as Vega-Lite specs), and the benefits by week. Made once per (pilot, data version, week) and
cached by the page, so that a rerun computes and converts nothing again (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pilot.results import benefit_charts, benefit_weeks, charts, progress, small_groups, tiles
from pilot.results.progress import GoalStatus
from pilot.setup.pilots import get_pilot
from pilot.store import Database
from pilot.stories import benefits


@dataclass
class WeekView:
    statuses: list[GoalStatus]
    summary: str  # the week in a few plain sentences
    tiles: list[tiles.Tile]
    benefit_line: str  # the benefits' quantities so far, in one line
    # rates, substitution, sponsor, retention, departments (specs); empty with fewer than 2 weeks
    charts: dict[str, dict]
    points: pd.DataFrame  # benefit_weeks.points: each benefit by pilot week (empty: none recorded)
    benefit_charts: dict[str, dict]  # charts 1 and 2 of the benefits, by title (specs)
    audience_table: pd.DataFrame  # the week's metrics per audience (tiles.audience_table)
    # the active and contributor rates by audience and week (specs); empty with fewer than 2 weeks
    audience_charts: list[dict]


def week_view(
    db: Database, slug: str, week: int, results: small_groups.PilotResults, owner: bool
) -> WeekView:
    """The page's figures as of pilot week `week`, from the metrics the page has cached (`results`):
    for an `owner` every department, audience, goal figure and name; else as viewers see them: the
    small departments and audiences merged, a goal on a small audience by its status only and, when
    the pilot gives viewers pseudonyms, each benefit's teller by one."""
    pilot = get_pilot(db, slug)
    by_audience = small_groups.by_group(db, pilot, "audience", not owner, results)
    weekly = results.weekly
    by_department = results.by_department if owner else results.shared_by_department
    statuses = progress.goal_statuses(db, pilot, week, weekly)
    if not owner:  # a goal on a small audience: its status, not its value
        statuses = small_groups.goals_as_seen(statuses, results.inputs, pilot.small_group)
    baseline = progress.baseline_weeks(db, pilot.id)
    names = small_groups.names_for(db, pilot, not owner)  # a viewer's: pseudonyms if on
    told = small_groups.as_seen(benefits.list_benefits(db, pilot.id), names)
    points = benefit_weeks.points(told, pilot.start)
    drawn = {}
    if not points.empty:
        goals = [s.goal for s in statuses]
        drawn = benefit_charts.benefit_charts(points, goals, len(pilot.weeks), week)
    return WeekView(
        statuses=statuses,
        summary=progress.this_week_summary(pilot, weekly, statuses, week, baseline_weeks=baseline),
        tiles=tiles.kpi_tiles(weekly, week),
        benefit_line=tiles.benefit_line(points, week),
        charts=_results_charts(tiles.until(weekly, week), tiles.until(by_department, week), statuses),
        points=points,
        benefit_charts={title: charts.spec(chart) for title, chart in drawn.items()},
        audience_table=tiles.audience_table(by_audience, week),
        audience_charts=_audience_charts(tiles.until(by_audience, week)),
    )


def _audience_charts(by_audience: pd.DataFrame) -> list[dict]:
    """The active and contributor rates by audience up to the week (none for a lone week, as the group's)."""
    if not charts.enough_weeks(by_audience):
        return []
    rates = ("active_rate", "contributor_rate")
    return [charts.spec(charts.group_heatmap(by_audience, "audience", rate)) for rate in rates]


def _results_charts(weekly: pd.DataFrame, by_department: pd.DataFrame, statuses: list[GoalStatus]) -> dict:
    """The usage charts up to the week with the goals' targets drawn in (none for a lone week)."""
    if not charts.enough_weeks(weekly):  # a lone dot or an empty frame says less than charts.ONE_WEEK
        return {}
    targets = tiles.targets(statuses)
    drawn = {
        "rates": charts.rates_chart(weekly, targets),
        "substitution": charts.substitution_chart(weekly),
        "sponsor": charts.sponsor_chart(weekly, targets),
        "retention": charts.retention_chart(weekly),
        # one column a week, one row a department, as wide as the page
        "departments": charts.group_heatmap(by_department).properties(width="container"),
    }
    return {name: charts.spec(chart) for name, chart in drawn.items()}
