"""The Playbook's charts: engagement tiers by week, adoption after training, prompt completion."""

from __future__ import annotations

import altair as alt
import pandas as pd

from pilot.core.format import day
from pilot.results.after_training import GROUPS
from pilot.results.engagement import TIERS

TIER_COLOURS = ["#1b7837", "#7fbf7b", "#c2a5cf", "#d9d9d9"]  # regular .. inactive


def tiers_chart(counts: pd.DataFrame) -> alt.Chart:
    """People per tier, stacked by week: is the group moving up, or settling into reading?"""
    long = counts.melt(id_vars="week", var_name="tier", value_name="people")
    long["order"] = long["tier"].map({t: i for i, t in enumerate(TIERS)})
    return (
        alt.Chart(long, title="Engagement tiers by week")
        .mark_bar()
        .encode(
            x=alt.X("week:O", title="Pilot week"),
            y=alt.Y("people:Q", title="People", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "tier:N", sort=list(TIERS), scale=alt.Scale(domain=list(TIERS), range=TIER_COLOURS)
            ),
            order=alt.Order("order:Q", sort="descending"),
            tooltip=["week", "tier", "people"],
        )
    )


def training_chart(shares: pd.DataFrame) -> alt.Chart:
    """Per session (after_training.shares: groups under FEW people left out, as counts, not rates):
    the share of attendees who posted in the two weeks after, beside the not yet trained. Each
    session is named once, in full, on the axis."""
    return (
        alt.Chart(shares, title="Posted in the two weeks after a session")
        .mark_bar()
        .encode(
            y=alt.Y("session:N", title=None, sort=None, axis=alt.Axis(labelLimit=400)),
            x=alt.X(
                "share:Q", title="Share who posted", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
            ),
            yOffset=alt.YOffset("group:N", sort=list(GROUPS)),
            color=alt.Color("group:N", title=None, sort=list(GROUPS)),
            tooltip=[
                alt.Tooltip("session:N", title="Session"),
                alt.Tooltip("group:N", title="Who"),
                alt.Tooltip("posted:Q", title="Posted"),
                alt.Tooltip("people:Q", title="People"),
                alt.Tooltip("share:Q", format=".1%", title="Share"),
            ],
        )
    )


def prompts_chart(completion: pd.DataFrame) -> alt.Chart:
    """Completion rate of each week's prompts."""
    frame = completion.dropna(subset=["rate"])[["pilot_week", "text", "rate"]]
    return (
        alt.Chart(frame, title="Prompt completion by week")
        .mark_circle(size=120)
        .encode(
            x=alt.X("pilot_week:O", title="Pilot week"),
            y=alt.Y("rate:Q", title="Completed", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("text:N", title="Prompt"),
                alt.Tooltip("rate:Q", format=".0%", title="Completed"),
            ],
        )
    )


def pulse_chart(results: pd.DataFrame) -> alt.Chart:
    """Average score (1 to 5) of each question by week; hidden figures (too few answers) left out.

    Each week is named as the app names dates ("21 Sep 2026", format.day), level under its point, in
    the weeks' order: ISO dates turned on end took most of the chart's height, leaving a flat line."""
    shown = results.dropna(subset=["average"])
    shown = shown.assign(week_of=[day(w) for w in shown["week"]])
    weeks = [day(w) for w in sorted(set(shown["week"]))]
    return (
        alt.Chart(shown, title="Pulse survey: average score by week")
        .mark_line(point=True)
        .encode(
            x=alt.X("week_of:O", title="Week of", sort=weeks, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("average:Q", title="Average (1 to 5)", scale=alt.Scale(domain=[1, 5])),
            color=alt.Color("question:N", title=None, legend=alt.Legend(labelLimit=300)),
            tooltip=[
                alt.Tooltip("question:N", title="Question"),
                alt.Tooltip("week_of:O", title="Week of"),
                alt.Tooltip("average:Q", format=".1f", title="Average"),
                alt.Tooltip("respondents:Q", title="Answers"),
            ],
        )
    )
