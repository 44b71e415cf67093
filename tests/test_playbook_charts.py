"""The Playbook's charts: valid Vega-Lite, dates and rates as the rest of the app shows them."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from pilot.results import after_training, charts, playbook_charts


def rows(spec: dict) -> list[dict]:
    """The chart's inline data (charts.spec keeps it in `datasets`)."""
    [values] = spec["datasets"].values()
    return values


def test_the_pulse_chart_names_its_weeks_as_dates_level_and_keeps_its_height_for_the_plot() -> None:
    """Walkthrough defect: ISO dates on end under the points and the legend below the plot left
    about 50 px of a 320 px chart for the lines."""
    results = pd.DataFrame(
        {
            "question": ["Would you keep the tool?"] * 3 + ["Did it save you time this week?"],
            "week": ["2026-10-19", "2026-09-21", "2026-11-16", "2026-09-21"],
            "respondents": [40, 41, 3, 41],
            "response_rate": [0.667, 0.683, np.nan, 0.683],
            "average": [3.5, 2.6, np.nan, 2.7],  # the third hidden: fewer answers than k
            "hidden": [False, False, True, False],
        }
    )
    spec = charts.spec(playbook_charts.pulse_chart(results))
    alt.TopLevelSpec.validate(spec)
    x = spec["encoding"]["x"]
    assert (x["field"], x["title"], x["axis"]["labelAngle"]) == ("week_of", "Week of", 0)
    assert x["sort"] == ["21 Sep 2026", "19 Oct 2026"]  # the weeks' order, not the alphabet's
    assert [r["week_of"] for r in rows(spec)] == ["19 Oct 2026", "21 Sep 2026", "21 Sep 2026"]
    legend = spec["encoding"]["color"]["legend"]
    assert legend.get("orient", "right") == "right"  # beside the plot, not under it
    tooltip = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert tooltip == ["question", "week_of", "average", "respondents"]


def test_the_training_chart_names_each_session_once_in_full() -> None:
    """Walkthrough defect: two one-on-ones drawn as 100% bars, each labelled "21 Oct 2026 one-…"."""
    shares = after_training.shares(
        [
            after_training.Effect(
                "the 16 Sep 2026 lunch & learn with a long topic name",
                after_training.Group(13, 2, 12, 1, 11),
                after_training.Group(160, 60, 90, 30, 52),
                2,
            ),
            after_training.Effect(
                "the 21 Oct 2026 one-on-one with Mona Okafor",
                after_training.Group(1, 0, 1, 0, 1),
                after_training.Group(24, 9, 12, 8, 10),
                2,
            ),
        ]
    )
    spec = charts.spec(playbook_charts.training_chart(shares))
    alt.TopLevelSpec.validate(spec)
    y = spec["encoding"]["y"]
    assert y["field"] == "session" and y["axis"]["labelLimit"] >= 400  # no "16 Sep 2026 lunc…"
    assert [(r["session"], r["group"], r["share"]) for r in rows(spec)] == [
        ("16 Sep 2026 lunch & learn with a long topic name", "at the session", 11 / 13),
        ("16 Sep 2026 lunch & learn with a long topic name", "not yet trained", 52 / 160),
    ]  # the one-on-one's single attendee is not a 100% bar
