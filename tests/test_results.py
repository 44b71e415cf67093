"""The weekly results ready to show: default week, values in words, tiles, goal table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from pilot.core.catalog import METRIC_IDS, METRICS, STATUSES
from pilot.core.format import format_value
from pilot.results import benefit_weeks, metrics, progress, tiles
from pilot.setup.goals import Goal
from pilot.stories.benefits import list_benefits
from tests.metrics_data import add_benefit
from tests.test_metrics import NAN, pilot  # noqa: F401  (a fixture)


def test_latest_complete_week(fresh_db, pilot):  # noqa: F811
    w = metrics.weekly(fresh_db, pilot.id)
    assert tiles.latest_complete_week(w, dt.date(2030, 1, 1)) == 3  # week 4 has no tool data
    assert tiles.latest_complete_week(w, dt.date(2026, 9, 21)) == 2  # week 3 is not over yet
    assert tiles.latest_complete_week(w, dt.date(2026, 9, 1)) == 3  # nothing over: the latest with data
    assert tiles.latest_complete_week(w.iloc[:0]) is None


def test_format_value():
    assert format_value("active_rate", 0.456) == "45.6%"
    assert format_value("active_rate", 0.6) == "60%"
    assert format_value("tool_posts", 1234.0) == "1,234"
    assert format_value("manual:Hours to answer", 2.25) == "2.25"
    assert format_value("retention", NAN) == "–"
    assert format_value("benefits", None) == "–"


def test_week_choices_and_tiles(fresh_db, pilot):  # noqa: F811
    w = metrics.weekly(fresh_db, pilot.id)
    assert tiles.week_choices(w) == {
        1: "Week 1 (from 7 Sep 2026)",
        2: "Week 2 (from 14 Sep 2026)",
        3: "Week 3 (from 21 Sep 2026)",
        4: "Week 4 (from 28 Sep 2026)",
    }
    shown = {t.label: (t.value, t.delta) for t in tiles.kpi_tiles(w, 2)}
    assert shown["Active rate"] == ("75%", "+25 pts")
    assert shown["Contributor rate"] == ("50%", "+25 pts")
    assert shown["Tool posts"] == ("4", "+2")
    assert shown["Substitution"] == ("20%", "-40 pts")
    assert shown["Retention"] == ("50%", None)  # no data in week 1
    assert shown["Department coverage"] == ("100%", "+66.7 pts")
    week4 = {t.label: (t.value, t.delta) for t in tiles.kpi_tiles(w, 4)}
    assert week4["Active rate"] == ("–", None)


def test_goal_table_and_targets(fresh_db):
    goals = [
        Goal("active_rate", "at_least", 0.6, must=True, id=1),
        Goal("sponsor_posts", "at_least", 2, id=2),
    ]
    statuses = [
        progress.judge(goals[0], metrics_series({1: 0.2, 2: 0.3, 3: 0.4, 4: 0.5}), 4, 6),
        progress.judge(goals[1], metrics_series({1: 3}), 1, 6),
    ]
    statuses[0].benefits = ["One", "Two", "One"]
    table = tiles.goal_table(statuses)
    assert table.index.tolist() == ["Active rate at least 60% (must-have)", "Sponsor posts at least 2"]
    assert table.to_dict("records") == [
        {
            "Status": "📈 on track",
            "Actual": "50%",
            "Target": "60%",
            "Forecast": "70%",
            "Due week": 6,
            "Why": statuses[0].explanation,
            "Benefits": "One (×2); Two",
        },
        {
            "Status": "✅ met",
            "Actual": "3",
            "Target": "2",
            "Forecast": "–",
            "Due week": 6,
            "Why": "Sponsor posts 3 in week 1: at or above the target 2.",
            "Benefits": "–",
        },
    ]
    assert tiles.targets(statuses).to_dict("records") == [  # the charts' target lines, labelled
        {
            "metric": "active_rate",
            "label": "Active rate at least 60% by week 6",
            "target": 0.6,
            "pilot_week": 6,
        },
        {
            "metric": "sponsor_posts",
            "label": "Sponsor posts at least 2 by week 6",
            "target": 2,
            "pilot_week": 6,
        },
    ]


def test_benefit_line(fresh_db, pilot):  # noqa: F811
    def line(week: int) -> str:
        return tiles.benefit_line(benefit_weeks.points(list_benefits(fresh_db, pilot.id), pilot.start), week)

    assert line(1) == "No benefit with a quantity recorded yet."
    add_benefit(fresh_db, pilot.id, "2026-09-08", 2.5, "hours")
    add_benefit(fresh_db, pilot.id, "2026-09-15", 40, "emails")
    assert line(1) == "Benefits so far: 2.5 hours."
    assert line(2) == "Benefits so far: 40 emails, 2.5 hours."


def metrics_series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


def test_every_metric_is_defined_here_and_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Metrics and goals")[1].split("\n## ")[0]
    assert set(tiles.DEFINITIONS) == set(METRIC_IDS)
    for metric in METRIC_IDS:
        assert f"| `{metric}` | {METRICS[metric][0]} |" in section
    for status in STATUSES:
        assert f" {status} |" in section
    assert "python -m pilot metrics --db" in readme


def test_audience_table_is_the_weeks_metrics_one_column_an_audience_in_catalog_order():
    """Audiences in the order of the catalog (leadership to observer), not alphabetical; one row a
    metric, in words, as the pages show figures; no data is '–'."""
    rows = [
        {"audience": "observer", "pilot_week": 2, "active_rate": 0.8, "contributor_rate": 0.0},
        {"audience": "management", "pilot_week": 2, "active_rate": 0.5, "contributor_rate": 0.25},
        {"audience": "management", "pilot_week": 1, "active_rate": 0.1, "contributor_rate": 0.1},
    ]
    frame = (
        pd.DataFrame(rows)
        .assign(tool_posts=[0.0, 1234.0, 3.0])
        .reindex(columns=["audience", "pilot_week", *METRIC_IDS])
    )
    table = tiles.audience_table(frame, 2)
    assert list(table.columns) == ["management", "observer"]
    assert list(table.index) == [METRICS[m][0] for m in METRIC_IDS]
    assert table.loc["Active rate"].tolist() == ["50%", "80%"]
    assert table.loc["Contributor rate"].tolist() == ["25%", "0%"]
    assert table.loc["Tool posts"].tolist() == ["1,234", "0"]
    assert table.loc["Retention"].tolist() == ["–", "–"]
