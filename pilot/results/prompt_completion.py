"""How many of the people a prompt was for took it up, prompt by prompt and week by week.

A prompt completed "from the data" counts whoever posted on the tool in its week; otherwise the
owner's marks count. Only participants enrolled that week, in the prompt's audience or
department, are counted; a data prompt in a week without a tool report has no rate yet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pilot.core.weeks import pilot_week_number
from pilot.results.metrics import Inputs

COLUMNS = ["id", "week", "pilot_week", "text", "for_whom", "targeted", "done", "rate"]


def completion(inputs: Inputs, prompts: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """One row a prompt (prompts.list_prompts): who it was for, how many, how many did it, the rate."""
    if prompts.empty:
        return pd.DataFrame(columns=COLUMNS)
    grid = inputs.grid
    rows = []
    for p in prompts.itertuples(index=False):
        week = pilot_week_number(inputs.start, p.week)
        targeted = grid[grid["week"] == week]
        if p.audience:
            targeted = targeted[targeted["audience"] == p.audience]
        if p.department:
            targeted = targeted[targeted["department"] == p.department]
        if p.from_data:
            done = int(targeted["contributor"].sum()) if week in inputs.tool_weeks else None
        else:
            marked = set(marks.loc[marks["prompt_id"] == p.id, "participant_id"])
            done = int(targeted["participant_id"].isin(marked).sum())
        rate = done / len(targeted) if done is not None and len(targeted) else np.nan
        for_whom = p.department or (f"the {p.audience} audience" if p.audience else "everyone")
        rows.append([p.id, p.week, week, p.text, for_whom, len(targeted), done, rate])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["done"] = frame["done"].astype("Int64")
    return frame
