"""Who needs a one-on-one, and who carries the pilot: read from usage and the sample group.

The People page's figures come from one read of the pilot (`inputs.read_inputs`, the same read as
the metrics): every participant's activity is summed from its tool rows with vectorised pandas,
then joined to the sample group; nothing is stored here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pilot.core.weeks import pilot_week_number
from pilot.playbook import follow_ups
from pilot.results import after_follow_up
from pilot.results.inputs import Inputs, read_inputs
from pilot.setup.participants import list_participants
from pilot.store import Database

NEVER_ACTIVE = "never active"
CONTRIBUTORS = [
    "name",
    "email",
    "department",
    "audience",
    "champion",
    "posts",
    "last_week_posts",
    "active_weeks",
]


@dataclass
class PeopleView:
    """What the People page shows (cached per data version)."""

    needing_help: pd.DataFrame  # see `needing_help`
    contributors: pd.DataFrame  # every current participant: CONTRIBUTORS
    follow_ups: pd.DataFrame  # follow_ups.list_follow_ups with their outcome (after_follow_up.outcomes)


def people_view(db: Database, pilot_id: int) -> PeopleView:
    """The People page's figures from one read of the pilot."""
    inputs = read_inputs(db, pilot_id)
    weeks, people = activity(inputs, list_participants(db, pilot_id))
    return PeopleView(
        needing_help=needing_help(inputs, weeks, people),
        contributors=people[CONTRIBUTORS],
        follow_ups=after_follow_up.outcomes(inputs, follow_ups.list_follow_ups(db, pilot_id)),
    )


def activity(inputs: Inputs, group: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """The Mondays of every week with tool data (baseline weeks included), and every current
    participant of `group` (list_participants' columns) with `last_active` (Monday or None),
    `posts` over the pilot (the baseline does not count), `last_week_posts` (the last pilot week
    with tool data) and `active_weeks` in the pilot."""
    weeks = [inputs.monday(w) for w in inputs.stored_tool_weeks]
    last = next((w for w in reversed(inputs.stored_tool_weeks) if w >= 1), None)
    rows = inputs.tool_rows  # every row with activity: the others add no posts and no active week
    in_pilot = rows[rows["week"] >= 1]
    sums = pd.DataFrame(
        {
            "last_active": rows.groupby("participant_id")["week"].max().map(inputs.monday),
            "posts": in_pilot.groupby("participant_id")["posts"].sum(),
            "last_week_posts": rows[rows["week"] == last].groupby("participant_id")["posts"].sum(),
            "active_weeks": in_pilot.groupby("participant_id").size(),
        }
    )
    people = _current(group, weeks[-1] if weeks else "").join(sums, on="id").reset_index(drop=True)
    for column in ("posts", "last_week_posts", "active_weeks"):
        people[column] = people[column].fillna(0).astype(int)
    people["last_active"] = people["last_active"].astype(object).where(people["last_active"].notna(), None)
    return weeks, people


def needing_help(inputs: Inputs, weeks: list[str], people: pd.DataFrame) -> pd.DataFrame:
    """Participants to follow up one-on-one (`people` and `weeks` from `activity`): never active
    on the tool, or inactive in both of the last two weeks with tool data after being active
    before, saying since when ("last active in week 2, 9 weeks ago": how long tells a holiday
    from a drop-out).

    Columns `name, email, department, audience, reason, last_active` (the Monday of the last
    week they were active, or None). Empty when there is no tool data yet: nobody can be
    judged inactive before the first report is in. People who have left are not listed.
    """
    columns = ["name", "email", "department", "audience", "reason", "last_active"]
    if not weeks:
        return pd.DataFrame(columns=columns)
    never = people["last_active"].isna()
    inactive = ~never & (people["last_active"] < weeks[-2]) if len(weeks) >= 2 else never & False
    gone = people[inactive]
    reasons = [_how_long(inputs.start, week, weeks[-1]) for week in gone["last_active"]]
    groups = [people[never].assign(reason=NEVER_ACTIVE), gone.assign(reason=reasons)]
    ordered = [g.sort_values(["department", "name"], kind="stable") for g in groups]
    return pd.concat(ordered)[columns].reset_index(drop=True)


def _how_long(start: dt.date, last_active: str, latest: str) -> str:
    """'last active in week 2, 9 weeks ago' (counted back from the latest week with tool data);
    a baseline week is 'before the start'."""
    number = pilot_week_number(start, last_active)
    ago = (dt.date.fromisoformat(latest) - dt.date.fromisoformat(last_active)).days // 7
    when = f"in week {number}" if number >= 1 else "before the start"
    return f"last active {when}, {ago} weeks ago"


def top_contributors(frame: pd.DataFrame, by: str = "posts", n: int = 5) -> pd.DataFrame:
    """The `n` participants with the most posts (`by` = "posts" or "last_week_posts"), ties
    by name; nobody with zero posts is a top contributor."""
    ranked = frame[frame[by] > 0].sort_values([by, "name"], ascending=[False, True], kind="stable")
    return ranked.head(n).reset_index(drop=True)


def champions(frame: pd.DataFrame) -> pd.DataFrame:
    """The champions (key users) with their posts, most posts first."""
    rows = frame[frame["champion"]]
    return rows.sort_values(["posts", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _current(people: pd.DataFrame, week: str) -> pd.DataFrame:
    """Drop participants who had left before `week` (an ISO Monday, or "" for no data)."""
    if not week:
        return people.copy()
    return people[~(people["left"].notna() & (people["left"] < week))].copy()
