"""Numbers and dates as people read them, and as JSON writes them: one rule for every page and summary.

People read a rate as a percentage to one decimal (81.7%, 60%), a count as a whole number, a date
as `16 Nov 2026`. Files meant for scripts (CSV, JSON, TOML, the CLI's figures) keep ISO dates and
shares at full precision: they never go through this module's text functions.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from pilot.core.catalog import METRICS, SURVEY_PREFIX

NO_DATA = "–"  # a rate with a zero denominator, a hidden figure, a week without data


def format_value(metric: str, value: float | None) -> str:
    """A metric's value for people: rates as percentages, counts as whole numbers, a survey average
    (1 to 5) to one decimal (4.4, 4), '–' for no data."""
    if metric.startswith(SURVEY_PREFIX):
        return score(value)
    if METRICS.get(metric, ("", "count"))[1] == "rate":
        return rate(value)
    return NO_DATA if value is None or pd.isna(value) else amount(value)


def rate(share: float | None) -> str:
    """A share that may be missing, as people read it: '81.7%', '60%', or '–' for no data."""
    return NO_DATA if share is None or pd.isna(share) else percent(share)


def score(average: float | None) -> str:
    """A pulse survey's average score (1 to 5) to one decimal: '4.4', '4', or '–' for no data."""
    return NO_DATA if average is None or pd.isna(average) else f"{average:.1f}".removesuffix(".0")


def percent(share: float) -> str:
    """A share as people read it: one decimal, none when it is whole (0.8167 -> '81.7%', 0.6 -> '60%')."""
    return f"{share:.1%}".replace(".0%", "%")


def points(change: float, signed: bool = True) -> str:
    """A change of a share in percentage points, to one decimal like the shares themselves:
    '+5 pts', '-1.5 pts' (unsigned: '1.5 pts'); no change is '0 pts'."""
    text = f"{change * 100:{'+' if signed else ''}.1f}".removesuffix(".0")
    return ("0" if text.lstrip("+-") == "0" else text) + " pts"


def day(value: dt.date | str) -> str:
    """A date as people read it: '16 Nov 2026' (ISO text or a date; a timestamp keeps its date)."""
    date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{date.day} {date:%b %Y}"


def tick(done: bool) -> str:
    """A checklist tick with its word: a sign alone reads the same as none where no emoji or
    symbol font exists (issue 9)."""
    return "☑ done" if done else "☐ not done"


def amount(number: float) -> str:
    """A count, quantity or sum of money: whole numbers without decimals, others to the cent."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}"


def quantity(row: dict) -> str:
    """A benefit's quantity with its unit ('22 hours'), or '' when it has none."""
    q = row.get("quantity")
    if q is None or q != q:  # NaN: no quantity given
        return ""
    return f"{amount(q)} {row.get('unit') or ''}".strip()


def counted(n: int, word: str) -> str:
    """ "1 champion", "5 champions", "0 departments": a count with its noun in the right number."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def stamp(timestamp: str) -> str:
    """'2026-11-30 22:10:05' -> '30 Nov 2026 22:10': a stored UTC time as people read it."""
    return f"{day(timestamp)} {timestamp[11:16]}".rstrip()


def utc_minute() -> str:
    """This minute in UTC, as a summary says when it was generated: '2026-11-30 22:10 UTC'."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def json_ready(value: object) -> object:
    """NaN and NA become None, numpy numbers Python numbers: what json.dumps can write as
    plain JSON (the `metrics` command and the JSON summary)."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
