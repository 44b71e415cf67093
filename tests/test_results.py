"""The weekly results ready to show: default week, values in words, tiles, goal table."""

from __future__ import annotations

import datetime as dt

from pilot import metrics, results
from tests.test_metrics import NAN, pilot  # noqa: F401  (a fixture)


def test_latest_complete_week(fresh_db, pilot):  # noqa: F811
    w = metrics.weekly(fresh_db, pilot.id)
    assert results.latest_complete_week(w, dt.date(2030, 1, 1)) == 3  # week 4 has no tool data
    assert results.latest_complete_week(w, dt.date(2026, 9, 21)) == 2  # week 3 is not over yet
    assert results.latest_complete_week(w, dt.date(2026, 9, 1)) == 3  # nothing over: the latest with data
    assert results.latest_complete_week(w.iloc[:0]) is None


def test_format_value():
    assert results.format_value("active_rate", 0.456) == "45.6%"
    assert results.format_value("active_rate", 0.6) == "60%"
    assert results.format_value("tool_posts", 1234.0) == "1,234"
    assert results.format_value("manual:Hours to answer", 2.25) == "2.25"
    assert results.format_value("retention", NAN) == "–"
    assert results.format_value("benefits", None) == "–"
