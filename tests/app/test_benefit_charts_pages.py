"""Issue 12 on the pages (AppTest): benefits against the goals on Weekly results (with and without
benefits), the benefit charts following the Benefits page's filters, hourly cost and goals on
benefit units on the Pilot page, the business case beside the budget on Go / no-go."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from pilot import store
from pilot.setup import goals, pilots
from tests.app.conftest import page, run_page

CUMULATIVE = "Benefits so far, by unit, against their goals"
PER_WEEK = "Benefits recorded each week, by category"


def charts(at: AppTest) -> dict[str, tuple[dict, list[pd.DataFrame]]]:
    """Each chart's spec and data frames (Streamlit sends the data beside the spec), by title."""
    found = {}
    for chart in at.get("vega_lite_chart"):
        frames = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
        found[json.loads(chart.proto.spec)["title"]] = (json.loads(chart.proto.spec), frames)
    return found


def test_weekly_results_shows_the_benefits_against_the_goals(app_demo):
    at = run_page(page("4_Weekly_results.py"), timeout=60)
    assert "Benefits against the goals" in [h.value for h in at.subheader]
    drawn = charts(at)
    assert list(drawn)[-5:] == [  # then the By audience tab's two
        CUMULATIVE,
        PER_WEEK,
        "Active rate at least 60% (must-have)",
        "Active rate by audience and week",
        "Contributor rate by audience and week",
    ]
    spec, frames = drawn[CUMULATIVE]
    hover = [t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]]
    assert hover == ["Date", "Who", "Category", "What happened", "Quantity"]
    points = next(f for f in frames if "running" in f.columns)
    assert points["running"].tolist()[:3] == [6.0, 8.0, 40.0]  # hours 6, then 2 more; 40 emails
    assert points["who"].iloc[0] == "Sami Haddad"
    targets = next(f for f in frames if "label" in f.columns)
    assert targets[["label", "target", "pilot_week"]].values.tolist() == [
        ["Hours saved at least 20 by week 12", 20.0, 12]
    ]
    per_week = next(f for f in drawn[PER_WEEK][1] if "benefits" in f.columns)
    assert per_week["benefits"].sum() == 12
    # Every goal has its chart, picked one at a time: substitution's, with its tied benefits
    assert at.selectbox(key="results_goal_chart").options == [
        "Active rate at least 60%",
        "Substitution at least 30%",
        "Sponsor posts at least 2",
        "Hours saved at least 20",
    ]
    at.selectbox(key="results_goal_chart").set_value(1).run()
    substitution = charts(at)["Substitution at least 30% (must-have)"][1]
    markers = next(f for f in substitution if "stories" in f.columns)
    assert markers["pilot_week"].tolist() == [1, 4, 6, 9]  # the four benefits tied to substitution
    line = next(f for f in substitution if "value" in f.columns and "stories" not in f.columns)
    assert len(line) == 12


def test_weekly_results_without_benefits_says_where_to_record_them(app_demo):
    db = store.connect(app_demo)
    with store.transaction(db, None):
        db.execute("DELETE FROM benefits")
    db.close()
    at = run_page(page("4_Weekly_results.py"), timeout=60)
    # the page is called Benefits and wins, and this one is read by viewers too, who record nothing
    assert "No benefits recorded yet: the pilot's owners record them on Benefits and wins." in [
        i.value for i in at.info
    ]
    drawn = charts(at)
    assert CUMULATIVE not in drawn and PER_WEEK not in drawn
    assert "Active rate at least 60% (must-have)" in drawn  # the goals keep their own chart


def test_benefits_page_charts_follow_the_filters(app_demo):
    at = run_page(page("5_Benefits_and_wins.py"))
    assert list(charts(at)) == [CUMULATIVE, PER_WEEK]
    at.multiselect(key="filter_category").set_value(["fewer emails"]).run()
    assert not at.exception
    per_week = next(f for f in charts(at)[PER_WEEK][1] if "benefits" in f.columns)
    assert per_week[["pilot_week", "category", "benefits"]].values.tolist() == [
        [4, "fewer emails", 1],
        [9, "fewer emails", 1],
    ]
    points = next(f for f in charts(at)[CUMULATIVE][1] if "running" in f.columns)
    assert points["running"].tolist() == [40.0, 80.0]


def test_pilot_page_hourly_cost_and_a_goal_on_a_benefit_unit(app_demo):
    at = run_page(page("1_Pilot.py"))
    assert at.number_input(key="edit_demo_hourly").value == 45.0
    assert at.number_input(key="edit_demo_organisation").value == 320
    at.number_input(key="edit_demo_hourly").set_value(50.0)
    at.button(key="edit_demo_save").click().run()
    assert not at.exception
    offered = at.selectbox(key="goal_metric").options
    assert "Emails avoided (benefits in emails, summed)" in offered
    at.selectbox(key="goal_metric").set_value("benefits:emails")
    at.number_input(key="goal_target").set_value(100.0)
    at.button(key="goal_save").click().run()
    assert not at.exception
    assert at.success[0].value == "Goal saved: Emails avoided at least 100"
    # A unit nobody recorded yet is typed in (the new goal's form has fresh keys)
    at.selectbox(key="goal_after5_metric").set_value("another benefit unit")
    at.text_input(key="goal_after5_unit").input(" Ticket ")
    at.number_input(key="goal_after5_target").set_value(3.0)
    at.button(key="goal_after5_save").click().run()
    assert at.success[0].value == "Goal saved: Benefits in tickets at least 3"
    db = store.connect(app_demo)
    demo = pilots.get_pilot(db, "demo")
    assert demo.hourly_cost == 50.0
    assert [g.metric for g in goals.list_goals(db, demo.id)][-2:] == ["benefits:emails", "benefits:tickets"]


def test_go_no_go_shows_the_business_case_beside_the_budget(app_demo):
    at = run_page(page("7_Go_no-go.py"), timeout=60)
    lines = [m.value for m in at.markdown]
    assert "Value of hours saved so far: 990 EUR, against 1,200 EUR spent." in lines
    assert (
        "Projected to a year: about 4,290 EUR for the sample group of 60, about 22,900 EUR for 320 people."
        in lines
    )
