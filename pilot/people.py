"""Who needs a one-on-one, and who carries the pilot: read from usage and the sample group.

Vectorised pandas over the `usage` table (tool channel) and the participants; nothing
is stored here.
"""

from __future__ import annotations

import pandas as pd
from sqlite_utils import Database

from pilot import store
from pilot.participants import list_participants
from pilot.pilots import get_pilot
from pilot.weeks import monday

NEVER_ACTIVE = "never active"
INACTIVE = "inactive for two weeks"


def tool_usage(db: Database, pilot_id: int) -> pd.DataFrame:
    """Tool rows `participant_id, week, posts, reads, active` (active: posts + reads > 0)."""
    sql = "SELECT participant_id, week, posts, reads FROM usage WHERE pilot_id = ? AND channel = 'tool'"
    usage = store.frame(db, sql, [pilot_id])
    usage["active"] = (usage["posts"] + usage["reads"]) > 0
    return usage


def needing_help(db: Database, pilot_id: int) -> pd.DataFrame:
    """Participants to follow up one-on-one: never active on the tool, or inactive in both of
    the last two weeks with tool data after being active before.

    Columns `name, email, department, audience, reason, last_active` (the Monday of the last
    week they were active, or None). Empty when there is no tool data yet: nobody can be
    judged inactive before the first report is in. People who have left are not listed.
    """
    columns = ["name", "email", "department", "audience", "reason", "last_active"]
    usage = tool_usage(db, pilot_id)
    if usage.empty:
        return pd.DataFrame(columns=columns)
    weeks = sorted(usage["week"].unique())
    people = _current(list_participants(db, pilot_id), weeks[-1])
    active = usage[usage["active"]]
    last_active = active.groupby("participant_id")["week"].max()
    people["last_active"] = people["id"].map(last_active)
    never = people["last_active"].isna()
    inactive = pd.Series(False, index=people.index)
    if len(weeks) >= 2:
        inactive = ~never & (people["last_active"] < weeks[-2])
    people["last_active"] = people["last_active"].astype(object).where(~never, None)
    groups = [people[never].assign(reason=NEVER_ACTIVE), people[inactive].assign(reason=INACTIVE)]
    ordered = [g.sort_values(["department", "name"], kind="stable") for g in groups]
    return pd.concat(ordered)[columns].reset_index(drop=True)


def contributors(db: Database, pilot_id: int) -> pd.DataFrame:
    """Every current participant with their tool posts over the pilot (from the start week on;
    the baseline does not count) and in the last week with tool data.

    Columns `name, email, department, audience, champion, posts, last_week_posts, active_weeks`.
    """
    usage = tool_usage(db, pilot_id)
    usage = usage[usage["week"] >= monday(get_pilot(db, pilot_id).start).isoformat()]
    last_week = usage["week"].max() if not usage.empty else ""
    people = _current(list_participants(db, pilot_id), last_week)
    by_person = usage.groupby("participant_id")
    people["posts"] = people["id"].map(by_person["posts"].sum()).fillna(0).astype(int)
    latest = usage[usage["week"] == last_week].set_index("participant_id")["posts"]
    people["last_week_posts"] = people["id"].map(latest).fillna(0).astype(int)
    people["active_weeks"] = people["id"].map(by_person["active"].sum()).fillna(0).astype(int)
    columns = ["name", "email", "department", "audience", "champion", "posts", "last_week_posts"]
    return people[[*columns, "active_weeks"]].reset_index(drop=True)


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
