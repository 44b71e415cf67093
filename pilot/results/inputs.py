"""The stored data that the metrics and the views beside them read, in one read of the database.

Usage is read as plain rows (participant, week, posts) and joined, filtered and summed in pandas:
SQLite spends most of its time on a join and a GROUP BY over text keys, and a large pilot's
200,000 rows that count (tool rows with activity, replaced rows with posts) come back fastest
unaggregated, each week's as one text of numbers (`PAIRS`) that numpy parses. Dates become pilot
week numbers in the queries (`WEEK`), and the few steps left to pandas work on whole columns: for a
demo's few rows the fixed cost of each pandas step is what `python -m pilot metrics` waits for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pilot import store
from pilot.core.weeks import monday, pilot_week_number
from pilot.store import Database

NO_DEPT = "(none)"
DEPARTMENTS = re.compile(r"\s*[,;]\s*")  # a benefit's departments: "Sales, HR" or "Sales; HR"
# The pilot week of a date, in SQLite: its Monday's days from week 1's Monday, a multiple of 7, so
# the integer division is exact (1 = week 1, 0 and less = baseline). Done in the query, a week is
# a small integer when it reaches pandas, and a NULL date stays NULL.
WEEK = "CAST(julianday(date({}, 'weekday 0', '-6 days')) - julianday(:start) AS INTEGER) / 7 + 1"
ALWAYS = 10**6  # enrolled from week -ALWAYS to week ALWAYS: joined or left not set
QUERIES = {
    "people": "SELECT id AS participant_id, email,"
    f" CASE department WHEN '' THEN '{NO_DEPT}' ELSE department END AS department,"
    f" CASE audience WHEN '' THEN '{NO_DEPT}' ELSE audience END AS audience,"
    f" coalesce({WEEK.format('joined')}, -{ALWAYS}) AS first,"
    f" coalesce({WEEK.format('left')}, {ALWAYS}) AS last"
    " FROM participants WHERE pilot_id = :pilot",
    "reports": f"SELECT DISTINCT {WEEK.format('week')} AS week, channel FROM usage WHERE pilot_id = :pilot",
    "counts": f"SELECT {WEEK.format('week')} AS week, count FROM replaced_counts WHERE pilot_id = :pilot",
    "benefits": f"SELECT id, coalesce({WEEK.format('date')}, 1) AS week, email, departments FROM benefits"
    " WHERE pilot_id = :pilot AND deleted_at IS NULL",  # undated: week 1
}
# Usage rows as a text of participant ids and one of posts per week: numpy parses each at once,
# where a Python tuple per row (270,000 in a large pilot) made most of the read's time. Two lists
# (one pass of the rows, so in the same order) cost SQLite a third less than one of "id posts" pairs.
PAIRS = (
    f"SELECT {WEEK.format('week')} AS week, group_concat(participant_id) AS ids, group_concat(posts) AS posts"
    " FROM usage WHERE pilot_id = :pilot AND channel = :channel AND {} GROUP BY usage.week"
)
USAGE_ROWS = {
    "tool": "posts + reads > 0",  # only the active: a row without activity only says "this week has a report"
    "replaced": "posts > 0",  # only rows with posts: the others add nothing to a sum
}


@dataclass
class Inputs:
    """The stored data that the metrics read, reduced to plain frames keyed by pilot week number."""

    start: dt.date  # Monday of pilot week 1
    weeks: list[int]  # pilot weeks 1..n (n = the last week with usage data)
    baseline: list[int]  # weeks before the start (0, -1, ...) that hold replaced data
    grid: pd.DataFrame  # one row per enrolled participant and pilot week, with its tool activity
    # replaced posts per department, audience and week (baseline: everybody's; pilot weeks: the enrolled)
    replaced: pd.DataFrame
    group_counts: pd.Series  # week -> group-level replaced count
    tool_weeks: set[int]
    replaced_weeks: set[int]
    # id, week, department, audience: a row per department it names (audience: the author's)
    benefits: pd.DataFrame
    # Every stored tool row with activity (participant_id, week, posts) and every week with a tool
    # report, oldest first: baseline weeks and weeks after the end included (the People page's view).
    tool_rows: pd.DataFrame
    stored_tool_weeks: list[int]

    def monday(self, week: int) -> str:
        """The ISO Monday of a pilot week number."""
        return (self.start + dt.timedelta(weeks=week - 1)).isoformat()


def read_inputs(db: Database, pilot_id: int) -> Inputs:
    """Read the pilot's participants, usage, group counts and benefits once."""
    pilot = db.execute("SELECT start, end, sponsor_email FROM pilots WHERE id = ?", [pilot_id])
    start, end, sponsor = pilot.fetchone()
    start = monday(start)
    last = pilot_week_number(start, end)
    params = {"start": start.isoformat(), "pilot": pilot_id}
    frames = {name: store.frame(db, sql, params) for name, sql in QUERIES.items()}
    frames |= {channel: _usage_rows(db, channel, where, params) for channel, where in USAGE_ROWS.items()}
    tool, replaced = (frames[name][frames[name]["week"] <= last] for name in USAGE_ROWS)
    counts = frames["counts"].astype({"week": "int64"})  # int64 even when empty
    counts = counts[counts["week"] <= last]
    reports = list(zip(*(frames["reports"][c].tolist() for c in ("week", "channel")), strict=True))
    tool_weeks = {week for week, channel in reports if channel == "tool" and week <= last}
    replaced_weeks = {week for week, channel in reports if channel == "replaced" and week <= last}
    replaced_weeks |= set(counts["week"].tolist())
    weeks = list(range(1, max([0, *tool_weeks, *replaced_weeks]) + 1))
    people = frames["people"]
    sponsor = (sponsor or "").strip().lower()
    emails = [email.lower() for email in people["email"].tolist()]  # a purge's stand-ins have capitals
    people["sponsor"] = np.array([bool(sponsor) and e == sponsor for e in emails], dtype=bool)
    return Inputs(
        start=start,
        weeks=weeks,
        baseline=sorted(w for w in replaced_weeks if w < 1),
        grid=_with_activity(_grid(people, weeks), tool),
        replaced=_replaced(replaced, people),
        group_counts=counts.set_index("week")["count"].astype(float),
        tool_weeks=tool_weeks,
        replaced_weeks=replaced_weeks,
        benefits=_benefits(frames["benefits"], people, emails),
        tool_rows=frames["tool"],
        stored_tool_weeks=sorted(week for week, channel in reports if channel == "tool"),
    )


def _usage_rows(db: Database, channel: str, where: str, params: dict) -> pd.DataFrame:
    """participant_id, week (pilot week number) and posts of the channel's usage rows that pass
    `where`, in the order of the usage_by_week index (week by week)."""
    weeks, pairs = [], []
    for week, ids, posts in db.execute(PAIRS.format(where), {**params, "channel": channel}):
        pairs.append(np.column_stack([np.fromstring(t, dtype=np.int64, sep=",") for t in (ids, posts)]))
        weeks.append(week)
    numbers = np.concatenate(pairs) if pairs else np.empty((0, 2), dtype=np.int64)
    week = np.repeat(np.array(weeks, dtype=np.int64), [len(p) for p in pairs])
    return pd.DataFrame({"participant_id": numbers[:, 0], "week": week, "posts": numbers[:, 1]})


def _grid(people: pd.DataFrame, weeks: list[int]) -> pd.DataFrame:
    """Participant x pilot week, kept where the participant is enrolled that week, ordered by
    participant and week."""
    people = people.sort_values("participant_id", kind="stable")
    week = np.tile(np.array(weeks, dtype=np.int64), len(people))
    row = np.repeat(np.arange(len(people)), len(weeks))
    keep = (week >= people["first"].to_numpy()[row]) & (week <= people["last"].to_numpy()[row])
    columns = ["participant_id", "department", "audience", "sponsor"]
    grid = people[columns].take(row[keep]).reset_index(drop=True)
    grid["week"] = week[keep]
    return grid


def _replaced(rows: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Replaced posts per department, audience and week: everybody's in baseline weeks, in pilot
    weeks only those of participants enrolled that week."""
    at = pd.Index(people["participant_id"]).get_indexer(rows["participant_id"])
    rows, at = rows[at >= 0], at[at >= 0]  # a participant erased since: not in the group
    week = rows["week"].to_numpy()
    first, last = (people[end].to_numpy()[at] for end in ("first", "last"))
    counted = (week < 1) | ((week >= first) & (week <= last))
    found = people[["department", "audience"]].take(at[counted]).reset_index(drop=True)
    found[["week", "posts"]] = rows[["week", "posts"]][counted].to_numpy()
    return found.groupby(["department", "audience", "week"], as_index=False)["posts"].sum()


def _with_activity(grid: pd.DataFrame, tool: pd.DataFrame) -> pd.DataFrame:
    """The grid with each participant-week's tool posts and the flags: active (a tool row with
    activity), contributor, active in an earlier enrolled pilot week, and retained."""
    weeks = grid["week"].to_numpy()
    span = int(weeks.max(initial=0)) + 1  # a key per participant and week: id * span + week
    tool = tool[tool["week"] >= 1]  # its weeks are within the grid's (no later than its last)
    keys = pd.Index(tool["participant_id"].to_numpy() * span + tool["week"].to_numpy())
    at = keys.get_indexer(grid["participant_id"].to_numpy() * span + weeks)
    grid["posts"] = np.where(at >= 0, tool["posts"].to_numpy()[at], 0).astype(float)
    grid["active"] = at >= 0
    grid["contributor"] = grid["posts"] > 0
    seen = grid.groupby("participant_id")["active"].cummax()
    grid["earlier"] = seen.groupby(grid["participant_id"]).shift(1, fill_value=False).astype(bool)
    grid["retained"] = grid["earlier"] & grid["active"]
    return grid


def _benefits(rows: pd.DataFrame, people: pd.DataFrame, emails: list[str]) -> pd.DataFrame:
    """One row per benefit and department it names (else its author's department); `emails` are
    the group's in lower case, in its order, as the sponsor was matched.

    Row by row in Python: a pilot has hundreds of benefits, not a hundred thousand rows, and the
    dozen pandas string steps this took cost every metrics command 10 ms before it read a row."""
    own = dict(zip(emails, people["department"].tolist(), strict=True))
    audience = dict(zip(emails, people["audience"].tolist(), strict=True))
    out = []
    columns = (rows[c].tolist() for c in ("id", "week", "email", "departments"))
    for id_, week, email, named in zip(*columns, strict=True):
        author = email.lower() if isinstance(email, str) else ""
        for name in DEPARTMENTS.split(named) if isinstance(named, str) else [""]:
            department = name.strip() or own.get(author, NO_DEPT)
            out.append((id_, week, department, audience.get(author, NO_DEPT)))
    frame = pd.DataFrame(out, columns=["id", "week", "department", "audience"])
    return frame.astype({"id": "int64", "week": "int64"})
