"""The stored data that the metrics and the views beside them read, in one read of the database.

Usage is read as plain rows (participant, week, posts) and joined, filtered and summed in pandas:
SQLite spends most of its time on a join and a GROUP BY over text keys, and a large pilot's
200,000 rows that count (tool rows with activity, replaced rows with posts) come back fastest
unaggregated, each week's as one text of numbers (`PAIRS`) that numpy parses. Weeks are read as ISO
Mondays and turned into pilot week numbers once per distinct week, so the frames hold small integers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pilot import store
from pilot.core.weeks import monday, pilot_week_number
from pilot.store import Database

NO_DEPT = "(none)"
DEPARTMENTS = re.compile(r"\s*[,;]\s*")  # a benefit's departments: "Sales, HR" or "Sales; HR"
DAYS = "julianday({}) - julianday(:start)"  # days from week 1's Monday
MONDAY = "date({}, 'weekday 0', '-6 days')"  # the Monday of a date's week
QUERIES = {
    "people": "SELECT id AS participant_id, email, department, audience,"
    f" {DAYS.format(MONDAY.format('joined'))} AS joined, {DAYS.format(MONDAY.format('left'))} AS left"
    " FROM participants WHERE pilot_id = :pilot",
    "reports": "SELECT DISTINCT week, channel FROM usage WHERE pilot_id = :pilot",
    "counts": f"SELECT {DAYS.format('week')} AS days, count FROM replaced_counts WHERE pilot_id = :pilot",
    "benefits": f"SELECT id, {DAYS.format('date')} AS days, email, departments FROM benefits"
    " WHERE pilot_id = :pilot AND deleted_at IS NULL",
}
# Usage rows as a text of participant ids and one of posts per week: numpy parses each at once,
# where a Python tuple per row (270,000 in a large pilot) made most of the read's time. Two lists
# (one pass of the rows, so in the same order) cost SQLite a third less than one of "id posts" pairs.
PAIRS = (
    "SELECT week, group_concat(participant_id) AS ids, group_concat(posts) AS posts FROM usage"
    " WHERE pilot_id = :pilot AND channel = :channel AND {} GROUP BY week"
)
USAGE_ROWS = {
    "tool": "posts + reads > 0",  # only the active: a row without activity only says "this week has a report"
    "replaced": "posts > 0",  # only rows with posts: the others add nothing to a sum
}
USAGE = ("tool", "replaced", "reports")  # their `week` is an ISO Monday


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
    pilot = store.frame(db, "SELECT start, end, sponsor_email FROM pilots WHERE id = ?", [pilot_id])
    start = monday(pilot.at[0, "start"])
    last = pilot_week_number(start, pilot.at[0, "end"])
    params = {"start": start.isoformat(), "pilot": pilot_id}
    frames = {name: store.frame(db, sql, params) for name, sql in QUERIES.items()}
    frames |= {channel: _usage_rows(db, channel, where, params) for channel, where in USAGE_ROWS.items()}
    for name in USAGE:
        frames[name]["week"] = _week_numbers(frames[name]["week"], start)
    counts = frames["counts"].assign(week=_week_number(frames["counts"]["days"]).astype("int64"))
    stored = frames["reports"]
    tool_rows = frames["tool"]
    tool, replaced, reports = (frames[name][frames[name]["week"] <= last] for name in USAGE)
    counts = counts[counts["week"] <= last]
    tool_weeks = set(reports.loc[reports["channel"] == "tool", "week"].tolist())
    replaced_weeks = set(reports.loc[reports["channel"] == "replaced", "week"].tolist())
    replaced_weeks |= set(counts["week"].tolist())
    weeks = list(range(1, max([0, *tool_weeks, *replaced_weeks]) + 1))
    people = _people(frames["people"], str(pilot.at[0, "sponsor_email"]).strip().lower())
    grid = _grid(people, weeks).merge(tool.assign(active=1), how="left")
    grid[["posts", "active"]] = grid[["posts", "active"]].fillna(0)
    return Inputs(
        start=start,
        weeks=weeks,
        baseline=sorted(w for w in replaced_weeks if w < 1),
        grid=_with_activity(grid),
        replaced=_replaced(replaced, people),
        group_counts=counts.set_index("week")["count"].astype(float),
        tool_weeks=tool_weeks,
        replaced_weeks=replaced_weeks,
        benefits=_benefits(frames["benefits"], people),
        tool_rows=tool_rows,
        stored_tool_weeks=sorted(stored.loc[stored["channel"] == "tool", "week"].tolist()),
    )


def _usage_rows(db: Database, channel: str, where: str, params: dict) -> pd.DataFrame:
    """participant_id, week (ISO Monday) and posts of the channel's usage rows that pass `where`,
    in the order of the usage_by_week index (week by week)."""
    weeks, pairs = [], []
    for week, ids, posts in db.execute(PAIRS.format(where), {**params, "channel": channel}):
        pairs.append(np.column_stack([np.fromstring(t, dtype=np.int64, sep=",") for t in (ids, posts)]))
        weeks.append(week)
    numbers = np.concatenate(pairs) if pairs else np.empty((0, 2), dtype=np.int64)
    codes = np.repeat(np.arange(len(weeks)), [len(p) for p in pairs])
    week = pd.Categorical.from_codes(codes, categories=pd.Index(weeks, dtype="str"))
    return pd.DataFrame({"participant_id": numbers[:, 0], "week": week, "posts": numbers[:, 1]})


def _week_numbers(weeks: pd.Series, start: dt.date) -> pd.Series:
    """Pilot week numbers of ISO dates, once per distinct date (1 = week 1, 0 and less = baseline)."""
    codes, distinct = pd.factorize(weeks)
    numbers = np.array([(dt.date.fromisoformat(w) - start).days // 7 + 1 for w in distinct], dtype="int64")
    return pd.Series(numbers[codes], index=weeks.index, dtype="int64")


def _week_number(days: pd.Series) -> pd.Series:
    """Pilot week number from days since week 1's Monday: 1 = week 1, 0 and less = baseline."""
    return (np.floor(days.astype(float) / 7) + 1).astype("Int64")


def _people(people: pd.DataFrame, sponsor: str) -> pd.DataFrame:
    """Participants with department and audience ('(none)' if blank), sponsor flag, enrolled weeks."""
    return people.assign(
        department=_department(people["department"]),
        audience=_department(people["audience"]),
        sponsor=(people["email"].str.lower() == sponsor) if sponsor else False,
        first=_week_number(people["joined"]).fillna(-(10**6)),
        last=_week_number(people["left"]).fillna(10**6),
    )


def _department(names: pd.Series) -> pd.Series:
    return names.fillna("").replace("", NO_DEPT)


def _grid(people: pd.DataFrame, weeks: list[int]) -> pd.DataFrame:
    """Participant x pilot week, kept where the participant is enrolled that week."""
    grid = people.merge(pd.DataFrame({"week": weeks}, dtype="int64"), how="cross")
    keep = (grid["week"] >= grid["first"]) & (grid["week"] <= grid["last"])
    return grid.loc[keep, ["participant_id", "department", "audience", "sponsor", "week"]].reset_index(
        drop=True
    )


def _replaced(rows: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Replaced posts per department, audience and week: everybody's in baseline weeks, in pilot
    weeks only those of participants enrolled that week."""
    rows = rows.merge(people[["participant_id", "department", "audience", "first", "last"]])
    counted = (rows["week"] < 1) | ((rows["week"] >= rows["first"]) & (rows["week"] <= rows["last"]))
    return rows[counted].groupby(["department", "audience", "week"], as_index=False)["posts"].sum()


def _with_activity(grid: pd.DataFrame) -> pd.DataFrame:
    """Flags: active, contributor, active in an earlier enrolled pilot week, and retained."""
    grid = grid.sort_values(["participant_id", "week"], kind="stable").reset_index(drop=True)
    grid["active"] = grid["active"] > 0
    grid["contributor"] = grid["posts"] > 0
    seen = grid.groupby("participant_id")["active"].cummax()
    grid["earlier"] = seen.groupby(grid["participant_id"]).shift(1, fill_value=False).astype(bool)
    grid["retained"] = grid["earlier"] & grid["active"]
    return grid


def _benefits(rows: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """One row per benefit and department it names (else its author's department).

    Row by row in Python: a pilot has hundreds of benefits, not a hundred thousand rows, and the
    dozen pandas string steps this took cost every metrics command 10 ms before it read a row."""
    emails = [e.lower() if isinstance(e, str) else "" for e in people["email"].tolist()]  # as `author`
    own = dict(zip(emails, people["department"].tolist(), strict=True))
    audience = dict(zip(emails, people["audience"].tolist(), strict=True))
    out = []
    columns = (rows[c].tolist() for c in ("id", "days", "email", "departments"))
    for id_, days, email, named in zip(*columns, strict=True):
        author = email.lower() if isinstance(email, str) else ""
        week = math.floor(days / 7) + 1 if days == days and days is not None else 1  # NaN: undated
        for name in DEPARTMENTS.split(named) if isinstance(named, str) else [""]:
            department = name.strip() or own.get(author, NO_DEPT)
            out.append((id_, week, department, audience.get(author, NO_DEPT)))
    frame = pd.DataFrame(out, columns=["id", "week", "department", "audience"])
    return frame.astype({"id": "int64", "week": "int64"})
