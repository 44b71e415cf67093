"""Weekly results: the executives' page. This week's figures against the sponsor's goals, read-only."""

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import ui
from pilot.core.text import escape
from pilot.intake import calendar
from pilot.results import benefit_charts, charts, tiles, week_view
from pilot.results.progress import GoalStatus

CHART_HEIGHT = 340  # pixels for a whole chart: title, axes and legend fit in with a readable plot


def main() -> None:
    db, pilot = ui.page_setup("Weekly results", icon="📈")
    if pilot.purged_at:  # no per-person rows are left to compute from
        st.info(ui.PURGED)
        return
    results = ui.results(db, pilot)
    weekly = results.weekly
    note = calendar.baseline_note(db, pilot)  # every import so far may be a baseline week
    if weekly.empty or note:
        st.info(note or "No usage data yet: import the weekly reports on the **Usage** page.")
        return
    picker, summary = st.columns([1, 3], vertical_alignment="center")
    week = pick_week(picker, weekly)
    owner = ui.may_change(db, pilot)  # owners see every department; viewers the small ones merged
    view = ui.cached(week_view.week_view, db, pilot.slug, week, results, owner)  # once per version and week
    summary.info(escape(view.summary), icon="🗒️")
    group_tab, audience_tab = st.tabs(["Whole group", "By audience"])
    with group_tab:
        for row in (view.tiles[:4], view.tiles[4:]):
            for column, tile in zip(st.columns(len(row)), row, strict=True):
                ui.tile(column, tile)
        st.caption(escape(view.benefit_line))
        goal_table(view.statuses)
        usage_charts(view.charts)
        benefits_against_goals(week, view)
        if owner and results.note:
            st.caption(escape(results.note))
    with audience_tab:
        by_audience(week, view)


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


def usage_charts(drawn: dict[str, dict]) -> None:
    """The charts up to the chosen week, with the goals' targets drawn in."""
    if not drawn:  # a lone dot or an empty frame says less than these words
        st.caption(charts.ONE_WEEK)
        return
    for pair in (("rates", "substitution"), ("sponsor", "retention")):
        for column, name in zip(st.columns(2), pair, strict=True):
            ui.chart(column, drawn[name], width="stretch", height=CHART_HEIGHT)
    ui.chart(st, drawn["departments"], width="stretch", height=CHART_HEIGHT)


def by_audience(week: int, view: week_view.WeekView) -> None:
    """The same weekly metrics per audience (as `metrics --by audience`): leadership to observers;
    a viewer gets audiences under the pilot's smallest group merged, as departments."""
    st.subheader(f"Week {week} by audience", anchor=False)
    st.caption(
        "Each audience's own figures, by the same definitions as the whole group's. Observers are "
        "expected to read rather than post: their contributor rate is theirs alone."
    )
    ui.table(view.audience_table)
    if not view.audience_charts:  # as the group's charts: no lone dots
        return
    for column, heatmap in zip(st.columns(2), view.audience_charts, strict=True):
        ui.chart(column, heatmap, width="stretch", height=CHART_HEIGHT)


def benefits_against_goals(week: int, view: week_view.WeekView) -> None:
    """What emerged while the lines moved: the benefits by unit against their goals, how many came
    each week, and a goal's own chart with the benefits tied to it (one goal at a time, picked: a
    chart for every goal would cost the large pilot its page time)."""
    st.subheader("Benefits against the goals", anchor=False)
    if view.points.empty:
        st.info("No benefits recorded yet: the pilot's owners record them on Benefits and wins.")
    else:
        for column, chart in zip(st.columns(2), view.benefit_charts.values(), strict=True):
            ui.chart(column, chart, width="stretch", height=CHART_HEIGHT)
    statuses = view.statuses
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
    for chart in benefit_charts.goal_charts([statuses[picked]], view.points, week).values():
        ui.chart(left, chart, width="stretch", height=CHART_HEIGHT)
    if statuses[picked].values is None:  # a viewer gets a goal on a small audience by its status only
        left.caption(escape(statuses[picked].explanation))


main()
