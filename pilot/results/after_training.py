"""Adoption after training: did the people at a session use the tool more in the two weeks after?

An observation, not a proof: people who come to a lunch & learn may be keen anyway. So each
session is set beside the participants not yet trained over the same weeks.
- Windows: the 2 pilot weeks before and the 2 after the session's week (that week itself left
  out), counting only weeks with tool data.
- Measure: the share of a group active (or posting) in at least one week of a window.
- Comparison group: enrolled participants who did not attend and had not been trained by the end
  of the window (anyone trained within it is left out).
- Under 5 people (FEW) a group's figures are counts, not rates: in the words, the table and the
  chart (which leaves such a group out).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from pilot.core.format import day
from pilot.core.weeks import pilot_week_number
from pilot.results.metrics import Inputs

WINDOW = 2
FEW = 5  # a group of fewer people gets counts, never a rate: 1 of 1 is not "100%"
GROUPS = ("at the session", "not yet trained")  # an Effect's attendees and others, in words
BEFORE_AFTER = {  # table's column -> Group's field
    "active before": "active_before",
    "active after": "active_after",
    "posted before": "posted_before",
    "posted after": "posted_after",
}


@dataclass(frozen=True)
class Group:
    people: int
    active_before: int
    active_after: int
    posted_before: int
    posted_after: int


@dataclass(frozen=True)
class Effect:
    label: str  # "the 15 Sep 2026 lunch & learn", or "all sessions"
    attendees: Group
    others: Group  # not yet trained over the same weeks
    weeks_after: int  # weeks with tool data in the after window (0: too soon to tell)

    def groups(self) -> tuple[tuple[str, Group], tuple[str, Group]]:
        """Its two groups, each with its name in words (GROUPS)."""
        return (GROUPS[0], self.attendees), (GROUPS[1], self.others)

    def sentence(self) -> str:
        a, o = self.attendees, self.others
        if not self.weeks_after:
            return (
                f"Of {_people(a.people)} at {self.label}: too soon to tell, no data yet for the weeks after."
            )
        if not rated(a.people):
            theirs = f"{a.posted_after}"
            others = f"{o.posted_after} of {o.people} not yet trained"
        else:
            theirs = f"{a.posted_after} ({_share(a.posted_after, a.people)})"
            others = (
                f"{_share(o.posted_after, o.people)} of those not yet trained"
                if rated(o.people)
                else f"{o.posted_after} of the {o.people} not yet trained"
            )
        tail = f", against {others}" if o.people else " (everyone else had been trained: no comparison)"
        return f"Of {_people(a.people)} at {self.label}, {theirs} posted in the next two weeks{tail}."


def session_effects(inputs: Inputs, attendance: pd.DataFrame) -> list[Effect]:
    """One Effect per session of `attendance` (training.attendance's frame), oldest first."""
    first = _first_training_week(inputs, attendance)
    effects: list[Effect] = []
    seen: Counter[str] = Counter()
    for (_, date, kind, host), rows in attendance.groupby(["session_id", "date", "kind", "host"], sort=False):
        week = pilot_week_number(inputs.start, date)
        label = f"the {day(date)} {kind}"
        label += f" with {host}" if kind == "one-on-one" and host else ""
        seen[label] += 1  # a second session of the same kind that day (and host): its own label
        label += f" ({seen[label]})" if seen[label] > 1 else ""
        effects.append(_effect(inputs, label, week, set(rows["participant_id"]), first))
    return effects


def overall(effects: list[Effect]) -> Effect | None:
    """Every session pooled: each attendance (a person at a session) counts once."""
    if not effects:
        return None
    with_data = [e for e in effects if e.weeks_after]
    return Effect(
        label="all sessions",
        attendees=_pool([e.attendees for e in with_data]),
        others=_pool([e.others for e in with_data]),
        weeks_after=max((e.weeks_after for e in effects), default=0),
    )


def rated(people: int) -> bool:
    """Whether a group is large enough (FEW or more) for its figures to be given as rates."""
    return people >= FEW


def shares(effects: list[Effect]) -> pd.DataFrame:
    """What the chart draws: for each session with data after it and FEW attendees or more, the
    share of each group of FEW or more who posted in the 2 weeks after (with the count behind it).
    A smaller group is left out, a session under FEW attendees with its comparison: their counts
    are in the words and the table."""
    rows = [
        {"session": e.label.removeprefix("the "), "group": name, "people": g.people, "posted": g.posted_after}
        for e in effects
        if e.weeks_after and rated(e.attendees.people)
        for name, g in e.groups()
        if rated(g.people)
    ]
    frame = pd.DataFrame(rows, columns=["session", "group", "people", "posted"])
    return frame.assign(share=frame["posted"] / frame["people"])


def table(effects: list[Effect]) -> pd.DataFrame:
    """The figures behind the sentences: for each session with data after it (`effects`, the pooled
    one first if given) and each group of people, how many were active and how many posted in the 2 weeks
    before and after, as "9 of 12 (75%)", or "3 of 4" for a group under 5."""
    rows = [
        {"session": e.label, "group": name, "people": g.people}
        | {column: _part(getattr(g, field), g.people) for column, field in BEFORE_AFTER.items()}
        for e in effects
        for name, g in e.groups()
        if e.weeks_after and g.people
    ]
    return pd.DataFrame(rows, columns=["session", "group", "people", *BEFORE_AFTER])


def _effect(inputs: Inputs, label: str, week: int, attendees: set[int], first: pd.Series) -> Effect:
    before = [w for w in range(week - WINDOW, week) if w in inputs.tool_weeks]
    after = [w for w in range(week + 1, week + WINDOW + 1) if w in inputs.tool_weeks]
    grid = inputs.grid[inputs.grid["week"].isin(before + after)]
    enrolled = set(grid["participant_id"])
    trained_by_end = set(first[first <= week + WINDOW].index)
    others = enrolled - attendees - trained_by_end
    return Effect(
        label, _group(grid, attendees, before, after), _group(grid, others, before, after), len(after)
    )


def _group(grid: pd.DataFrame, people: set[int], before: list[int], after: list[int]) -> Group:
    rows = grid[grid["participant_id"].isin(people)]

    def count(weeks: list[int], flag: str) -> int:
        return rows.loc[rows["week"].isin(weeks) & rows[flag], "participant_id"].nunique()

    return Group(
        len(people),
        count(before, "active"),
        count(after, "active"),
        count(before, "contributor"),
        count(after, "contributor"),
    )


def _first_training_week(inputs: Inputs, attendance: pd.DataFrame) -> pd.Series:
    weeks = attendance["date"].map(lambda d: pilot_week_number(inputs.start, d))
    return weeks.groupby(attendance["participant_id"]).min()


def _pool(groups: list[Group]) -> Group:
    return Group(*(sum(getattr(g, f) for g in groups) for f in Group.__dataclass_fields__))


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def _part(n: int, people: int) -> str:
    return f"{n} of {people}" + (f" ({_share(n, people)})" if rated(people) else "")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"
