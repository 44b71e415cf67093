"""What to celebrate: the wins with the badges earned (when the pilot shows badges), the viewers'
leaderboard (when the owner turns it on), and one week's wins in a few lines, for the summary's
Wins section and the weekly emails.

Badges join the wins here, not in `stories.wins`, because they are computed from the results
(usage, training, prompts). The first-post badge is the first-post win itself, so it is not
listed twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pilot.core.catalog import BADGES
from pilot.core.format import quantity
from pilot.playbook import recognition
from pilot.results import badges as badge_rules
from pilot.results.metrics import Inputs
from pilot.results.small_groups import Names, as_seen
from pilot.setup.pilots import Pilot, get_pilot
from pilot.store import Database
from pilot.stories import benefits, wins

FIRST_POST = BADGES["first post"]
STORY_MAX = 120  # characters of a story in the week's wins: a few lines (the benefits list has it whole)


@dataclass
class WeekWins:
    """What to celebrate in one week: first posts, badges earned, recorded wins, benefits dated in it."""

    first_posts: list[str]  # names
    badges: dict[str, list[str]]  # badge -> names of who earned it that week
    recorded: list[str]  # descriptions, with who when known
    benefits: list[str]  # descriptions, with quantity and who

    def lines(self) -> list[str]:
        out = [f"First posts: {', '.join(self.first_posts)}."] if self.first_posts else []
        out += [f"Badge {badge}: {', '.join(names)}." for badge, names in self.badges.items()]
        out += [f"Win: {w}" for w in self.recorded]
        out += [f"Benefit: {b}" for b in self.benefits]
        return out


def earned_badges(
    db: Database, pilot_id: int, inputs: Inputs | None = None, names: Names | None = None
) -> pd.DataFrame:
    """The badges earned, of those the pilot switched on (rows of `badges.badges`); none when off.
    `names`: small_groups.names_for the reader (pseudonyms), None: names."""
    shown = [BADGES[k] for k in recognition.recognition(db, pilot_id).kinds]
    if not shown:
        return pd.DataFrame(columns=list(badge_rules.COLUMNS))
    earned = badge_rules.badges(db, pilot_id, inputs)
    return as_seen(earned[earned["badge"].isin(shown)].reset_index(drop=True), names)


def wins_with_badges(db: Database, pilot_id: int, names: Names | None = None) -> pd.DataFrame:
    """`wins.list_wins` and, when badges are on, each badge earned as a win (source "badge", dated
    the Monday of its week), newest first; with `names`, everyone as that reader sees them."""
    listed = _wins(db, pilot_id, names)
    earned = earned_badges(db, pilot_id, names=names)
    earned = earned[earned["badge"] != FIRST_POST]
    mondays = get_pilot(db, pilot_id).weeks
    if earned.empty:
        return listed
    rows = earned.assign(
        date=[mondays[w - 1].isoformat() for w in earned["week"]],
        pilot_week=earned["week"],
        description=earned["name"] + ": " + earned["badge"],
        source="badge",
        id=pd.NA,
    )
    both = pd.concat([listed, rows[wins.COLUMNS]], ignore_index=True)
    both["id"] = both["id"].astype("Int64")
    both = both.sort_values(["date", "source", "name"], ascending=[False, False, True], kind="stable")
    return both.reset_index(drop=True)


def leaderboard(earned: pd.DataFrame) -> pd.DataFrame:
    """Who holds the most badges (rows of `badges.badges`): name, department, badges; ties by name."""
    board = earned.groupby("participant_id").agg(
        name=("name", "first"), department=("department", "first"), badges=("badge", "size")
    )
    board = board.sort_values(["badges", "name"], ascending=[False, True], kind="stable")
    return board.reset_index(drop=True)


def week_wins(
    db: Database,
    pilot: Pilot,
    pilot_week: int,
    inputs: Inputs | None = None,
    names: Names | None = None,
) -> WeekWins:
    """The wins of one pilot week, in a few lines: the summary's Wins section and the emails.

    `names`: small_groups.names_for the reader (pseudonyms, when the pilot gives viewers those); None: names.
    """
    listed = _wins(db, pilot.id, names)
    week = listed[listed["pilot_week"] == pilot_week]
    first = week[week["source"] == "first post"]["name"].tolist()
    recorded = [_who(r.description, r.name) for r in week[week["source"] == "recorded"].itertuples()]
    earned = earned_badges(db, pilot.id, inputs, names)
    earned = earned[(earned["week"] == pilot_week) & (earned["badge"] != FIRST_POST)]
    monday = pilot.weeks[pilot_week - 1]
    stories = as_seen(benefits.list_benefits(db, pilot.id), names)
    dated = stories[stories["date"].between(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat())]
    told = [
        _who(_short(r["description"]) + (f" ({q})" if (q := quantity(r)) else ""), r["name"])
        for r in dated.to_dict("records")
    ]
    by_badge = {b: earned.loc[earned["badge"] == b, "name"].tolist() for b in earned["badge"].unique()}
    return WeekWins(first, by_badge, recorded, told)


def _wins(db: Database, pilot_id: int, names: Names | None) -> pd.DataFrame:
    """`wins.list_wins` as the reader with `names` sees it: a first post's words name them as shown."""
    listed = as_seen(wins.list_wins(db, pilot_id), names)
    if names is not None:
        first = listed["source"] == "first post"
        listed.loc[first, "description"] = [wins.first_post(n) for n in listed.loc[first, "name"]]
    return listed


def _short(story: str) -> str:
    return story if len(story) <= STORY_MAX else story[: STORY_MAX - 1] + "…"


def _who(description: str, name: object) -> str:
    return f"{description} ({name})" if isinstance(name, str) and name else description
