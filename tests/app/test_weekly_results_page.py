"""The weekly results page (AppTest): read-only figures, goal table, charts, week picker; the home tiles."""

from __future__ import annotations

import functools
import json

from streamlit.testing.v1 import AppTest

from pilot import store
from pilot.core.catalog import METRIC_IDS
from pilot.core.format import format_value
from pilot.results import small_groups
from tests.app.conftest import HOME, page, run_page, tiles
from tests.conftest import snapshot
from tests.test_expected import EXPECTED


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["title"] for c in at.get("vega_lite_chart")]


def test_no_change_has_no_arrow_and_no_colour(app_demo):
    """Issue 9 defect 9: no new benefit in week 12 showed as a green up arrow '+0'."""
    at = run_page(page("4_Weekly_results.py"))
    drawn = {m.value.split("]")[0].removeprefix(":gray["): m.value for m in at.markdown}
    assert drawn["Benefits"].endswith("### 12\n\n0")  # the change plain: no arrow, no colour
    assert ":green[↑ " in drawn["Active rate"]


def test_empty_database_says_there_is_no_pilot(app_db):
    at = run_page(page("4_Weekly_results.py"))
    assert "No pilot yet" in at.info[0].value
    assert not tiles(at)


def test_pilot_without_usage_says_where_to_import(app_db):
    db = store.connect(app_db)
    db.execute("INSERT INTO pilots (slug, name, start, end) VALUES ('p', 'P', '2026-09-07', '2026-10-04')")
    db.close()
    at = run_page(page("4_Weekly_results.py"))
    assert at.info[0].value == "No usage data yet: import the weekly reports on the **Usage** page."


def test_demo_latest_week(app_demo):
    before = snapshot(app_demo)
    at = run_page(page("4_Weekly_results.py"))
    assert at.title[0].value == "📈 Weekly results"
    assert at.selectbox(key="results_week").value == 12
    assert tiles(at)["Active rate"] == ("81.7%", "+5 pts")
    assert tiles(at)["Tool posts"] == ("159", "-20")
    assert tiles(at)["Benefits"] == ("12", "0")
    assert len(tiles(at)) == 8
    # issue 9 defect 10: the summary rounds as the tile does (81.7%, not 82%)
    assert at.info[0].value.startswith("In week 12 of 12, 81.7% of the sample group used Viva Engage")
    table = at.table[0].value
    assert list(table.index) == [
        "Active rate at least 60% (must-have)",
        "Substitution at least 30% (must-have)",
        "Sponsor posts at least 2",
        "Hours saved at least 20",
    ]
    assert table["Status"].tolist() == ["✅ met"] * 4
    assert table["Actual"].tolist() == ["81.7%", "35.2%", "9", "22"]
    assert table["Target"].tolist() == ["60%", "30%", "2", "20"]
    assert table.loc["Substitution at least 30% (must-have)", "Benefits"].startswith(
        "Procedure change explained once instead of four times"
    )
    assert chart_titles(at) == [
        "Active and contributor rate against the goals",
        "Tool posts against the replaced channel",
        "Sponsor posts",
        "Retention",
        "Active rate by department and week",
        "Benefits so far, by unit, against their goals",
        "Benefits recorded each week, by category",
        "Active rate at least 60% (must-have)",
        "Active rate by audience and week",
        "Contributor rate by audience and week",
    ]
    assert not at.get("button") and not at.get("text_input") and not at.get("form")  # read-only
    assert snapshot(app_demo) == before


def test_week_picker_changes_the_figures(app_demo):
    at = run_page(page("4_Weekly_results.py"))
    at.selectbox(key="results_week").set_value(8).run()
    assert not at.exception
    assert tiles(at)["Active rate"] == ("88.3%", "+15 pts")
    assert tiles(at)["Sponsor posts"] == ("1", "-10")
    assert at.table[0].value["Status"].tolist() == ["✅ met", "✅ met", "📈 on track", "📈 on track"]
    assert at.info[0].value.endswith("Goals: 2 met, 2 on track.")
    spec = json.loads(at.get("vega_lite_chart")[3].proto.spec)
    assert spec["title"] == "Retention"
    at.selectbox(key="results_week").set_value(1).run()
    assert tiles(at)["Active rate"] == ("20%", None)  # no week before week 1: no change shown
    assert at.table[0].value["Status"].tolist() == [
        "⏳ not enough data",
        "⏳ not enough data",
        "✅ met",
        "⏳ not enough data",
    ]


def test_home_page_shows_the_latest_week_tiles(app_demo):
    at = run_page(HOME)
    assert tiles(at)["Active rate"] == ("81.7%", "+5 pts")
    assert tiles(at)["Substitution"] == ("35.2%", "-1.5 pts")
    assert "Week 12: the figures on **Weekly results**" in [c.value for c in at.caption]


def test_rerun_reuses_the_metrics_until_the_data_changes(app_demo, monkeypatch):
    calls = []
    original = small_groups.pilot_results

    @functools.wraps(original)  # the same name, so that ui.cached calls the counting one
    def counting(db, pilot_id, k):
        calls.append(pilot_id)
        return original(db, pilot_id, k)

    monkeypatch.setattr(small_groups, "pilot_results", counting)
    at = run_page(page("4_Weekly_results.py"))
    at.selectbox(key="results_week").set_value(3).run()
    assert len(calls) == 1  # the rerun with another week reused it
    db = store.connect(app_demo)
    with store.transaction(db, None):
        db.execute("UPDATE usage SET posts = posts + 1 WHERE week = '2026-09-14' AND channel = 'tool'")
    db.close()
    at.run()
    assert len(calls) == 2
    assert tiles(at)["Tool posts"] == ("182", "+120")  # 122 + one more post in each of 60 rows


def test_by_audience_tab_shows_each_audiences_weekly_metrics(app_demo):
    """Issue 13: the weekly metrics per audience, as `metrics --by audience` gives them, equal to the
    figures tests/samples/make_expected.py computes from the exports; observers read, never post."""
    at = run_page(page("4_Weekly_results.py"))
    assert [t.label for t in at.tabs] == ["Whole group", "By audience"]
    assert "Week 12 by audience" in [h.value for h in at.subheader]
    for week in (12, 3):
        if week != 12:
            at.selectbox(key="results_week").set_value(week).run()
        table = at.table[1].value
        assert list(table.columns) == list(EXPECTED["by_audience"])  # leadership ... observer
        for audience, rows in EXPECTED["by_audience"].items():
            want = rows[week - 1]
            shown = [format_value(m, float("nan") if want[m] is None else want[m]) for m in METRIC_IDS]
            assert table[audience].tolist() == shown, (week, audience)
    assert at.table[1].value.loc["Contributor rate", "observer"] == "0%"
