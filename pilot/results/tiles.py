"""The weekly results in words and figures ready to show: KPI tiles with week-over-week change,
the goal table, the week picker's choices. Worked out here so the pages only render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from pilot.core.catalog import AUDIENCES, DEFINITIONS, METRIC_IDS, METRICS
from pilot.core.format import day, format_value, points
from pilot.stories import benefits

if TYPE_CHECKING:
    from pilot.results.progress import GoalStatus

TILES = (
    "active_rate",
    "contributor_rate",
    "tool_posts",
    "substitution",
    "sponsor_posts",
    "retention",
    "department_coverage",
    "benefits",
)
HOME_TILES = ("active_rate", "contributor_rate", "substitution", "benefits")
MARKS = {
    "met": "✅ met",
    "on track": "📈 on track",
    "at risk": "⚠️ at risk",
    "off track": "❌ off track",
    "not enough data": "⏳ not enough data",
}


STATUS_RULE = (
    "✅ met: meets the target now. 📈 on track: the trend of the last 4 weeks (a least-squares line) "
    "reaches the target by the due week. ⚠️ at risk: it misses by 10% of the target or less. "
    "❌ off track: it misses by more. ⏳ not enough data: fewer than 3 weeks of data. "
    "Once the due week has come, a goal is judged at its due week: met or off track."
)


@dataclass
class Tile:
    label: str
    value: str
    delta: str | None  # change on the week before ("+5 pts", "-12"); None when either is missing
    help: str

    @property
    def changed(self) -> bool:
        """False for no change ("0", "0 pts"): shown without an arrow and without colour."""
        return self.delta not in (None, "0", "0 pts")


def latest_complete_week(frame: pd.DataFrame, today: dt.date | None = None) -> int | None:
    """The latest pilot week with tool data that has ended (else the latest with data): the default view."""
    with_data = frame[frame["tool_posts"].notna()] if len(frame) else frame
    if not len(with_data):
        return int(frame["pilot_week"].iloc[-1]) if len(frame) else None
    today = today or dt.date.today()
    ended = with_data[pd.to_datetime(with_data["week"]).dt.date + dt.timedelta(days=7) <= today]
    chosen = ended if len(ended) else with_data
    return int(chosen["pilot_week"].iloc[-1])


def week_choices(frame: pd.DataFrame) -> dict[int, str]:
    """Pilot week -> its label in the picker, e.g. 8 -> 'Week 8 (from 19 Oct 2026)'."""
    return {
        int(n): f"Week {n} (from {day(w)})" for n, w in zip(frame["pilot_week"], frame["week"], strict=True)
    }


def kpi_tiles(frame: pd.DataFrame, pilot_week: int, ids: tuple[str, ...] = TILES) -> list[Tile]:
    """The week's figures with their change on the week before (rates in percentage points)."""
    rows = frame.set_index("pilot_week")
    row = rows.loc[pilot_week]
    before = rows.loc[pilot_week - 1] if pilot_week - 1 in rows.index else None
    return [
        Tile(
            METRICS[m][0],
            format_value(m, row[m]),
            _delta(m, row[m], None if before is None else before[m]),
            DEFINITIONS[m],
        )
        for m in ids
    ]


def home_tiles(frame: pd.DataFrame) -> tuple[str, list[Tile]]:
    """The home page's few tiles: the latest complete week's headline figures, and which week.

    Takes `metrics.weekly`'s frame so the home page shares the results page's cached metrics.
    """
    week = latest_complete_week(frame)
    if week is None:
        return "No usage data yet", []
    return f"Week {week}", kpi_tiles(frame, week, HOME_TILES)


def goal_table(statuses: list[GoalStatus]) -> pd.DataFrame:
    """One row a goal: status mark, goal, actual, target, forecast, due week, why, tied benefits."""
    rows = [
        {
            "Status": MARKS[s.status] + (f" now, at risk by week {s.due_week}" if s.slipping else ""),
            "Goal": s.goal.describe() + (" (must-have)" if s.goal.must else ""),
            "Actual": format_value(s.goal.metric, s.actual),
            "Target": format_value(s.goal.metric, s.goal.target),
            "Forecast": format_value(s.goal.metric, s.forecast),
            "Due week": s.due_week,
            "Why": s.explanation,
            "Benefits": _stories(s.benefits),
        }
        for s in statuses
    ]
    columns = ["Goal", "Status", "Actual", "Target", "Forecast", "Due week", "Why", "Benefits"]
    return pd.DataFrame(rows, columns=columns).set_index("Goal")


def audience_table(by_audience: pd.DataFrame, pilot_week: int) -> pd.DataFrame:
    """The week's metrics per audience (metrics.by_audience), one column an audience in the order of
    the catalog, one row a metric: observers' low contributor rate sits beside the others."""
    week = by_audience[by_audience["pilot_week"] == pilot_week].set_index("audience")
    order = [a for a in AUDIENCES if a in week.index] + sorted(set(week.index) - set(AUDIENCES))
    rows = {METRICS[m][0]: [format_value(m, week.at[a, m]) for a in order] for m in METRIC_IDS}
    return pd.DataFrame.from_dict(rows, orient="index", columns=order).rename_axis("Metric")


def targets(statuses: list[GoalStatus]) -> pd.DataFrame:
    """The charts' target lines: a row a metric with a goal (the first goal on it), with the goal in
    words for the line's label ("Active rate at least 60% by week 12"), its target and due week.
    A goal for one audience is not the group's line."""
    found: dict[str, dict] = {}
    for s in statuses:
        if s.goal.audience is not None:
            continue
        label = f"{s.goal.describe()} by week {s.due_week}"
        found.setdefault(
            s.goal.metric,
            {"metric": s.goal.metric, "label": label, "target": s.goal.target, "pilot_week": s.due_week},
        )
    return pd.DataFrame(list(found.values()), columns=["metric", "label", "target", "pilot_week"])


def until(frame: pd.DataFrame, pilot_week: int) -> pd.DataFrame:
    """The rows of weeks 1 to `pilot_week`: the charts as they stood that week."""
    return frame[frame["pilot_week"] <= pilot_week]


def benefit_line(points: pd.DataFrame, pilot_week: int) -> str:
    """The benefits' quantities up to the end of the week in one line, e.g. 'Benefits so far: 12
    hours, 40 emails.', from `benefit_weeks.points` (its dating rule, as every benefit figure)."""
    totals = benefits.totals_by_unit(points[points["pilot_week"] <= pilot_week])
    if not totals:
        return "No benefit with a quantity recorded yet."
    return "Benefits so far: " + ", ".join(f"{v:,g} {unit}" for unit, v in totals.items()) + "."


def _stories(descriptions: list[str]) -> str:
    """The tied benefits in one cell; a story told more than once shows how often ("(×2)")."""
    counts = dict.fromkeys(descriptions, 0)
    for d in descriptions:
        counts[d] += 1
    return "; ".join(d + (f" (×{n})" if n > 1 else "") for d, n in counts.items()) or "–"


def _delta(metric: str, now: float, before: float | None) -> str | None:
    if before is None or pd.isna(now) or pd.isna(before):
        return None
    if METRICS[metric][1] == "rate":
        return points(now - before)
    change = f"{now - before:+,.0f}"
    return "0" if change in ("+0", "-0") else change
