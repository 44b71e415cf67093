"""Numbers as people read them, and as JSON writes them: one rule for every page and summary."""

from __future__ import annotations

import math

import pandas as pd

from pilot.core.catalog import METRICS


def format_value(metric: str, value: float | None) -> str:
    """A metric's value for people: rates as percentages, counts as whole numbers, '–' for no data."""
    if value is None or pd.isna(value):
        return "–"
    if METRICS.get(metric, ("", "count"))[1] == "rate":
        return f"{value:.1%}".replace(".0%", "%")
    return amount(value)


def amount(number: float) -> str:
    """A count, quantity or sum of money: whole numbers without decimals, others to the cent."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}"


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
