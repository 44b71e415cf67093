"""ISO weeks as pilots count them: a week is its Monday; week 1 holds the start date."""

from __future__ import annotations

import datetime as dt


def monday(day: dt.date | str) -> dt.date:
    """The Monday of the week that holds `day` (an ISO date string or a date)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day.strip()[:10])
    if isinstance(day, dt.datetime):
        day = day.date()
    return day - dt.timedelta(days=day.weekday())


def pilot_weeks(start: dt.date | str, end: dt.date | str) -> list[dt.date]:
    """The Mondays of pilot weeks 1..n, from the week holding `start` to the one holding `end`."""
    first, last = monday(start), monday(end)
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def pilot_week_number(start: dt.date | str, week: dt.date | str) -> int:
    """1 for the week holding the start date; 0 or less for baseline weeks."""
    return (monday(week) - monday(start)).days // 7 + 1
