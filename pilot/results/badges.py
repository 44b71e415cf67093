"""Badges, computed from the data (never typed), for pilots that switch them on:
- first post: the week of a participant's first post on the tool;
- overtook the old channel: the first week their tool posts outnumber their posts on the replaced
  channel (only where the replaced channel has per-person data that week);
- trained: the week of their first training session;
- three prompts: the week they completed their third prompt;
- four weeks running: the first week that closes 4 active weeks in a row (weeks with data).
"""

from __future__ import annotations

import pandas as pd

from pilot import store
from pilot.core.catalog import BADGES
from pilot.core.weeks import pilot_week_number
from pilot.playbook import prompts, training
from pilot.results import metrics, prompt_completion
from pilot.results.metrics import Inputs
from pilot.store import Database

RUN = 4
COLUMNS = ("participant_id", "name", "email", "department", "badge", "week")  # a badge earned


def badges(db: Database, pilot_id: int, inputs: Inputs | None = None) -> pd.DataFrame:
    """Every badge earned: participant_id, name, email, department, badge (its words), week (pilot week).

    `inputs`: metrics.read_inputs of the pilot when the caller has them already."""
    inputs = metrics.read_inputs(db, pilot_id) if inputs is None else inputs
    replaced = store.frame(
        db,
        "SELECT participant_id, week, posts AS replaced FROM usage"
        " WHERE pilot_id = ? AND channel = 'replaced'",
        [pilot_id],
    )
    replaced["week"] = [pilot_week_number(inputs.start, w) for w in replaced["week"]]
    done = prompt_completion.completions(
        inputs, prompts.list_prompts(db, pilot_id), prompts.marks(db, pilot_id)
    )
    attended = training.attendance(db, pilot_id)
    attended["week"] = [pilot_week_number(inputs.start, d) for d in attended["date"]]
    return earned(inputs, replaced, done, attended, _names(db, pilot_id))


def earned(
    inputs: Inputs, replaced: pd.DataFrame, done: pd.DataFrame, attended: pd.DataFrame, names: pd.DataFrame
) -> pd.DataFrame:
    """The badges from their inputs (each a frame with participant_id and week)."""
    grid = inputs.grid
    posted = grid[grid["contributor"]]
    both = posted.merge(replaced, on=["participant_id", "week"])
    third = done.sort_values("week").groupby("participant_id").nth(2)
    parts = {
        "first post": posted.groupby("participant_id")["week"].min(),
        "overtook": both[both["posts"] > both["replaced"]].groupby("participant_id")["week"].min(),
        "trained": attended[attended["week"] >= 1].groupby("participant_id")["week"].min(),
        "three prompts": third.set_index("participant_id")["week"],
        "four weeks": _first_run(grid, inputs.tool_weeks),
    }
    rows = [
        (int(person), BADGES[key], int(week))
        for key, weeks in parts.items()
        for person, week in weeks.items()
    ]
    frame = pd.DataFrame(rows, columns=["participant_id", "badge", "week"])
    frame = frame.join(names, on="participant_id")
    return frame[list(COLUMNS)].sort_values(["week", "name"]).reset_index(drop=True)


def _names(db: Database, pilot_id: int) -> pd.DataFrame:
    return store.frame(
        db, "SELECT id, name, email, department FROM participants WHERE pilot_id = ?", [pilot_id]
    ).set_index("id")


def _first_run(grid: pd.DataFrame, with_data: set[int]) -> pd.Series:
    """Per participant, the first week closing RUN consecutive active weeks with data."""
    rows = grid[grid["week"].isin(list(with_data))].sort_values(["participant_id", "week"])
    streak = rows.groupby("participant_id")["active"].transform(lambda a: a.groupby((~a).cumsum()).cumsum())
    return rows[streak >= RUN].groupby("participant_id")["week"].min()
