"""Weekly results: the executives' page. This week's figures against the sponsor's goals, read-only."""

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import ui
from pilot.core.text import escape
from pilot.intake import calendar
from pilot.results import benefit_charts, benefit_weeks, charts, metrics, progress, small_groups, tiles
from pilot.results.progress import GoalStatus
from pilot.setup.pilots import Pilot
from pilot.store import Database
from pilot.stories import benefits

CHART_HEIGHT = 340  # pixels for a whole chart: title, axes and legend fit in with a readable plot


def main() -> None:
    db, pilot = ui.page_setup("Weekly results", icon="📈")
    if pilot.purged_at:  # no per-person rows are left to compute from
        st.info(ui.PURGED)
        return
    weekly, by_department = ui.cached(metrics.results, db, pilot.id)
    note = calendar.baseline_note(db, pilot)  # every import so far may be a baseline week
    if weekly.empty or note:
        st.info(note or "No usage data yet: import the weekly reports on the **Usage** page.")
        return
    picker, summary = st.columns([1, 3], vertical_alignment="center")
    week = pick_week(picker, weekly)
    statuses = progress.goal_statuses(db, pilot, week, weekly)
    baseline = ui.cached(progress.baseline_weeks, db, pilot.id)
    summary.info(
        escape(progress.this_week_summary(pilot, weekly, statuses, week, baseline_weeks=baseline)), icon="🗒️"
    )
    group_tab, audience_tab = st.tabs(["Whole group", "By audience"])
    with group_tab:
        figures = tiles.kpi_tiles(weekly, week)
        for row in (figures[:4], figures[4:]):
            for column, tile in zip(st.columns(len(row)), row, strict=True):
                ui.tile(column, tile)
        st.caption(escape(tiles.benefit_line(db, pilot, week)))
        goal_table(statuses)
        charts_until(week, weekly, by_department, statuses)
        benefits_against_goals(db, pilot, week, statuses)
        note = ui.cached(small_groups.owner_note, db, pilot.id, pilot.small_group)  # owners see all
        if note:
            st.caption(escape(note))
    with audience_tab:
        by_audience(db, pilot, week)


def pick_week(column: DeltaGenerator, weekly: pd.DataFrame) -> int:
    """The week shown; the latest complete week first."""
    choices = tiles.week_choices(weekly)
    weeks = list(choices)
    return column.selectbox(
        "Week",
        weeks,
        index=weeks.index(tiles.latest_complete_week(weekly)),
        format_func=choices.get,
        key="results_week",
        help="The latest complete week is shown first.",
    )


def goal_table(statuses: list[GoalStatus]) -> None:
    st.subheader("Goals", anchor=False)
    if statuses:
        ui.table(tiles.goal_table(statuses))
        st.caption(tiles.STATUS_RULE)
    else:
        st.caption("No goals yet: the sponsor's goals are set on the **Pilot** page.")


def charts_until(
    week: int, weekly: pd.DataFrame, by_department: pd.DataFrame, statuses: list[GoalStatus]
) -> None:
    """The charts up to the chosen week, with the goals' targets drawn in."""
    shown, shown_departments = tiles.until(weekly, week), tiles.until(by_department, week)
    if not charts.enough_weeks(shown):  # a lone dot or an empty frame says less than these words
        st.caption(charts.ONE_WEEK)
        return
    targets = tiles.targets(statuses)
    left, right = st.columns(2)
    left.altair_chart(charts.rates_chart(shown, targets), width="stretch", height=CHART_HEIGHT)
    right.altair_chart(charts.substitution_chart(shown), width="stretch", height=CHART_HEIGHT)
    left, right = st.columns(2)
    left.altair_chart(charts.sponsor_chart(shown, targets), width="stretch", height=CHART_HEIGHT)
    right.altair_chart(charts.retention_chart(shown), width="stretch", height=CHART_HEIGHT)
    heatmap = charts.group_heatmap(shown_departments).properties(width="container")
    st.altair_chart(heatmap, width="stretch", height=CHART_HEIGHT)  # one column a week, one row a department


def by_audience(db: Database, pilot: Pilot, week: int) -> None:
    """The same weekly metrics per audience (as `metrics --by audience`): leadership to observers."""
    frame = ui.cached(metrics.by_audience, db, pilot.id)
    st.subheader(f"Week {week} by audience", anchor=False)
    st.caption(
        "Each audience's own figures, by the same definitions as the whole group's. Observers are "
        "expected to read rather than post: their contributor rate is theirs alone."
    )
    ui.table(tiles.audience_table(frame, week))
    shown = tiles.until(frame, week)
    if not charts.enough_weeks(shown):  # as the group's charts: no lone dots
        return
    for column, metric in zip(st.columns(2), ("active_rate", "contributor_rate"), strict=True):
        heatmap = charts.group_heatmap(shown, "audience", metric)
        column.altair_chart(heatmap, width="stretch", height=CHART_HEIGHT)


def benefits_against_goals(db: Database, pilot: Pilot, week: int, statuses: list[GoalStatus]) -> None:
    """What emerged while the lines moved: the benefits by unit against their goals, how many came
    each week, and a goal's own chart with the benefits tied to it (one goal at a time, picked: a
    chart for every goal would cost the large pilot its page time)."""
    st.subheader("Benefits against the goals", anchor=False)
    stories = ui.cached(benefits.list_benefits, db, pilot.id)
    points = benefit_weeks.points(stories, pilot.start)  # `who` is the seam for the viewer rules
    if stories.empty:
        st.info("No benefits recorded yet: record the first one on the Benefits page.")
    else:
        drawn = benefit_charts.benefit_charts(points, [s.goal for s in statuses], len(pilot.weeks), week)
        for column, chart in zip(st.columns(2), drawn.values(), strict=True):
            column.altair_chart(chart, width="stretch", height=CHART_HEIGHT)
    if not statuses:
        return
    left, _ = st.columns(2)
    first = next((i for i, s in enumerate(statuses) if s.goal.must), 0)
    picked = left.selectbox(
        "Goal",
        range(len(statuses)),
        index=first,
        format_func=lambda i: statuses[i].goal.describe(),
        key="results_goal_chart",
        help="Its metric by week against the target, with the benefits tied to it (hover for the stories).",
    )
    [chart] = benefit_charts.goal_charts([statuses[picked]], points, week).values()
    left.altair_chart(chart, width="stretch", height=CHART_HEIGHT)


main()
