"""DESIGN section 3's metrics per pilot week, for the whole sample group, per department and per audience.

One vectorised pandas computation over the stored tables. Rules that the definitions leave open:
- Enrolment: a participant counts in a pilot week from the week of `joined` to the week of `left`
  (NULL = the whole pilot); their usage counts only in those weeks, so every rate stays within 0..1.
- No data: the tool metrics of a week with no tool rows at all, and the replaced-channel metrics of
  a week with no replaced rows and no group count, are NaN (a missing report is not zero use).
  A participant absent from an imported week's report is inactive that week.
- Replaced volume: the per-person replaced posts plus the group-level count of `replaced_counts`
  (one number a week, for channels with no per-person report). The two describe different channels,
  so they add up; each is stored once per week, so nothing is counted twice. The group count belongs
  to no department, so per department only per-person rows count.
- Baseline weeks (before the start) feed only the substitution baseline: the mean replaced volume over
  baseline weeks with replaced data; without any, week 1's volume.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pilot.core.catalog import METRIC_IDS
from pilot.results.inputs import Inputs, read_inputs
from pilot.store import Database
from pilot.stories import benefits

TOOL_IDS = [
    "active_rate",
    "contributor_rate",
    "tool_posts",
    "department_coverage",
    "sponsor_posts",
    "retention",
]


def weekly(db: Database, pilot_id: int) -> pd.DataFrame:
    """One row per pilot week: `week`, `pilot_week`, then every metric id (NaN = no data)."""
    return compute(read_inputs(db, pilot_id), [])


def by_department(db: Database, pilot_id: int) -> pd.DataFrame:
    """The same metrics per department: `department`, `week`, `pilot_week`, then the ids."""
    return compute(read_inputs(db, pilot_id), ["department"])


def by_audience(db: Database, pilot_id: int) -> pd.DataFrame:
    """The same metrics per audience (leadership, ..., observer): `audience`, `week`, `pilot_week`, ids."""
    return compute(read_inputs(db, pilot_id), ["audience"])


def results(db: Database, pilot_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables from one read of the database (what the weekly results page caches)."""
    inputs = read_inputs(db, pilot_id)
    return compute(inputs, []), compute(inputs, ["department"])


def compute(inputs: Inputs, keys: list[str]) -> pd.DataFrame:
    """Every metric for each (keys..., week) of the pilot weeks: the one place they are defined."""
    index = _index(inputs, keys)
    grid = inputs.grid
    by = [*keys, "week"]
    g = grid.groupby(by)
    enrolled = g.size().reindex(index)
    active = g["active"].sum().reindex(index)
    out = pd.DataFrame(index=index)
    out["active_rate"] = _rate(active, enrolled)
    out["contributor_rate"] = _rate(g["contributor"].sum().reindex(index), enrolled)
    out["tool_posts"] = g["posts"].sum().reindex(index).fillna(0.0)
    out["replaced_volume"] = _replaced_volume(inputs, keys, index)
    out["substitution"] = 1 - out["replaced_volume"] / _baseline(inputs, keys, index)
    out["tool_share"] = _rate(out["tool_posts"], out["tool_posts"] + out["replaced_volume"])
    per_department = list(dict.fromkeys([*by, "department"]))
    covered = grid.groupby(per_department)["active"].any().groupby(level=by).mean()
    out["department_coverage"] = covered.reindex(index)
    sponsor = grid[grid["sponsor"]].groupby(by)["posts"].sum()
    out["sponsor_posts"] = sponsor.reindex(index)
    out["retention"] = _rate(g["retained"].sum().reindex(index), g["earlier"].sum().reindex(index))
    out["benefits"] = _benefit_counts(inputs, keys, index)
    _blank_weeks_without_data(out, inputs)
    return _finish(out, inputs, keys)


def benefit_totals(db: Database, pilot_id: int, week: str | None = None) -> dict[str, float]:
    """Summed benefit quantities by unit (e.g. {"hours": 12.5}) up to the end of `week` (a Monday)."""
    frame = benefits.list_benefits(db, pilot_id)
    if week is not None:
        frame = frame[frame["date"] < (dt.date.fromisoformat(week) + dt.timedelta(days=7)).isoformat()]
    return benefits.totals_by_unit(frame)


def _index(inputs: Inputs, keys: list[str]) -> pd.Index:
    if not keys:
        return pd.Index(inputs.weeks, name="week", dtype="int64")
    groups = sorted(inputs.grid[keys[0]].unique().tolist())
    return pd.MultiIndex.from_product([groups, inputs.weeks], names=[*keys, "week"])


def _rate(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den, NaN where the denominator is zero or missing: "no data", never 0, never an error."""
    den = den.astype(float)
    return num.astype(float).where(den > 0) / den.where(den > 0)


def _replaced_volume(inputs: Inputs, keys: list[str], index: pd.Index) -> pd.Series:
    volume = inputs.replaced.groupby([*keys, "week"])["posts"].sum().astype(float)
    volume = volume.reindex(index).fillna(0.0)
    if not keys:
        volume = volume.add(inputs.group_counts.reindex(index).fillna(0.0))
    return volume


def _baseline(inputs: Inputs, keys: list[str], index: pd.Index) -> pd.Series:
    """Mean replaced volume over the baseline weeks with data (else week 1), aligned to `index`."""
    weeks = inputs.baseline or [w for w in inputs.weeks[:1] if w in inputs.replaced_weeks]
    if not weeks:
        return pd.Series(np.nan, index=index)
    rows = inputs.replaced[inputs.replaced["week"].isin(weeks)]
    if keys:
        total = rows.groupby(keys)["posts"].sum().reindex(index.get_level_values(0)).fillna(0.0)
        base = pd.Series(total.to_numpy(dtype=float) / len(weeks), index=index)
    else:
        total = rows["posts"].sum() + inputs.group_counts.reindex(weeks).fillna(0.0).sum()
        base = pd.Series(float(total) / len(weeks), index=index)
    return base.where(base > 0)


def _benefit_counts(inputs: Inputs, keys: list[str], index: pd.Index) -> pd.Series:
    """Benefits recorded up to the end of each week (those before the start count from week 1)."""
    rows = inputs.benefits.drop_duplicates(["id", *keys])
    rows = rows.assign(week=rows["week"].clip(lower=1).astype("int64"))
    counts = rows.groupby([*keys, "week"]).size().reindex(index, fill_value=0).astype(float)
    return counts.groupby(level=0).cumsum() if keys else counts.cumsum()


def _blank_weeks_without_data(out: pd.DataFrame, inputs: Inputs) -> None:
    """A week with no report for a channel has no data for that channel's metrics."""
    weeks = out.index.get_level_values("week")
    no_tool = ~weeks.isin(list(inputs.tool_weeks))
    no_replaced = ~weeks.isin(list(inputs.replaced_weeks))
    out.loc[no_tool, TOOL_IDS] = np.nan
    out.loc[no_replaced, ["replaced_volume", "substitution"]] = np.nan
    out.loc[no_tool | no_replaced, "tool_share"] = np.nan


def _finish(out: pd.DataFrame, inputs: Inputs, keys: list[str]) -> pd.DataFrame:
    """Columns as the interface promises: keys, `week` (the Monday, ISO), `pilot_week`, the ids."""
    out = out.reset_index().rename(columns={"week": "pilot_week"})
    mondays = {w: (inputs.start + dt.timedelta(weeks=w - 1)).isoformat() for w in inputs.weeks}
    out.insert(len(keys), "week", out["pilot_week"].map(mondays).astype(object))
    out["pilot_week"] = out["pilot_week"].astype(int)
    out[list(METRIC_IDS)] = out[list(METRIC_IDS)].astype(float)
    return out[[*keys, "week", "pilot_week", *METRIC_IDS]].reset_index(drop=True)
