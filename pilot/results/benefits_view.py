"""The Benefits page's list and charts as its filters leave them: made once per (pilot, data
version, reader, filters, day) and cached by the page, so that a rerun (any click on the page)
draws them without filtering, charting or converting again (issue 14)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pilot.results import benefit_charts, benefit_weeks, charts, small_groups
from pilot.setup.goals import list_goals
from pilot.setup.pilots import get_pilot
from pilot.store import Database
from pilot.stories import benefits


@dataclass(frozen=True)
class Filters:
    """What the filters above the list let through (empty or None: no filter)."""

    categories: tuple[str, ...] = ()
    goal_id: int | None = None
    department: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class BenefitsView:
    table: pd.DataFrame  # the benefits let through, in words (benefits.for_display)
    charts: dict[str, dict]  # charts 1 and 2 of the benefits, by title (specs)


def benefits_view(db: Database, slug: str, viewer: bool, filters: Filters, today: dt.date) -> BenefitsView:
    """The benefits `filters` let through as a reader sees them (a `viewer`: pseudonyms when the
    pilot gives them), as a table and as the charts up to this week (`today`'s) or the latest benefit."""
    pilot = get_pilot(db, slug)
    told = small_groups.as_seen(
        benefits.list_benefits(db, pilot.id), small_groups.names_for(db, pilot, viewer)
    )
    shown = benefits.filter_benefits(
        told, list(filters.categories), filters.goal_id, filters.department, filters.start, filters.end
    )
    goals = list_goals(db, pilot.id)
    points = benefit_weeks.points(shown, pilot.start)
    last = benefit_weeks.weeks_so_far(pilot.start, len(pilot.weeks), points, today)
    drawn = benefit_charts.benefit_charts(points, goals, len(pilot.weeks), last)
    return BenefitsView(
        table=benefits.for_display(shown, {g.id: g for g in goals}),
        charts={title: charts.spec(chart) for title, chart in drawn.items()},
    )
