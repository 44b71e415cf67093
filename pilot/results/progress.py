"""Goal status each week (DESIGN section 4): met, on track, at risk, off track, or not enough data.

How a goal is judged, as of a pilot week (a goal whose due week has come or passed is judged at its
due week, where only met or off track remain):
- **met**: its latest value (at or before the week) meets the target. When the forecast (below) at the
  due week misses the target, the goal stays met but is flagged **slipping**: "met now, at risk by
  week 12". The flag never changes the decision; it is one of the risks shown beside it.
- otherwise, with fewer than MIN_WEEKS weeks of data: **not enough data** for a forecast.
- otherwise a straight line fitted by least squares to the last TREND_WEEKS weekly values is read at
  the due week (the **forecast**; rates are kept within 0..1, counts at 0 or more):
  **on track** when the forecast meets the target, **at risk** when it misses by at most
  AT_RISK of the target (e.g. a forecast of 55% or more for a target of at least 60%),
  **off track** when it misses by more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pilot.core.catalog import MANUAL_PREFIX, METRICS, STATUSES, SURVEY_PREFIX
from pilot.core.format import format_value, percent, points
from pilot.core.weeks import monday, pilot_week_number
from pilot.intake import kpis
from pilot.playbook import survey
from pilot.results import benefit_weeks, metrics, pulse
from pilot.setup.goals import Goal, list_goals
from pilot.setup.pilots import Pilot
from pilot.store import Database
from pilot.stories import benefits

MIN_WEEKS = 3  # weeks of data a forecast needs
TREND_WEEKS = 4  # the trend is fitted to the last this many weeks with data
AT_RISK = 0.10  # a forecast missing the target by at most this share of it is "at risk"


@dataclass
class GoalStatus:
    goal: Goal
    week: str | None  # Monday (ISO) of the week it was judged at
    pilot_week: int | None  # the week it was judged at: the chosen week, or the due week once passed
    actual: float | None  # the latest value at or before that week
    status: str  # one of catalog.STATUSES
    forecast: float | None  # the trend's value at the due week (None when due, or too few weeks)
    due_week: int
    explanation: str  # one sentence in plain words
    benefits: list[str] = field(default_factory=list)  # descriptions of the benefits tied to the goal
    slipping: bool = False  # met now, but the forecast at the due week misses the target
    values: pd.Series | None = field(default=None, repr=False)  # the metric by pilot week, up to the week

    @property
    def words(self) -> str:
        """The status as the pages and summaries say it: 'met now, at risk by week 12' when slipping."""
        return f"met now, at risk by week {self.due_week}" if self.slipping else self.status


def goal_statuses(
    db: Database, pilot: Pilot, pilot_week: int | None = None, weekly: pd.DataFrame | None = None
) -> list[GoalStatus]:
    """Every goal's status as of `pilot_week` (default: the latest week with data).

    `weekly` (metrics.weekly) can be passed in when the caller has it already.
    """
    weekly = metrics.weekly(db, pilot.id) if weekly is None else weekly
    goals = list_goals(db, pilot.id)
    manual = _manual_and_survey(db, pilot, goals)
    if pilot_week is None:
        pilot_week = _latest_week(weekly, manual, len(pilot.weeks))
    stories = benefit_weeks.points(benefits.list_benefits(db, pilot.id), pilot.start)
    tied = _tied_benefits(stories, pilot_week or len(pilot.weeks))
    statuses = []
    audiences = metrics.by_audience(db, pilot.id) if any(g.audience for g in goals) else None
    for goal in goals:
        values = series(goal, weekly, manual, stories, audiences)
        status = judge(goal, values, pilot_week, goal.due_week or len(pilot.weeks))
        status.week = pilot.weeks[status.pilot_week - 1].isoformat() if status.pilot_week else None
        status.benefits = tied.get(goal.id, [])
        status.values = values[values.index <= (pilot_week or 0)]
        statuses.append(status)
    return statuses


def series(
    goal: Goal,
    weekly: pd.DataFrame,
    manual: pd.DataFrame,
    stories: pd.DataFrame,
    audiences: pd.DataFrame | None = None,
) -> pd.Series:
    """The goal's metric by pilot week (weeks without data left out). A goal on a benefit unit reads
    its cumulative quantity (benefit_weeks.points in `stories`) in the weeks the metrics cover; a
    manual KPI or a survey question its values in `manual` (`_manual_and_survey`);
    a goal for one audience that audience's rows of `audiences` (metrics.by_audience)."""
    if goal.is_manual or goal.question is not None:
        rows = manual[manual["metric"] == goal.metric]
        values = pd.Series(rows["value"].to_numpy(dtype=float), index=rows["pilot_week"].to_numpy())
    elif goal.unit is not None:
        values = benefit_weeks.unit_series(stories, goal.unit, weekly["pilot_week"].astype(int).tolist())
    elif goal.audience is not None and audiences is not None:
        rows = audiences[audiences["audience"] == goal.audience]
        values = pd.Series(rows[goal.metric].to_numpy(dtype=float), index=rows["pilot_week"].to_numpy())
    else:
        values = pd.Series(weekly[goal.metric].to_numpy(dtype=float), index=weekly["pilot_week"].to_numpy())
    return values[values.index >= 1].dropna().sort_index()


def judge(goal: Goal, values: pd.Series, as_of: int | None, due_week: int) -> GoalStatus:
    """The status of one goal from its weekly values (pilot week -> value), as of a week."""
    label = goal.label
    judged = min(as_of, due_week) if as_of else None
    known = values[values.index <= judged] if judged else values.iloc[:0]
    if known.empty:
        text = f"No data for {label} yet" + (f" by week {judged}." if judged else ".")
        return GoalStatus(goal, None, judged, None, "not enough data", None, due_week, text)
    week, actual = int(known.index[-1]), float(known.iloc[-1])
    now = f"{label} {_fmt(goal, actual)} in week {week}"
    if judged == due_week:
        status = "met" if _meets(goal, actual) else "off track"
        when = "its due week" if week == due_week else f"the latest data by its due week {due_week}"
        return _status(
            goal, judged, actual, status, None, due_week, f"{now}, {when}: {_versus(goal, actual)}."
        )
    forecast = _forecast(goal, known, due_week) if len(known) >= MIN_WEEKS else None
    if _meets(goal, actual):
        met = _status(goal, judged, actual, "met", forecast, due_week, f"{now}: {_versus(goal, actual)}.")
        if forecast is not None and not _meets(goal, forecast):
            met.slipping = True
            met.explanation += (
                f" Met now, at risk by week {due_week}: the trend reaches {_fmt(goal, forecast)}."
            )
        return met
    if forecast is None:
        text = f"{now}, {_versus(goal, actual)}; a forecast needs at least {MIN_WEEKS} weeks of data."
        return _status(goal, judged, actual, "not enough data", None, due_week, text)
    status = "on track" if _meets(goal, forecast) else "at risk" if _close(goal, forecast) else "off track"
    trend = f"the trend of the last {min(len(known), TREND_WEEKS)} weeks reaches {_fmt(goal, forecast)}"
    text = f"{now}; {trend} by week {due_week}, {_versus(goal, forecast)}"
    if status == "at risk":
        text += f" (within {AT_RISK:.0%} of it)"
    return _status(goal, judged, actual, status, forecast, due_week, text + ".")


def _manual_and_survey(db: Database, pilot: Pilot, goals: list[Goal]) -> pd.DataFrame:
    """Manual KPI values and, when a goal targets a survey question, the question's weekly average
    (pulse.results: hidden below its small-group threshold, so no data then): metric (the goal's,
    manual:NAME or survey:QUESTION), week, value, pilot_week."""
    manual = kpis.kpi_frame(db, pilot.id)
    manual = manual.assign(metric=MANUAL_PREFIX + manual["name"].astype(str))[["metric", "week", "value"]]
    if any(g.question is not None for g in goals):
        inputs = metrics.read_inputs(db, pilot.id)
        averages = pulse.results(inputs, survey.answers(db, pilot.id), pilot.small_group)
        averages = averages.dropna(subset="average").assign(metric=SURVEY_PREFIX + averages["question"])
        manual = pd.concat([manual, averages.rename(columns={"average": "value"})[manual.columns]])
    manual["pilot_week"] = [pilot_week_number(pilot.start, w) for w in manual["week"]]
    return manual


def baseline_weeks(db: Database, pilot_id: int) -> int:
    """How many weeks before the start hold replaced-channel data (0: week 1 is the baseline)."""
    sql = """SELECT COUNT(*) AS n FROM (
               SELECT week FROM usage WHERE pilot_id = :pilot AND channel = 'replaced' AND week < :start
               UNION SELECT week FROM replaced_counts WHERE pilot_id = :pilot AND week < :start)"""
    start = db.execute("SELECT start FROM pilots WHERE id = ?", [pilot_id]).fetchone()[0]
    return int(db.execute(sql, {"pilot": pilot_id, "start": monday(start).isoformat()}).fetchone()[0])


def this_week_summary(
    pilot: Pilot, weekly: pd.DataFrame, statuses: list[GoalStatus], pilot_week: int, *, baseline_weeks: int
) -> str:
    """Two or three plain sentences on the week, generated from the figures.

    `baseline_weeks` (`baseline_weeks` above): without any, week 1 is its own baseline, so week 1 says
    nothing about substitution ("0% below its baseline" would compare the week with itself).
    """
    rows = weekly.set_index("pilot_week")
    if pilot_week not in rows.index:
        return f"No usage data for week {pilot_week} yet."
    row, before = rows.loc[pilot_week], rows.loc[pilot_week - 1] if pilot_week - 1 in rows.index else None
    tool = pilot.tool_name or "the tool"
    sentences = [_usage_sentence(pilot, row, before, tool, pilot_week)]
    if pd.notna(row["substitution"]) and (baseline_weeks or pilot_week > 1):
        sentences.append(_substitution_sentence(pilot, row, tool))
    if statuses:
        sentences.append(_goals_sentence(statuses))
    return " ".join(sentences)


def _substitution_sentence(pilot: Pilot, row: pd.Series, tool: str) -> str:
    change = "below" if row["substitution"] >= 0 else "above"
    replaced = pilot.replaced_name or "The replaced channel"
    moved = percent(abs(row["substitution"]))
    where = "at its baseline" if moved == "0%" else f"{moved} {change} its baseline"  # not "0% below"
    text = f"{replaced} volume is {where}"
    if pd.notna(row["tool_share"]):
        return text + f", and {tool} carries {percent(row['tool_share'])} of all posts."
    return text + "."


def _usage_sentence(pilot: Pilot, row: pd.Series, before: pd.Series | None, tool: str, week: int) -> str:
    head = f"In week {week} of {len(pilot.weeks)}"
    if pd.isna(row["active_rate"]):
        return f"{head}, there is no {tool} data yet."
    text = f"{head}, {percent(row['active_rate'])} of the sample group used {tool}"
    if before is not None and pd.notna(before["active_rate"]):
        change = row["active_rate"] - before["active_rate"]
        moved = points(change, signed=False)
        text += (
            " (as last week)"
            if moved == "0 pts"
            else f" ({'up' if change > 0 else 'down'} {moved} on last week)"
        )
    return text + f" and {percent(row['contributor_rate'])} posted."


def _goals_sentence(statuses: list[GoalStatus]) -> str:
    counts = {status: sum(s.status == status for s in statuses) for status in STATUSES}
    slipping = sum(s.slipping for s in statuses)
    said = {"met": f"met ({slipping} at risk by its due week)"} if slipping else {}
    text = "Goals: " + ", ".join(f"{n} {said.get(status, status)}" for status, n in counts.items() if n)
    off = [s.goal.label for s in statuses if s.status == "off track"]
    return text + (f" ({', '.join(off)})." if off else ".")


def _status(
    goal: Goal,
    pilot_week: int | None,
    actual: float | None,
    status: str,
    forecast: float | None,
    due: int,
    text: str,
) -> GoalStatus:
    return GoalStatus(goal, None, pilot_week, actual, status, forecast, due, text)


def _meets(goal: Goal, value: float) -> bool:
    return value >= goal.target if goal.comparison == "at_least" else value <= goal.target


def _close(goal: Goal, value: float) -> bool:
    return abs(value - goal.target) <= AT_RISK * abs(goal.target)


def _versus(goal: Goal, value: float) -> str:
    """'at or above the target 60%' or 'below the target 60%' (the other way round for at most)."""
    if goal.comparison == "at_least":
        side = "at or above" if _meets(goal, value) else "below"
    else:
        side = "at or below" if _meets(goal, value) else "above"
    return f"{side} the target {_fmt(goal, goal.target)}"


def _forecast(goal: Goal, known: pd.Series, due_week: int) -> float:
    """Least squares line through the last TREND_WEEKS values, read at the due week."""
    recent = known.tail(TREND_WEEKS)
    slope, intercept = np.polyfit(recent.index.to_numpy(dtype=float), recent.to_numpy(dtype=float), 1)
    value = round(float(slope * due_week + intercept), 9)  # no 0.6000000000000001 next to a target of 0.6
    if METRICS.get(goal.metric, ("", ""))[1] == "rate":
        return min(max(value, 0.0), 1.0)
    if goal.question is not None:  # answers are 1 to 5
        return min(max(value, 1.0), 5.0)
    return max(value, 0.0) if goal.metric in METRICS or goal.unit is not None else value


def _fmt(goal: Goal, value: float) -> str:
    return format_value(goal.metric, value)


def _latest_week(weekly: pd.DataFrame, manual: pd.DataFrame, weeks: int) -> int | None:
    found = [
        *weekly["pilot_week"].tolist(),
        *manual.loc[manual["pilot_week"].between(1, weeks), "pilot_week"],
    ]
    return int(max(found)) if found else None


def _tied_benefits(stories: pd.DataFrame, pilot_week: int) -> dict[int, list[str]]:
    """The stories of the benefits tied to each goal, recorded up to the end of the week, oldest first."""
    rows = stories[stories["goal_id"].notna() & (stories["pilot_week"] <= pilot_week)]
    return {int(k): v for k, v in rows.groupby("goal_id")["story"].agg(list).items()}
