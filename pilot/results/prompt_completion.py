"""How many of the people a prompt was for took it up, prompt by prompt and week by week.

A prompt completed "from the data" counts whoever posted on the tool in its week; otherwise the
owner's marks count. Only participants enrolled that week, in the prompt's audience or
department, are counted; a data prompt in a week without a tool report has no rate yet.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from pilot.core.format import rate
from pilot.core.weeks import pilot_week_number
from pilot.results.metrics import Inputs

COLUMNS = ["id", "week", "pilot_week", "text", "for_whom", "targeted", "done", "rate"]


def completion(inputs: Inputs, prompts: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """One row a prompt (prompts.list_prompts): who it was for, how many, how many did it, the rate."""
    rows = []
    for p, week, targeted, done in _each(inputs, prompts, marks):
        count = None if done is None else len(done)
        rate = count / len(targeted) if count is not None and len(targeted) else np.nan
        for_whom = p.department or (f"the {p.audience} audience" if p.audience else "everyone")
        rows.append([p.id, p.week, week, p.text, for_whom, len(targeted), count, rate])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["done"] = frame["done"].astype("Int64")
    return frame


def table(completion_frame: pd.DataFrame) -> pd.DataFrame:
    """`completion`'s rows as the page lists them: the rate as people read it (format.rate: one
    decimal, '–' while the week has no data), without the ids."""
    shown = completion_frame.drop(columns=["id", "week"])
    return shown.assign(rate=[rate(r) for r in shown["rate"]])


def completions(inputs: Inputs, prompts: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """One row per prompt completed by a participant: prompt_id, participant_id, week (pilot week)."""
    rows = [
        (p.id, person, week) for p, week, _, done in _each(inputs, prompts, marks) for person in done or ()
    ]
    return pd.DataFrame(rows, columns=["prompt_id", "participant_id", "week"])


def _each(inputs: Inputs, prompts: pd.DataFrame, marks: pd.DataFrame) -> Iterator[tuple]:
    """Each prompt with its pilot week, the participants it was for, and who did it (None: no data yet)."""
    grid = inputs.grid
    for p in prompts.itertuples(index=False):
        week = pilot_week_number(inputs.start, p.week)
        targeted = grid[grid["week"] == week]
        if p.audience:
            targeted = targeted[targeted["audience"] == p.audience]
        if p.department:
            targeted = targeted[targeted["department"] == p.department]
        if p.from_data:
            done = (
                targeted.loc[targeted["contributor"], "participant_id"].tolist()
                if week in inputs.tool_weeks
                else None
            )
        else:
            marked = set(marks.loc[marks["prompt_id"] == p.id, "participant_id"])
            done = targeted.loc[targeted["participant_id"].isin(marked), "participant_id"].tolist()
        yield p, week, targeted, done
