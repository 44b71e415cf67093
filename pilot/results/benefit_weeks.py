"""Benefits by pilot week: the dating rule, the cumulative quantity of each unit, stories per week.

One dating rule for every figure and chart: a benefit counts from the week that holds its date,
and one dated before the start counts from week 1 (as the `benefits` count of metrics does).
The frames here feed the goals on benefits (`benefits:hours`), the business case and the charts.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pilot.core.weeks import monday, pilot_week_number

POINT_COLUMNS = ["id", "pilot_week", "date", "who", "category", "story", "quantity", "unit", "goal_id"]


def points(benefits: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """One row a benefit (from `stories.benefits.list_benefits`), oldest first, with its pilot week.

    `who` is the participant's name (blank for a story from outside the sample group). It is the
    only column that names a person: a caller showing the charts to a viewer who may not see names
    (pseudonyms, groups below the threshold) replaces or blanks it before drawing.
    """
    days = (pd.to_datetime(benefits["date"]) - pd.Timestamp(monday(start))).dt.days
    frame = benefits.assign(
        pilot_week=(days // 7 + 1).clip(lower=1).astype(int),
        who=benefits["name"].fillna(""),
        story=benefits["description"],
    )
    return frame.sort_values(["date", "id"], kind="stable")[POINT_COLUMNS].reset_index(drop=True)


def units(benefits: pd.DataFrame) -> list[str]:
    """The units recorded with a quantity, most used first: what a goal on benefits can target."""
    rows = benefits[benefits["quantity"].notna() & (benefits["unit"] != "")]
    return rows["unit"].value_counts(sort=True).index.astype(str).tolist()


def cumulative(points: pd.DataFrame, weeks: list[int]) -> pd.DataFrame:
    """`pilot_week, unit, total`: each unit's quantities summed over the benefits up to the end of
    each of `weeks` (a unit has a row every week, 0 before its first benefit)."""
    rows = points[points["quantity"].notna() & (points["unit"] != "")]
    if rows.empty or not weeks:
        return pd.DataFrame({"pilot_week": [], "unit": [], "total": []}).astype({"pilot_week": int})
    by_week = rows.groupby(["unit", "pilot_week"])["quantity"].sum().unstack("unit", fill_value=0.0)
    grid = by_week.reindex(range(1, max(weeks) + 1), fill_value=0.0).cumsum().loc[weeks]
    grid.index.name = "pilot_week"
    frame = grid.reset_index().melt("pilot_week", var_name="unit", value_name="total")
    return frame.astype({"pilot_week": int, "total": float})


def unit_series(points: pd.DataFrame, unit: str, weeks: list[int]) -> pd.Series:
    """The cumulative quantity of `unit` by pilot week (0 until its first benefit): a goal's values."""
    totals = cumulative(points[points["unit"] == unit], weeks)
    return pd.Series(totals["total"].to_numpy(dtype=float), index=totals["pilot_week"].to_numpy())


def total_until(points: pd.DataFrame, unit: str, pilot_week: int) -> float:
    """The quantity of `unit` summed over the benefits up to the end of `pilot_week`."""
    rows = points[(points["unit"] == unit) & (points["pilot_week"] <= pilot_week)]
    return float(rows["quantity"].sum())


def per_week_by_category(points: pd.DataFrame, weeks: list[int]) -> pd.DataFrame:
    """`pilot_week, category, benefits`: how many stories each week brought, by category."""
    rows = points[points["pilot_week"].isin(weeks)]
    counts = rows.groupby(["pilot_week", "category"]).size().rename("benefits").reset_index()
    return counts.astype({"pilot_week": int, "benefits": int})


def weeks_so_far(start: dt.date, weeks: int, points: pd.DataFrame, today: dt.date) -> int:
    """The last pilot week the benefit charts show: this week (the last one once the pilot is over),
    or a later week a benefit is dated in; at least week 1."""
    latest = int(points["pilot_week"].max()) if len(points) else 1
    return max(1, min(weeks, max(pilot_week_number(start, today), latest)))
