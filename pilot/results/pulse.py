"""The pulse survey's results: average score and response rate per question and week, for the
group and per department or audience. A figure from fewer respondents than the pilot's small-group
threshold (k, Pilot.small_group) is hidden, so nobody's answer can be read off a small team."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pilot.core.format import rate, score
from pilot.results.metrics import Inputs


def results(inputs: Inputs, answers: pd.DataFrame, k: int, by: str | None = None) -> pd.DataFrame:
    """One row per question and week (and department or audience, `by`): respondents, response
    rate (of the participants enrolled that week), average score; `hidden` when fewer than k answered."""
    groups = [by] if by else []
    keys = [*groups, "question", "week"]
    if answers.empty:
        return pd.DataFrame(columns=[*keys, "respondents", "response_rate", "average", "hidden"])
    out = (
        answers.groupby(keys)
        .agg(respondents=("participant_id", "nunique"), average=("score", "mean"))
        .reset_index()
    )
    enrolled = _enrolled(inputs, groups)
    base = out.join(enrolled, on=[*groups, "week"])["enrolled"].astype(float)
    out["response_rate"] = out["respondents"] / base
    out["hidden"] = out["respondents"] < k
    out.loc[out["hidden"], ["average", "response_rate"]] = np.nan
    return out[[*keys, "respondents", "response_rate", "average", "hidden"]]


def _enrolled(inputs: Inputs, groups: list[str]) -> pd.Series:
    """Participants enrolled per (group,) week, the week as its Monday (ISO)."""
    counts = inputs.grid.groupby([*groups, "week"]).size().rename("enrolled").reset_index()
    counts["week"] = [(inputs.start + dt.timedelta(weeks=int(w) - 1)).isoformat() for w in counts["week"]]
    return counts.set_index([*groups, "week"])["enrolled"]


def table(results_frame: pd.DataFrame) -> pd.DataFrame:
    """`results`' rows as the page lists them: response rate and average as people read them
    (one decimal; '–' for a figure hidden under k), without the `hidden` flag."""
    shown = results_frame.drop(columns="hidden")
    return shown.assign(
        response_rate=[rate(r) for r in shown["response_rate"]], average=[score(a) for a in shown["average"]]
    )
