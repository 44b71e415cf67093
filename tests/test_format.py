"""One rule for figures and dates on screen and in the summaries (issue 9 defect 10)."""

from __future__ import annotations

import datetime as dt

from pilot.core.format import counted, day, format_value, percent, points, rate, score, stamp


def test_a_share_reads_with_one_decimal_everywhere() -> None:
    assert [percent(v) for v in (0.81666, 0.6, 0.0, 1.0, -0.052)] == ["81.7%", "60%", "0%", "100%", "-5.2%"]
    assert format_value("active_rate", 0.81666) == percent(0.81666)


def test_a_rate_that_may_be_missing_and_a_survey_score_read_with_one_decimal() -> None:
    assert [rate(v) for v in (0.18333, 2 / 3, 0.5, None, float("nan"))] == ["18.3%", "66.7%", "50%", "–", "–"]
    assert [score(v) for v in (3.6333, 4.0, None, float("nan"))] == ["3.6", "4", "–", "–"]
    assert format_value("survey:Would you keep the tool?", 3.6333) == score(3.6333)


def test_a_change_in_points_rounds_as_the_shares_do() -> None:
    assert [points(v) for v in (0.05, -0.015, 0.0, -0.0004)] == ["+5 pts", "-1.5 pts", "0 pts", "0 pts"]
    assert points(0.123, signed=False) == "12.3 pts"


def test_dates_read_as_16_nov_2026() -> None:
    assert day(dt.date(2026, 11, 16)) == "16 Nov 2026"
    assert day("2026-12-07") == "7 Dec 2026"
    assert day("2026-11-30 22:10:05") == "30 Nov 2026"
    assert stamp("2026-11-30 22:10:05") == "30 Nov 2026 22:10"


def test_a_count_says_its_noun_in_the_right_number():
    assert [counted(n, "champion") for n in (0, 1, 5)] == ["0 champions", "1 champion", "5 champions"]
