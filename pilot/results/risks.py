"""The risks shown beside the verdict (DESIGN section 4): what an executive should know before
acting on it. A risk never changes the computed recommendation; it is only shown next to it.

- open concerns;
- throw-away checklist items not ticked (a Go with the data export path untested comes first:
  a throw-away pilot's data must be able to leave);
- budget over its cap;
- a must-have goal met now but trending down (progress's *slipping* flag);
- the replaced channel still carrying most traffic;
- posting concentrated on a few people (half the week's posts from fewer than 10% of the people
  enrolled, or from fewer than 3): the pilot then rests on a few enthusiasts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pilot.core.catalog import CHECKLIST
from pilot.core.format import amount, counted, percent
from pilot.results.engagement import Concentration
from pilot.results.progress import GoalStatus
from pilot.setup.pilots import Pilot

EXPORT_ITEM = "export_tested"


@dataclass
class Risk:
    kind: str  # concern, export, checklist, budget, slipping, channel, concentration
    text: str  # one line in plain words


def risks(
    pilot: Pilot,
    recommendation: str,
    statuses: list[GoalStatus],
    weekly: pd.DataFrame,
    concerns: pd.DataFrame,
    concentration: Concentration | None = None,
) -> list[Risk]:
    """Every risk as of the summary's week: `weekly` and `concerns` hold only what was known by then;
    `concentration` is that week's (engagement.concentration)."""
    return [
        *_slipping(statuses),
        *_export(pilot, recommendation),
        *_concerns(concerns),
        *_budget(pilot),
        *_channel(pilot, weekly),
        *_concentration(concentration),
        *_checklist(pilot, recommendation),
    ]


def _slipping(statuses: list[GoalStatus]) -> list[Risk]:
    return [
        Risk("slipping", f"Must-have goal met now but trending down: {s.goal.describe()}, {s.words}.")
        for s in statuses
        if s.goal.must and s.slipping
    ]


def _export(pilot: Pilot, recommendation: str) -> list[Risk]:
    if recommendation != "Go" or pilot.ticked(EXPORT_ITEM):
        return []
    return [
        Risk("export", "Go, but the data export path is not tested: the pilot's data must be exportable.")
    ]


def _concerns(concerns: pd.DataFrame) -> list[Risk]:
    open_ = concerns[concerns["status"] == "open"]
    if open_.empty:
        return []
    listed = "; ".join(str(d) for d in open_["description"])
    return [Risk("concern", f"{counted(len(open_), 'concern')} still open ({listed}).")]


def _budget(pilot: Pilot) -> list[Risk]:
    cap, spent = pilot.budget_cap, pilot.budget_spent
    if cap <= 0 or spent <= cap:
        return []
    over = f"{amount(spent)} of {amount(cap)} {pilot.currency} spent ({percent(spent / cap)})"
    return [Risk("budget", f"Budget over its cap: {over}.")]


def _channel(pilot: Pilot, weekly: pd.DataFrame) -> list[Risk]:
    known = weekly[weekly["pilot_week"].ge(1) & weekly["tool_share"].notna()]
    if known.empty or known["tool_share"].iloc[-1] >= 0.5:
        return []
    row = known.iloc[-1]
    replaced = pilot.replaced_name or "The replaced channel"
    share = percent(1 - row["tool_share"])
    return [
        Risk(
            "channel",
            f"{replaced} still carries most traffic: {share} of posts in week {int(row['pilot_week'])}.",
        )
    ]


def _concentration(concentration: Concentration | None) -> list[Risk]:
    if concentration is None or not concentration.risky:
        return []
    return [Risk("concentration", f"{concentration.sentence()} The pilot rests on a few enthusiasts.")]


def _checklist(pilot: Pilot, recommendation: str) -> list[Risk]:
    # The untested export is said once: as its own risk on a Go, else with the other items.
    said = {EXPORT_ITEM} if recommendation == "Go" else set()
    missing = [label for key, label in CHECKLIST.items() if not pilot.ticked(key) and key not in said]
    if not missing:
        return []
    return [Risk("checklist", f"Throw-away checklist not ticked: {', '.join(missing)}.")]
