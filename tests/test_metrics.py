"""DESIGN section 3's metrics on small pilots whose every figure was worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pilot.core.catalog import METRIC_IDS
from pilot.results import benefit_weeks, metrics, tiles
from pilot.stories import benefits
from tests.metrics_data import add_benefit, add_count, add_people, add_usage, make_pilot

NAN = float("nan")
W0, W00 = "2026-08-31", "2026-08-24"  # baseline weeks
W1, W2, W3, W4 = "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"


def same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, abs=1e-12)


def check(row, **want) -> None:
    wrong = {k: (row[k], v) for k, v in want.items() if not same(float(row[k]), v)}
    assert not wrong, wrong


@pytest.fixture
def pilot(fresh_db):
    """Departments A (a1 the sponsor, a2), B (b1) and C (c1, a department of one)."""
    p = make_pilot(fresh_db)
    ids = add_people(
        fresh_db,
        p.id,
        [("a1@example.com", "A"), ("a2@example.com", "A"), ("b1@example.com", "B"), ("c1@example.com", "C")],
    )
    add_usage(
        fresh_db,
        p.id,
        ids,
        [
            # baseline: 08-24 volume 30, 08-31 volume 20 (b1's row has no posts) -> baseline 25
            ("a1@example.com", W00, "replaced", 20, 0),
            ("b1@example.com", W00, "replaced", 10, 0),
            ("a1@example.com", W0, "replaced", 10, 5),
            ("a2@example.com", W0, "replaced", 10, 5),
            ("b1@example.com", W0, "replaced", 0, 5),
            # week 1: a1 and a2 active, only a1 posts; b1 absent from the report; c1 a zero row
            ("a1@example.com", W1, "tool", 2, 3),
            ("a2@example.com", W1, "tool", 0, 5),
            ("c1@example.com", W1, "tool", 0, 0),
            ("a1@example.com", W1, "replaced", 5, 0),
            ("b1@example.com", W1, "replaced", 5, 0),
            # week 2: a1 reads, b1 and c1 post; replaced per person 5 + group count 15
            ("a1@example.com", W2, "tool", 0, 1),
            ("b1@example.com", W2, "tool", 3, 0),
            ("c1@example.com", W2, "tool", 1, 0),
            ("a2@example.com", W2, "replaced", 5, 0),
            # week 3: a tool report where nobody did anything; no replaced data
            ("a1@example.com", W3, "tool", 0, 0),
            # week 4: replaced data only
            ("a1@example.com", W4, "replaced", 25, 0),
        ],
    )
    add_count(fresh_db, p.id, W2, 15)
    return p


def test_weekly_figures_by_hand(fresh_db, pilot):
    w = metrics.weekly(fresh_db, pilot.id)
    assert list(w.columns) == ["week", "pilot_week", *METRIC_IDS]
    assert w["week"].tolist() == [W1, W2, W3, W4]
    assert w["pilot_week"].tolist() == [1, 2, 3, 4]
    check(
        w.iloc[0],
        active_rate=0.5,
        contributor_rate=0.25,
        tool_posts=2,
        replaced_volume=10,
        substitution=0.6,
        tool_share=2 / 12,
        department_coverage=1 / 3,
        sponsor_posts=2,
        retention=NAN,
        benefits=0,
    )


def test_group_count_adds_to_per_person_replaced_posts(fresh_db, pilot):
    row = metrics.weekly(fresh_db, pilot.id).iloc[1]
    check(
        row,
        active_rate=0.75,
        contributor_rate=0.5,
        tool_posts=4,
        replaced_volume=20,
        substitution=0.2,
        tool_share=4 / 24,
        department_coverage=1.0,
        sponsor_posts=0,
        retention=0.5,
    )


def test_nobody_active_is_zero_not_no_data(fresh_db, pilot):
    row = metrics.weekly(fresh_db, pilot.id).iloc[2]
    check(
        row,
        active_rate=0.0,
        contributor_rate=0.0,
        tool_posts=0,
        department_coverage=0.0,
        sponsor_posts=0,
        retention=0.0,
        replaced_volume=NAN,
        substitution=NAN,
        tool_share=NAN,
    )


def test_week_without_a_tool_report_has_no_tool_data(fresh_db, pilot):
    row = metrics.weekly(fresh_db, pilot.id).iloc[3]
    check(
        row,
        active_rate=NAN,
        contributor_rate=NAN,
        tool_posts=NAN,
        sponsor_posts=NAN,
        retention=NAN,
        replaced_volume=25,
        substitution=0.0,
        tool_share=NAN,
    )


def test_by_department(fresh_db, pilot):
    d = metrics.by_department(fresh_db, pilot.id)
    assert list(d.columns) == ["department", "week", "pilot_week", *METRIC_IDS]
    assert sorted(set(d["department"])) == ["A", "B", "C"]
    a1, b1, c1 = (d[(d["department"] == x) & (d["pilot_week"] == 1)].iloc[0] for x in "ABC")
    # A's baseline (20 + 20) / 2 = 20; B's (10 + 0) / 2 = 5; C never used the replaced channel
    check(
        a1,
        active_rate=1.0,
        contributor_rate=0.5,
        tool_posts=2,
        replaced_volume=5,
        substitution=0.75,
        department_coverage=1.0,
        sponsor_posts=2,
    )
    check(
        b1, active_rate=0.0, replaced_volume=5, substitution=0.0, department_coverage=0.0, sponsor_posts=NAN
    )
    check(c1, active_rate=0.0, contributor_rate=0.0, replaced_volume=0, substitution=NAN, tool_share=NAN)
    c2 = d[(d["department"] == "C") & (d["pilot_week"] == 2)].iloc[0]
    check(c2, active_rate=1.0, contributor_rate=1.0, retention=NAN, department_coverage=1.0)
    a2 = d[(d["department"] == "A") & (d["pilot_week"] == 2)].iloc[0]
    check(a2, active_rate=0.5, retention=0.5, replaced_volume=5, substitution=0.75)


def test_by_audience_is_by_department_when_each_department_is_one_audience(fresh_db, pilot):
    """With A = leadership, B = management, C = observer, every figure but the benefits (counted by
    the departments they name, or by their author's audience) is the department's."""
    for department, audience in [("A", "leadership"), ("B", "management"), ("C", "observer")]:
        fresh_db.execute("UPDATE participants SET audience = ? WHERE department = ?", [audience, department])
    by_audience = metrics.by_audience(fresh_db, pilot.id)
    assert list(by_audience.columns) == ["audience", "week", "pilot_week", *METRIC_IDS]
    renamed = metrics.by_department(fresh_db, pilot.id).rename(columns={"department": "audience"})
    renamed["audience"] = renamed["audience"].map({"A": "leadership", "B": "management", "C": "observer"})
    renamed = renamed.sort_values(["audience", "pilot_week"]).reset_index(drop=True)
    figures = [m for m in METRIC_IDS if m != "benefits"]
    pd.testing.assert_frame_equal(
        by_audience[["audience", "pilot_week", *figures]], renamed[["audience", "pilot_week", *figures]]
    )


def test_without_baseline_week_one_is_the_baseline(fresh_db):
    p = make_pilot(fresh_db)
    ids = add_people(fresh_db, p.id, [("a1@example.com", "A")])
    add_usage(
        fresh_db,
        p.id,
        ids,
        [
            ("a1@example.com", W1, "replaced", 40, 0),
            ("a1@example.com", W2, "replaced", 30, 0),
            ("a1@example.com", W2, "tool", 1, 0),
        ],
    )
    w = metrics.weekly(fresh_db, p.id)
    assert w["substitution"].tolist() == [0.0, 0.25]
    check(w.iloc[0], active_rate=NAN, tool_share=NAN)
    check(w.iloc[1], active_rate=1.0, tool_share=1 / 31)


def test_without_baseline_or_week_one_substitution_has_no_data(fresh_db):
    p = make_pilot(fresh_db)
    ids = add_people(fresh_db, p.id, [("a1@example.com", "A")])
    add_usage(
        fresh_db, p.id, ids, [("a1@example.com", W1, "tool", 1, 0), ("a1@example.com", W2, "replaced", 30, 0)]
    )
    assert metrics.weekly(fresh_db, p.id)["substitution"].isna().all()


def test_joining_and_leaving_mid_pilot(fresh_db):
    p = make_pilot(fresh_db)
    people = [
        ("a1@example.com", "A"),
        ("late@example.com", "A", "2026-09-16"),
        ("gone@example.com", "B", None, "2026-09-15"),
    ]
    ids = add_people(fresh_db, p.id, people)
    rows = [(e, w, "tool", 1, 0) for e in ids for w in (W1, W2, W3)]
    rows += [("late@example.com", W1, "replaced", 7, 0), ("gone@example.com", W3, "replaced", 9, 0)]
    add_usage(fresh_db, p.id, ids, rows)
    w = metrics.weekly(fresh_db, p.id)
    # enrolled: week 1 a1 + gone; week 2 all three; week 3 a1 + late. Usage outside enrolment is left out.
    assert w["tool_posts"].tolist() == [2.0, 3.0, 2.0]
    assert w["active_rate"].tolist() == [1.0, 1.0, 1.0]
    assert w["department_coverage"].tolist() == [1.0, 1.0, 1.0]  # week 3: only A is in the group
    assert w["retention"].tolist()[1:] == [1.0, 1.0]  # week 3: a1 and late were active before; gone has left
    assert w["replaced_volume"].tolist()[:1] == [0.0]


def test_sponsor_absent_or_unset(fresh_db):
    p = make_pilot(fresh_db, sponsor="nobody@example.com")
    ids = add_people(fresh_db, p.id, [("a1@example.com", "A")])
    add_usage(fresh_db, p.id, ids, [("a1@example.com", W1, "tool", 4, 0)])
    assert metrics.weekly(fresh_db, p.id)["sponsor_posts"].isna().all()
    q = make_pilot(fresh_db, sponsor="")
    ids = add_people(fresh_db, q.id, [("a1@example.com", "A")])
    add_usage(fresh_db, q.id, ids, [("a1@example.com", W1, "tool", 4, 0)])
    assert metrics.weekly(fresh_db, q.id)["sponsor_posts"].isna().all()


def test_group_count_alone_is_the_replaced_volume(fresh_db):
    p = make_pilot(fresh_db)
    ids = add_people(fresh_db, p.id, [("a1@example.com", "A")])
    add_count(fresh_db, p.id, W0, 50)
    add_count(fresh_db, p.id, W1, 40)
    add_usage(fresh_db, p.id, ids, [("a1@example.com", W1, "tool", 10, 0)])
    row = metrics.weekly(fresh_db, p.id).iloc[0]
    check(row, replaced_volume=40, substitution=0.2, tool_share=0.2)
    # the group count belongs to no department
    check(metrics.by_department(fresh_db, p.id).iloc[0], replaced_volume=0, substitution=NAN)


def test_benefits_count_up_to_the_end_of_the_week(fresh_db, pilot):
    add_benefit(fresh_db, pilot.id, "2026-09-01", 2, "hours")  # before the start: counts from week 1
    add_benefit(fresh_db, pilot.id, "2026-09-13", 40, "emails", email="c1@example.com")  # week 1's Sunday
    add_benefit(fresh_db, pilot.id, "2026-09-14", 1.5, "hours", departments="A, B")  # week 2's Monday
    assert metrics.weekly(fresh_db, pilot.id)["benefits"].tolist() == [2.0, 3.0, 3.0, 3.0]
    d = metrics.by_department(fresh_db, pilot.id).set_index(["department", "pilot_week"])["benefits"]
    assert (d["A", 1], d["A", 2], d["B", 2], d["C", 1], d["C", 4]) == (0.0, 1.0, 1.0, 1.0, 1.0)
    points = benefit_weeks.points(benefits.list_benefits(fresh_db, pilot.id), pilot.start)
    assert tiles.benefit_line(points, 4) == "Benefits so far: 40 emails, 3.5 hours."
    assert tiles.benefit_line(points, 1) == "Benefits so far: 40 emails, 2 hours."  # by the same dating rule


def test_no_usage_is_an_empty_table(fresh_db):
    p = make_pilot(fresh_db)
    add_people(fresh_db, p.id, [("a1@example.com", "A")])
    for frame in (metrics.weekly(fresh_db, p.id), metrics.by_department(fresh_db, p.id)):
        assert len(frame) == 0
        assert list(frame.columns)[-len(METRIC_IDS) :] == list(METRIC_IDS)


def test_weeks_after_the_end_are_not_pilot_weeks(fresh_db):
    p = make_pilot(fresh_db, end="2026-09-13")
    ids = add_people(fresh_db, p.id, [("a1@example.com", "A")])
    add_usage(
        fresh_db, p.id, ids, [("a1@example.com", W1, "tool", 1, 0), ("a1@example.com", W2, "tool", 1, 0)]
    )
    assert metrics.weekly(fresh_db, p.id)["week"].tolist() == [W1]
