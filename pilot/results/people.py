"""Who needs a one-on-one, and who carries the pilot: read from usage and the sample group.

The tool rows are summed per participant in one grouped query (reading 130,000 rows of a
large pilot into pandas would take most of a second), then joined to the sample group with
vectorised pandas; nothing is stored here.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pilot import store
from pilot.core.weeks import monday, pilot_week_number
from pilot.setup.participants import list_participants
from pilot.setup.pilots import get_pilot
from pilot.store import Database

NEVER_ACTIVE = "never active"
ACTIVITY = """
    SELECT participant_id,
           MAX(CASE WHEN posts + reads > 0 THEN week END) AS last_active,
           SUM(CASE WHEN week >= :start THEN posts ELSE 0 END) AS posts,
           SUM(CASE WHEN week = :last THEN posts ELSE 0 END) AS last_week_posts,
           SUM(week >= :start AND posts + reads > 0) AS active_weeks
    FROM usage WHERE pilot_id = :pilot AND channel = 'tool'
    GROUP BY participant_id"""


def tool_weeks(db: Database, pilot_id: int) -> list[str]:
    """The Mondays of every week with tool data (baseline weeks included), oldest first."""
    sql = "SELECT DISTINCT week FROM usage WHERE pilot_id = ? AND channel = 'tool' ORDER BY week"
    return [row[0] for row in db.execute(sql, [pilot_id]).fetchall()]


def activity(db: Database, pilot_id: int) -> tuple[list[str], pd.DataFrame]:
    """The weeks with tool data, and every current participant (list_participants' columns)
    with `last_active` (Monday or None), `posts` over the pilot (the baseline does not count),
    `last_week_posts` (the last pilot week with tool data) and `active_weeks` in the pilot."""
    weeks = tool_weeks(db, pilot_id)
    start = monday(get_pilot(db, pilot_id).start).isoformat()
    last = next((w for w in reversed(weeks) if w >= start), "")
    sums = store.frame(db, ACTIVITY, {"start": start, "last": last, "pilot": pilot_id})
    people = _current(list_participants(db, pilot_id), weeks[-1] if weeks else "")
    people = people.merge(sums, how="left", left_on="id", right_on="participant_id")
    for column in ("posts", "last_week_posts", "active_weeks"):
        people[column] = people[column].fillna(0).astype(int)
    people["last_active"] = people["last_active"].astype(object).where(people["last_active"].notna(), None)
    return weeks, people.drop(columns="participant_id")


def needing_help(db: Database, pilot_id: int) -> pd.DataFrame:
    """Participants to follow up one-on-one: never active on the tool, or inactive in both of
    the last two weeks with tool data after being active before, saying since when
    ("last active in week 2, 9 weeks ago": how long tells a holiday from a drop-out).

    Columns `name, email, department, audience, reason, last_active` (the Monday of the last
    week they were active, or None). Empty when there is no tool data yet: nobody can be
    judged inactive before the first report is in. People who have left are not listed.
    """
    columns = ["name", "email", "department", "audience", "reason", "last_active"]
    weeks, people = activity(db, pilot_id)
    if not weeks:
        return pd.DataFrame(columns=columns)
    never = people["last_active"].isna()
    inactive = ~never & (people["last_active"] < weeks[-2]) if len(weeks) >= 2 else never & False
    gone = people[inactive]
    reasons = [_how_long(get_pilot(db, pilot_id).start, week, weeks[-1]) for week in gone["last_active"]]
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


def contributors(db: Database, pilot_id: int) -> pd.DataFrame:
    """Every current participant with their tool posts over the pilot (from the start week on;
    the baseline does not count) and in the last pilot week with tool data.

    Columns `name, email, department, audience, champion, posts, last_week_posts, active_weeks`.
    """
    columns = ["name", "email", "department", "audience", "champion", "posts", "last_week_posts"]
    return activity(db, pilot_id)[1][[*columns, "active_weeks"]]


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
