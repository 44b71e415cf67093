"""Altair charts from frames: the pages and the exported summary draw the very same charts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from pilot.core.catalog import AUDIENCES, METRICS, metric_label
from pilot.setup.goals import Goal

# A drawn chart is a spec with its data inline; the benefits' points can pass Altair's default of 5,000 rows.
alt.data_transformers.disable_max_rows()
# Altair checks every part of a chart against the schema as it is made (its "debug mode"): a tenth
# of a results page's first run on a large pilot. The tests check every chart the pages draw
# against the Vega-Lite schema instead (tests/app/test_chart_specs.py).
alt.utils.schemapi.disable_debug_mode()


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite spec, its data inline: made once per (pilot, data version, week)
    inside a cached result, then drawn by a page on every run, and by vl-convert for every summary
    format, without Altair's conversion again. Not validated here (half the cost): the tests check
    every chart the pages draw against the Vega-Lite schema (tests/app/test_chart_specs.py)."""
    return chart.to_dict(validate=False)


# Counts of people or posts: whole-number ticks only (an axis of 0.0, 0.1 ... people reads as nonsense).
COUNT_AXIS = alt.Axis(format=",d", tickMinStep=1)


def group_makeup(frame: pd.DataFrame) -> alt.Chart:
    """The sample group by department, stacked by audience (frame of participants.makeup)."""
    return (
        alt.Chart(frame, title="Sample group by department and audience")
        .mark_bar()
        .encode(
            x=alt.X("sum(participants):Q", title="Participants", axis=COUNT_AXIS),
            y=alt.Y("department:N", title=None, sort="-x"),
            color=alt.Color("audience:N", title="Audience", scale=alt.Scale(domain=audience_order(frame))),
            tooltip=["department:N", "audience:N", "participants:Q"],
        )
    )


# The weekly results (frames of metrics.weekly / metrics.by_department: aggregates only, no person).
ONE_WEEK = "One week so far: the charts start with the second week of data."


def enough_weeks(weekly: pd.DataFrame) -> bool:
    """Two weeks or more to draw: one week would be a lone dot or an empty frame (say ONE_WEEK)."""
    return weekly["pilot_week"].nunique() >= 2


HEIGHT = 260  # the whole chart, axes and title included (Streamlit fits it into this height)
WEEK = alt.X("pilot_week:O", title="Pilot week", axis=alt.Axis(labelAngle=0))


def rates_chart(weekly: pd.DataFrame, targets: pd.DataFrame | None = None) -> alt.Chart:
    """Active and contributor rate by week, with the goals' targets (tiles.targets) as labelled lines."""
    names = {"active_rate": "Active rate", "contributor_rate": "Contributor rate"}
    goals, last_week = goal_lines(weekly, targets, names)
    data = weekly.melt("pilot_week", list(names), var_name="metric", value_name="rate")
    data["metric"] = data["metric"].map(names)
    color = alt.Color(
        "metric:N",
        title=None,
        scale=alt.Scale(domain=list(names.values())),
        legend=alt.Legend(orient="bottom"),
    )
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=week_axis(last_week),
            y=alt.Y(
                "rate:Q",
                title="Share of the group",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=color,
            tooltip=["pilot_week:O", "metric:N", alt.Tooltip("rate:Q", format=".1%")],
        )
    )
    return alt.layer(lines, *target_layers(goals, last_week, color)).properties(
        title="Active and contributor rate against the goals", height=HEIGHT
    )


def goal_lines(
    weekly: pd.DataFrame, targets: pd.DataFrame | None, names: dict[str, str]
) -> tuple[pd.DataFrame, int]:
    """The target lines of these metrics (each under its name in the chart), and the last week the
    chart shows: a due week ahead included, so its diamond is drawn."""
    goals = pd.DataFrame(columns=["metric", "label", "target", "pilot_week"]) if targets is None else targets
    goals = goals[goals["metric"].isin(list(names))]
    goals = goals.assign(metric=goals["metric"].map(names))
    return goals, max([1, *weekly["pilot_week"].astype(int), *goals["pilot_week"].astype(int)])


def substitution_chart(weekly: pd.DataFrame) -> alt.Chart:
    """Posts on the tool against the replaced channel's volume: is the new tool taking over?"""
    names = {"tool_posts": "Tool posts", "replaced_volume": "Replaced channel volume"}
    data = weekly.melt("pilot_week", list(names), var_name="series", value_name="posts")
    data["series"] = data["series"].map(names)
    return (
        alt.Chart(data, title="Tool posts against the replaced channel")
        .mark_line(point=True)
        .encode(
            x=WEEK,
            y=alt.Y("posts:Q", title="Posts", axis=COUNT_AXIS),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=list(names.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["pilot_week:O", "series:N", alt.Tooltip("posts:Q", format=",.0f")],
        )
        .properties(height=HEIGHT)
    )


def audience_order(frame: pd.DataFrame, every: bool = True) -> list[str]:
    """The audiences in the catalog's order (then any other group, such as the merged Other): each
    audience keeps its colour and place in every pilot's charts. `every`: also those not present."""
    present = set(frame["audience"].dropna().astype(str))
    known = [a for a in AUDIENCES if every or a in present]
    return known + sorted(present - set(AUDIENCES))


def group_heatmap(frame: pd.DataFrame, by: str = "department", metric: str = "active_rate") -> alt.Chart:
    """A rate of each department (or audience, `by`) by week: which group lags."""
    data = frame[[by, "pilot_week", metric]]
    label = metric_label(metric)
    return (
        alt.Chart(data, title=f"{label} by {by} and week")
        .mark_rect()
        .encode(
            x=WEEK,
            y=alt.Y(
                f"{by}:N",
                title=None,
                sort=audience_order(data, every=False) if by == "audience" else "ascending",
            ),
            color=alt.Color(
                f"{metric}:Q",
                title=label,
                scale=alt.Scale(domain=[0, 1], scheme="blues"),
                legend=alt.Legend(format="%"),
            ),
            tooltip=[f"{by}:N", "pilot_week:O", alt.Tooltip(f"{metric}:Q", format=".1%")],
        )
        .properties(height=max(HEIGHT, 24 * data[by].nunique() + 90))
    )


def sponsor_chart(weekly: pd.DataFrame, targets: pd.DataFrame | None = None) -> alt.Chart:
    """The sponsor's posts by week (a sponsor visibly taking part), with the goal's target line."""
    goal, last_week = goal_lines(weekly, targets, {"sponsor_posts": "Sponsor posts"})
    bars = (
        alt.Chart(weekly[["pilot_week", "sponsor_posts"]])
        .mark_bar()
        .encode(
            x=week_axis(last_week),
            y=alt.Y("sponsor_posts:Q", title="Posts", axis=COUNT_AXIS),
            tooltip=["pilot_week:O", "sponsor_posts:Q"],
        )
    )
    return alt.layer(bars, *target_layers(goal, last_week)).properties(title="Sponsor posts", height=HEIGHT)


def retention_chart(weekly: pd.DataFrame) -> alt.Chart:
    """Of those active in an earlier week, the share still active: does use last?"""
    return (
        alt.Chart(weekly[["pilot_week", "retention"]], title="Retention")
        .mark_line(point=True)
        .encode(
            x=WEEK,
            y=alt.Y(
                "retention:Q", title="Still active", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
            ),
            tooltip=["pilot_week:O", alt.Tooltip("retention:Q", format=".1%")],
        )
        .properties(height=HEIGHT)
    )


# Goals: every goal's chart, and the target lines that benefit charts share.
TARGET_COLOUR = "firebrick"
HOVER_CHARS = 280  # a story on hover is cut here: the whole story is in the table
# A target's label is cut here (pixels, with "…"): a longer one (a long unit or KPI name) widened the
# chart's bounds, and the plot shrank to a sliver to fit the page. The whole label is on its diamond.
LABEL_LIMIT = 240


def week_axis(last_week: int) -> alt.X:
    """Pilot weeks 1..last_week on the x axis, a week with no data included (a due week ahead, say)."""
    return alt.X(
        "pilot_week:O",
        title="Pilot week",
        axis=alt.Axis(labelAngle=0),
        scale=alt.Scale(domain=list(range(1, last_week + 1))),
    )


def target_layers(targets: pd.DataFrame, last_week: int, color: alt.Color | None = None) -> list[alt.Chart]:
    """Each target (`label, target, pilot_week` = its due week) as a dashed line across the chart,
    labelled in words at its left end, with a diamond on it at the due week. Constant positions and
    colours are mark properties: as encodings, Altair validates them slowly."""
    paint = {"color": color} if color is not None else {}
    fixed = {} if color is not None else {"color": TARGET_COLOUR}
    base = alt.Chart(targets)
    rule = base.mark_rule(strokeDash=[6, 4], **fixed).encode(y=alt.Y("target:Q"), **paint)
    text = {"align": "left", "baseline": "bottom", "x": 4, "dy": -3, "fontSize": 11, "limit": LABEL_LIMIT}
    label = base.mark_text(**text, **fixed).encode(
        y=alt.Y("target:Q"), text=alt.Text("label:N"), **paint
    )
    due = base.mark_point(shape="diamond", size=110, filled=True, **fixed).encode(
        x=week_axis(last_week),
        y=alt.Y("target:Q"),
        tooltip=[alt.Tooltip("label:N", title="Goal"), alt.Tooltip("pilot_week:O", title="Due week")],
        **paint,
    )
    return [rule, label, due]


def hover_text(stories: pd.Series) -> pd.Series:
    """Stories cut for a tooltip (plain text: Vega shows it as text, never as HTML)."""
    return stories.where(stories.str.len() <= HOVER_CHARS, stories.str[: HOVER_CHARS - 1] + "…")


def goal_chart(goal: Goal, due_week: int, values: pd.Series, tied: pd.DataFrame, last_week: int) -> alt.Chart:
    """One goal: its metric by week (`values`, pilot week -> value), the target as a labelled line with
    the due week marked, and the benefits tied to it (`tied`: `pilot_week, story` rows of
    benefit_weeks.points) as markers on the week they happened, the stories on hover."""
    last_week = max(last_week, due_week)
    is_rate = METRICS.get(goal.metric, ("", ""))[1] == "rate"
    y = alt.Y(
        "value:Q",
        title=goal.label,
        axis=alt.Axis(format="%" if is_rate else ",~f"),
        scale=alt.Scale(domain=[0, 1]) if is_rate else alt.Undefined,
    )
    line_data = pd.DataFrame({"pilot_week": values.index.astype(int), "value": values.to_numpy(dtype=float)})
    line = (
        alt.Chart(line_data)
        .mark_line(point=True)
        .encode(
            x=week_axis(last_week),
            y=y,
            tooltip=[
                alt.Tooltip("pilot_week:O", title="Week"),
                alt.Tooltip("value:Q", title=goal.label, format=".1%" if is_rate else ",.2~f"),
            ],
        )
    )
    target = pd.DataFrame(
        [{"label": f"{goal.describe()} by week {due_week}", "target": goal.target, "pilot_week": due_week}]
    )
    markers = (
        alt.Chart(_tied_markers(tied, values))
        .mark_point(shape="triangle-up", size=120, filled=True, color="darkorange")
        .encode(
            x=week_axis(last_week),
            y=alt.Y("value:Q"),
            tooltip=[
                alt.Tooltip("pilot_week:O", title="Week"),
                alt.Tooltip("benefits:Q", title="Benefits tied to the goal"),
                alt.Tooltip("stories:N", title="Stories"),
            ],
        )
    )
    title = goal.describe() + (" (must-have)" if goal.must else "")
    return alt.layer(line, *target_layers(target, last_week), markers).properties(title=title, height=HEIGHT)


def _tied_markers(tied: pd.DataFrame, values: pd.Series) -> pd.DataFrame:
    """One marker a week with tied benefits, on the goal's line (its latest value by then, else 0)."""
    if tied.empty:
        return pd.DataFrame({"pilot_week": [], "value": [], "benefits": [], "stories": []})
    weeks = tied.groupby("pilot_week").agg(benefits=("story", "size"), stories=("story", " | ".join))
    weeks["stories"] = hover_text(weeks["stories"])
    on_line = values.sort_index().reindex(range(1, int(weeks.index.max()) + 1)).ffill().fillna(0.0)
    weeks["value"] = on_line.reindex(weeks.index).to_numpy()
    return weeks.reset_index()
