"""Days and ISO weeks as pilots count them: a week is its Monday; week 1 holds the start date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol

from pilot.core.errors import ImportRefused

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> dt.date | None:
    """A day typed as 2026-09-07, else None. Only that form: `fromisoformat` alone also takes
    20260907 or 2026-W37-1, which nobody types on purpose and no message promises."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None


class Dated(Protocol):
    """Anything with a first and last day: a pilot."""

    start: dt.date
    end: dt.date


def date_errors(date: str, pilot: Dated | None = None) -> list[str]:
    """A day something happened (a benefit, a win, a concern): a date, within the pilot when given."""
    day = parse_day(date)
    if day is None:
        return [f"'{date}' is not a date like 2026-09-14"]
    if pilot is not None and not pilot.start <= day <= pilot.end:
        return [f"{date} is outside the pilot ({pilot.start} to {pilot.end})"]
    return []


WEEKS_AROUND = 8  # how far before the start (baseline) or after the end a week may be


def near_the_pilot(pilot: Dated, weeks: list[str], file_name: str) -> None:
    """Refuse a week (ISO Monday) too far from the pilot to be its data: a wrong date (last year's
    report, a typo), not a baseline. The message gives the range a week given on purpose may take."""
    first = monday(pilot.start) - dt.timedelta(weeks=WEEKS_AROUND)
    last = monday(pilot.end) + dt.timedelta(weeks=WEEKS_AROUND)
    far = sorted(w for w in weeks if not first.isoformat() <= w <= last.isoformat())
    if far:
        raise ImportRefused(
            f"{file_name}: the week of {far[0]} is more than {WEEKS_AROUND} weeks before the pilot's start "
            f"or after its end (the pilot runs {pilot.start} to {pilot.end}): check the report's date, "
            f"or give a week from {first} to {last}"
        )


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
