"""The benefit charts: what the pilot was worth, week by week (pages and summaries draw the same).

Frames come from `benefit_weeks`; the only column naming a person is `who`, which the caller
may blank or replace (viewer rules) before drawing.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pilot.core.catalog import BENEFIT_CATEGORIES
from pilot.results import benefit_weeks, charts
from pilot.results.charts import HEIGHT, hover_text, target_layers, week_axis
from pilot.results.progress import GoalStatus
from pilot.setup.goals import Goal


def cumulative_chart(
    totals: pd.DataFrame, points: pd.DataFrame, goals: list[Goal], pilot_weeks: int, last_week: int
) -> alt.Chart:
    """Cumulative benefits by unit: a line per unit by pilot week (`totals` of benefit_weeks.cumulative),
    a point per benefit with a quantity (`points` of benefit_weeks.points; hover: date, who, category,
    story), and each goal on a unit (benefits:UNIT) as a labelled target line with its due week marked.

    `pilot_weeks`: how many weeks the pilot has (a goal's due week by default); `last_week`: the
    latest week shown.
    """
    targets = pd.DataFrame(
        [
            {
                "unit": g.unit,
                "label": f"{g.describe()} by week {g.due_week or pilot_weeks}",
                "target": g.target,
                "pilot_week": g.due_week or pilot_weeks,
            }
            for g in goals
            if g.unit is not None
        ],
        columns=["unit", "label", "target", "pilot_week"],
    )
    last_week = max([last_week, *targets["pilot_week"]])
    units = sorted({*totals["unit"], *targets["unit"]})
    color = alt.Color(
        "unit:N", title="Unit", scale=alt.Scale(domain=units), legend=alt.Legend(orient="bottom")
    )
    x = week_axis(last_week)
    lines = (
        alt.Chart(totals)
        .mark_line()
        .encode(
            x=x,
            y=alt.Y("total:Q", title="Total so far"),
            color=color,
            tooltip=[
                alt.Tooltip("pilot_week:O", title="Week"),
                alt.Tooltip("unit:N", title="Unit"),
                alt.Tooltip("total:Q", title="Total so far", format=",.2~f"),
            ],
        )
    )
    dots = (
        alt.Chart(_running(points))
        .mark_circle(size=60, opacity=0.8)
        .encode(
            x=x,
            y=alt.Y("running:Q"),
            color=color,
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("who:N", title="Who"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("story:N", title="What happened"),
                alt.Tooltip("amount:N", title="Quantity"),
            ],
        )
    )
    layers = [lines, dots, *target_layers(targets, last_week, color)]
    return alt.layer(*layers).properties(title="Benefits so far, by unit, against their goals", height=HEIGHT)


def per_week_chart(counts: pd.DataFrame, last_week: int) -> alt.Chart:
    """Benefits per week by category, stacked (`counts` of benefit_weeks.per_week_by_category):
    do stories keep coming, or did they dry up after the first weeks?"""
    return (
        alt.Chart(counts, title="Benefits recorded each week, by category")
        .mark_bar()
        .encode(
            x=week_axis(last_week),
            y=alt.Y("benefits:Q", title="Benefits", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "category:N",
                title="Category",
                scale=alt.Scale(domain=list(BENEFIT_CATEGORIES)),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("pilot_week:O", title="Week"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("benefits:Q", title="Benefits"),
            ],
        )
        .properties(height=HEIGHT)
    )


def _running(points: pd.DataFrame) -> pd.DataFrame:
    """The benefits with a quantity, each at its unit's running total once it is counted (oldest
    first), so that a week's points climb to the line; the story cut for hover."""
    rows = points[points["quantity"].notna() & (points["unit"] != "")]
    rows = rows.assign(
        running=rows.groupby("unit")["quantity"].cumsum(),
        story=hover_text(rows["story"]),
        amount=[f"{q:,g} {u}" for q, u in zip(rows["quantity"], rows["unit"], strict=True)],
    )
    return rows[["pilot_week", "unit", "running", "date", "who", "category", "story", "amount"]]


def benefit_charts(
    points: pd.DataFrame, goals: list[Goal], pilot_weeks: int, last_week: int
) -> dict[str, alt.Chart]:
    """Charts 1 and 2 by title, over weeks 1..last_week (`points` of benefit_weeks.points, filtered
    or not): what the pages and the summaries show."""
    weeks = list(range(1, last_week + 1))
    shown = points[points["pilot_week"] <= last_week]
    totals = benefit_weeks.cumulative(shown, weeks)
    return {
        "Benefits so far, by unit": cumulative_chart(totals, shown, goals, pilot_weeks, last_week),
        "Benefits each week, by category": per_week_chart(
            benefit_weeks.per_week_by_category(shown, weeks), last_week
        ),
    }


def goal_charts(statuses: list[GoalStatus], points: pd.DataFrame, last_week: int) -> dict[str, alt.Chart]:
    """Every goal's own chart (charts.goal_chart) by the goal in words, with the benefits tied to it."""
    shown = points[points["pilot_week"] <= last_week]
    return {
        s.goal.describe(): charts.goal_chart(
            s.goal, s.due_week, s.values, shown[shown["goal_id"] == s.goal.id], last_week
        )
        for s in statuses
        if s.values is not None
    }
