"""Engagement tiers and the concentration of posts: who carries the pilot, week by week.

Both read the participant x week grid that the metrics are computed from (`metrics.Inputs`),
so they cost no second read of the database and agree with the rates by construction.
- Tiers: each enrolled participant, in each week with tool data, is in the first tier that fits,
  in the order regular (posted in at least 3 of the last 4 weeks, this week included),
  contributor (posted this week), reader (read but did not post), inactive.
- Concentration: the fewest people whose posts make at least half of the week's posts. Half the
  posts from fewer than 10% of the people enrolled, or from fewer than 3 people, is a risk: the
  pilot then rests on a few enthusiasts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pilot.results.metrics import Inputs

TIERS = ("regular", "contributor", "reader", "inactive")  # the first that fits wins
REGULAR_WEEKS, REGULAR_WINDOW = 3, 4
FEW_SHARE, FEW_PEOPLE = 0.10, 3


def tiers(inputs: Inputs) -> pd.DataFrame:
    """One row per enrolled participant and week with tool data: participant_id, department, week, tier."""
    grid = inputs.grid[inputs.grid["week"].isin(list(inputs.tool_weeks))]
    posted = inputs.grid.loc[inputs.grid["contributor"], ["participant_id", "week"]]
    recent = _posting_weeks_in_window(grid[["participant_id", "week"]], posted)
    tier = np.select(
        [recent >= REGULAR_WEEKS, grid["contributor"].to_numpy(), grid["active"].to_numpy()],
        list(TIERS[:3]),
        default=TIERS[3],
    )
    out = grid[["participant_id", "department", "week"]].assign(tier=tier)
    return out.sort_values(["week", "participant_id"], kind="stable").reset_index(drop=True)


def tier_counts(tiered: pd.DataFrame) -> pd.DataFrame:
    """Week x tier: how many people in each tier (every tier a column, in TIERS order)."""
    counts = tiered.groupby(["week", "tier"]).size().unstack("tier", fill_value=0)
    return counts.reindex(columns=list(TIERS), fill_value=0).rename_axis(columns=None).reset_index()


def moves(tiered: pd.DataFrame, week: int) -> pd.DataFrame:
    """Who changed tier between the week before and `week`: participant_id, before, now, direction."""
    rank = {t: i for i, t in enumerate(TIERS)}
    now = tiered[tiered["week"] == week].set_index("participant_id")["tier"]
    before = tiered[tiered["week"] == week - 1].set_index("participant_id")["tier"]
    both = pd.DataFrame({"before": before, "now": now}).dropna()
    both = both[both["before"] != both["now"]]
    up = both["now"].map(rank) < both["before"].map(rank)
    both["direction"] = np.where(up, "up", "down")
    return both.rename_axis("participant_id").reset_index()


@dataclass(frozen=True)
class Concentration:
    week: int
    people: int  # the fewest people who wrote half of the week's posts
    enrolled: int
    posts: int

    @property
    def risky(self) -> bool:
        """Half the posts from fewer than 10% of the people enrolled, or from fewer than 3 people."""
        return self.posts > 0 and (self.people < FEW_PEOPLE or self.people < FEW_SHARE * self.enrolled)

    def sentence(self) -> str:
        if not self.posts:
            return f"Nobody posted in week {self.week}."
        return f"{self.people} of {self.enrolled} people wrote half of week {self.week}'s posts."


def concentration(inputs: Inputs, week: int) -> Concentration:
    """How few people wrote half of `week`'s posts on the tool."""
    rows = inputs.grid[inputs.grid["week"] == week]
    posts = np.sort(rows["posts"].to_numpy(dtype=float))[::-1]
    total = float(posts.sum())
    people = int(np.searchsorted(np.cumsum(posts), total / 2) + 1) if total > 0 else 0
    return Concentration(week=week, people=people, enrolled=len(rows), posts=int(total))


def _posting_weeks_in_window(rows: pd.DataFrame, posted: pd.DataFrame) -> np.ndarray:
    """For each (participant, week) row: in how many of that week and the 3 before they posted."""
    ahead = pd.concat(
        [posted.assign(week=posted["week"] + lag) for lag in range(REGULAR_WINDOW)], ignore_index=True
    )
    counts = ahead.groupby(["participant_id", "week"]).size().rename("recent")
    joined = rows.join(counts, on=["participant_id", "week"])
    return joined["recent"].fillna(0).to_numpy()
