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

import io
import json

import numpy as np
import pandas as pd

from pilot.core import csvfile
from pilot.core.catalog import METRIC_IDS, METRICS
from pilot.core.format import json_ready
from pilot.results.inputs import Inputs, read_inputs
from pilot.store import Database

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
    """Every metric for each (keys..., week) of the pilot weeks: the one place they are defined.

    Each metric is an array aligned to the (keys..., week) index, and the table is made once from
    them: a demo's few weeks cost a metrics command the fixed price of every pandas step."""
    index = _index(inputs, keys)
    grid = inputs.grid
    by = [*keys, "week"]
    g = grid.groupby(by)

    def summed(column: str) -> np.ndarray:  # NaN where the index has no grid rows
        return g[column].sum().reindex(index).to_numpy(dtype=float)

    enrolled = g.size().reindex(index).to_numpy(dtype=float)
    tool_posts = np.nan_to_num(summed("posts"))
    replaced = _replaced_volume(inputs, keys, index)
    per_department = list(dict.fromkeys([*by, "department"]))
    covered = grid.groupby(per_department)["active"].any().groupby(level=by).mean()
    sponsor = grid[grid["sponsor"]].groupby(by)["posts"].sum()
    values = {
        "active_rate": _rate(summed("active"), enrolled),
        "contributor_rate": _rate(summed("contributor"), enrolled),
        "tool_posts": tool_posts,
        "replaced_volume": replaced,
        "substitution": 1 - replaced / _baseline(inputs, keys, index),
        "tool_share": _rate(tool_posts, tool_posts + replaced),
        "department_coverage": covered.reindex(index).to_numpy(dtype=float),
        "sponsor_posts": sponsor.reindex(index).to_numpy(dtype=float),
        "retention": _rate(summed("retained"), summed("earlier")),
        "benefits": _benefit_counts(inputs, keys, index),
    }
    _blank_weeks_without_data(values, index.get_level_values("week"), inputs)
    return _finish(values, index, inputs, keys)


def to_csv(weekly: pd.DataFrame) -> str:
    """`weekly` (or a table by group) as CSV text, as the `metrics` command prints it: counts as
    whole numbers, no data empty."""
    buffer = io.StringIO()
    csvfile.write_csv(_counts_as_int(weekly), buffer)
    return buffer.getvalue()


def to_json(weekly: pd.DataFrame) -> str:
    """`weekly` as a JSON list of rows: `week` the Monday, `pilot_week` 1, 2, ...; no data null."""
    return json.dumps(json_ready(_counts_as_int(weekly).to_dict("records")), indent=2)


def _counts_as_int(weekly: pd.DataFrame) -> pd.DataFrame:
    counts = [m for m in weekly.columns if METRICS.get(m, ("", ""))[1] == "count"]
    return weekly.astype({m: "Int64" for m in counts})


def _index(inputs: Inputs, keys: list[str]) -> pd.Index:
    if not keys:
        return pd.Index(inputs.weeks, name="week", dtype="int64")
    groups = sorted(inputs.grid[keys[0]].unique().tolist())
    return pd.MultiIndex.from_product([groups, inputs.weeks], names=[*keys, "week"])


def _rate(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where the denominator is zero or missing: "no data", never 0, never an error."""
    return np.divide(num, den, out=np.full(len(num), np.nan), where=den > 0)


def _replaced_volume(inputs: Inputs, keys: list[str], index: pd.Index) -> np.ndarray:
    volume = inputs.replaced.groupby([*keys, "week"])["posts"].sum().astype(float)
    volume = volume.reindex(index).fillna(0.0)
    if not keys:
        volume = volume.add(inputs.group_counts.reindex(index).fillna(0.0))
    return volume.to_numpy(dtype=float)


def _baseline(inputs: Inputs, keys: list[str], index: pd.Index) -> np.ndarray:
    """Mean replaced volume over the baseline weeks with data (else week 1), aligned to `index`."""
    weeks = inputs.baseline or [w for w in inputs.weeks[:1] if w in inputs.replaced_weeks]
    if not weeks:
        return np.full(len(index), np.nan)
    rows = inputs.replaced[inputs.replaced["week"].isin(weeks)]
    if keys:
        total = rows.groupby(keys)["posts"].sum().reindex(index.get_level_values(0)).fillna(0.0)
        base = total.to_numpy(dtype=float) / len(weeks)
    else:
        total = rows["posts"].sum() + inputs.group_counts.reindex(weeks).fillna(0.0).sum()
        base = np.full(len(index), float(total) / len(weeks))
    return np.where(base > 0, base, np.nan)


def _benefit_counts(inputs: Inputs, keys: list[str], index: pd.Index) -> np.ndarray:
    """Benefits recorded up to the end of each week (those before the start count from week 1)."""
    rows = inputs.benefits.drop_duplicates(["id", *keys])
    rows = rows.assign(week=rows["week"].clip(lower=1).astype("int64"))
    counts = rows.groupby([*keys, "week"]).size().reindex(index, fill_value=0).astype(float)
    return (counts.groupby(level=0).cumsum() if keys else counts.cumsum()).to_numpy()


def _blank_weeks_without_data(values: dict[str, np.ndarray], weeks: pd.Index, inputs: Inputs) -> None:
    """A week with no report for a channel has no data for that channel's metrics."""
    no_tool = ~weeks.isin(list(inputs.tool_weeks))
    no_replaced = ~weeks.isin(list(inputs.replaced_weeks))
    for ids, blank in ((TOOL_IDS, no_tool), (["replaced_volume", "substitution"], no_replaced)):
        for metric in ids:
            values[metric] = np.where(blank, np.nan, values[metric])
    values["tool_share"] = np.where(no_tool | no_replaced, np.nan, values["tool_share"])


def _finish(values: dict[str, np.ndarray], index: pd.Index, inputs: Inputs, keys: list[str]) -> pd.DataFrame:
    """Columns as the interface promises: keys, `week` (the Monday, ISO), `pilot_week`, the ids."""
    weeks = index.get_level_values("week").to_numpy(dtype="int64")
    mondays = np.array([inputs.monday(w) for w in inputs.weeks] or [""], dtype=object)
    columns = {key: index.get_level_values(key) for key in keys}
    columns |= {"week": pd.Series(mondays[weeks - 1], dtype=object), "pilot_week": weeks}
    return pd.DataFrame(columns | {metric: values[metric] for metric in METRIC_IDS})
