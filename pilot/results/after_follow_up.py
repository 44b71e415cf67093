"""After a one-on-one: was the person active in the 2 weeks after? Who is still inactive 3 weeks on?

Weeks are pilot weeks after the follow-up's own week, counting only weeks with tool data; a
follow-up too recent to judge says so (None) rather than "inactive".
"""

from __future__ import annotations

import pandas as pd

from pilot.core.weeks import pilot_week_number
from pilot.results.inputs import Inputs

AFTER, STUCK = 2, 3


def outcomes(inputs: Inputs, follow_ups: pd.DataFrame) -> pd.DataFrame:
    """follow_ups.list_follow_ups plus `active_after` (True, False, or None: no data yet) and
    `still_inactive` (no activity in any of the 3 weeks after, all 3 with data)."""
    grid = inputs.grid
    followed = grid["active"] & grid["participant_id"].isin(follow_ups["participant_id"])
    active_weeks = grid[followed].groupby("participant_id")["week"].apply(set)  # the few followed up
    after, stuck = [], []
    for row in follow_ups.itertuples(index=False):
        week = pilot_week_number(inputs.start, row.date)
        seen = active_weeks.get(row.participant_id, set())
        after.append(_active_in(seen, inputs.tool_weeks, range(week + 1, week + AFTER + 1)))
        stuck.append(
            _active_in(seen, inputs.tool_weeks, range(week + 1, week + STUCK + 1), whole=True) is False
        )
    return follow_ups.assign(active_after=pd.Series(after, dtype=object), still_inactive=stuck)


def _active_in(seen: set[int], with_data: set[int], weeks: range, whole: bool = False) -> bool | None:
    """Active in any of `weeks`; None when none of them (or, with `whole`, not all) have data yet."""
    known = [w for w in weeks if w in with_data]
    if not known or (whole and len(known) < len(weeks)):
        return None
    return any(w in seen for w in known)
