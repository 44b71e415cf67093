"""Small groups: a 2-person department shows viewers and every summary format no figure of its own."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from pilot import export
from pilot.core.errors import ValidationError
from pilot.report import render, summary
from pilot.results import metrics, small_groups, week_view
from pilot.setup import goals, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import definition_from_toml, get_pilot
from pilot.stories import benefits

from .conftest import run_cli

LEGAL = ("mona.okafor@example.com", "ben.meyer2@example.com")  # moved into a department of their own
OTHER = "Other (fewer than 5 each)"


@pytest.fixture
def legal(demo_db):
    demo_db.execute(f"UPDATE participants SET department = 'Patents' WHERE email IN {LEGAL!r}")
    return get_pilot(demo_db, "demo")


@pytest.mark.parametrize(
    ("sizes", "merged"),
    [
        ({"A": 10, "B": 2, "C": 8}, {"B", "C"}),  # Other would hold 2 < 5: the smallest other joins
        ({"A": 10, "B": 2, "C": 3}, {"B", "C"}),  # 2 + 3 = 5: enough
        ({"A": 10, "B": 12}, set()),
        ({"A": 1, "B": 1}, {"A", "B"}),  # all of them, even if still under k
    ],
)
def test_merge_map_leaves_nothing_to_subtract(sizes, merged):
    mapping = small_groups.merge_map(pd.Series(sizes), 5)
    assert set(mapping) == merged and set(mapping.values()) <= {OTHER}


def test_viewers_get_no_figure_for_a_two_person_department(demo_db, legal):
    owner = small_groups.by_group(demo_db, legal, "department", for_viewer=False)
    viewer = small_groups.by_group(demo_db, legal, "department", for_viewer=True)
    assert "Patents" in set(owner["department"]) and "Patents" not in set(viewer["department"])
    assert OTHER in set(viewer["department"])
    # Other's figures are its members' own, computed afresh: its enrolled count is at least k
    inputs = metrics.read_inputs(demo_db, legal.id)
    protected = small_groups.protect(inputs, "department", 5)
    sizes = small_groups.group_sizes(protected, "department")
    assert sizes[OTHER] >= 5 and "Patents" not in sizes
    assert "Patents" in small_groups.owner_note(inputs, 5)
    # what the pages cache: the same figures from one read
    shared = small_groups.pilot_results(demo_db, legal.id, 5)
    assert shared.by_department.equals(owner) and shared.shared_by_department.equals(viewer)
    assert "Patents" in shared.note and shared.weekly.equals(metrics.weekly(demo_db, legal.id))
    sponsor = summary.build(demo_db, legal).metrics["sponsor_posts"].tolist()  # the sponsor stays visible
    assert sponsor == metrics.weekly(demo_db, legal.id)["sponsor_posts"].tolist()[: len(sponsor)] != []


def test_no_summary_format_names_the_small_department(demo_db, db_path, legal, capsys):
    built = summary.build(demo_db, legal)
    for fmt in ("md", "html", "json"):
        text = render.render(built, fmt).decode("utf-8")
        assert "Patents" not in text and OTHER in text, fmt
    pdf = PdfReader(io.BytesIO(render.render(built, "pdf")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Patents" not in text
    args = ("summary", "--db", str(db_path), "--pilot", "demo", "--format", "json")
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and "Patents" not in out
    code, out, _ = run_cli(capsys, *args, "--include-small-groups")
    group = json.loads(out)["group"]["departments"]
    assert {"department": "Patents", "participants": 2} in group


def test_pseudonyms_in_every_summary_format_and_the_pilot_file(demo_db, legal):
    demo_db.execute("UPDATE pilots SET pseudonyms = 1, small_group = 3")
    pilot = get_pilot(demo_db, "demo")
    told = benefits.list_benefits(demo_db, pilot.id)
    names = {n for n in told["name"] if n}
    assert names
    built = summary.build(demo_db, pilot)
    for fmt in ("md", "html", "json"):
        text = render.render(built, fmt).decode("utf-8")
        assert not [n for n in names if n in text], fmt
        assert "Participant " in text
    drawn = json.dumps(built.charts)  # the page draws these specs: hovering a benefit says who
    assert "Participant " in drawn and not [n for n in names if n in drawn]
    shown = [row["name"] for row in built.benefits["top"] if row["name"]]
    assert shown and all(re.fullmatch(r"Participant \d+ \(.+\)", n) for n in shown)
    owners = summary.build(demo_db, pilot, include_small_groups=True)
    assert {row["name"] for row in owners.benefits["top"]} & names
    toml = export.pilot_toml(demo_db, pilot)
    assert "[privacy]\nsmall_group = 3\npseudonyms = true\n" in toml
    again, _ = definition_from_toml(toml)
    assert (again.small_group, again.pseudonyms, again.keep_until) == (3, True, pilot.keep_until)


def test_privacy_settings_of_the_wrong_type_are_refused():
    base = """name = "x"\nstart = 2026-09-07\nend = 2026-11-29\n[privacy]\n"""
    for bad, words in [
        ("small_group = 0", "privacy.small_group"),
        ('small_group = "5"', "privacy.small_group"),
        ('pseudonyms = "false"', "privacy.pseudonyms"),
        ('personal_data_until = "soon"', "privacy.personal_data_until"),
    ]:
        with pytest.raises(ValidationError, match=words):
            definition_from_toml(base + bad)


def test_a_goal_on_a_small_audience_shows_viewers_its_status_not_its_value(demo_db):
    """k = 6: leadership (5 people) is seen only inside Other; a must-have goal on its active rate
    shows viewers and summaries its status, with no actual, forecast, weekly values or chart."""
    demo_db.execute("UPDATE pilots SET small_group = 6")
    pilot = get_pilot(demo_db, "demo")
    goals.save_goal(demo_db, pilot.id, Goal("active_rate", "at_least", 0.5, must=True, audience="leadership"))
    label = "Leadership active rate at least 50%"
    owner = summary.build(demo_db, pilot, include_small_groups=True)
    viewer = summary.build(demo_db, pilot)
    [mine] = [g for g in owner.goals if g["goal"] == label]
    [theirs] = [g for g in viewer.goals if g["goal"] == label]
    assert mine["actual"] > 0.5 and mine["status"] == "met"
    assert (theirs["actual"], theirs["forecast"], theirs["status"]) == (None, None, "met")
    assert theirs["explanation"] == (
        "Status only: leadership's figures are shown inside 'Other (fewer than 6 each)', "
        "so that nobody in a small group can be identified."
    )
    assert label in owner.charts and label not in viewer.charts  # a must-have's own chart
    assert f"{label}: met\n" in render.render(viewer, "md").decode() + "\n"  # no figure after it
    results = small_groups.pilot_results(demo_db, pilot.id, 6)
    week = int(results.weekly["pilot_week"].max())
    for is_owner, actual in ((True, mine["actual"]), (False, None)):
        view = week_view.week_view(demo_db, "demo", week, results, is_owner)
        [status] = [s for s in view.statuses if s.goal.audience == "leadership"]
        assert status.actual == actual and (status.values is None) is not is_owner


def test_pseudonyms_name_people_and_merge_departments_as_a_viewer_sees_them():
    """A (2) and B (3) are under k = 5: merged into Other (together 5); C (6) stays. A benefit's
    departments name Other once; someone outside the group is nobody's pseudonym."""
    group = pd.DataFrame(
        {
            "id": range(1, 12),
            "email": [f"p{i}@example.com" for i in range(1, 12)],
            "department": ["A"] * 2 + ["B"] * 3 + ["C"] * 6,
        }
    )
    names = small_groups.pseudonymised(group, 5)
    told = pd.DataFrame(
        {
            "email": ["p1@example.com", "p6@example.com", "outsider@example.com"],
            "name": ["Ann", "Cy", "Olga"],
            "departments": ["A; B; C", "C", ""],
        }
    )
    seen = small_groups.as_seen(told, names)
    assert seen["name"].tolist() == [f"Participant 1 ({OTHER})", "Participant 6 (C)", ""]
    assert seen["departments"].tolist() == [f"{OTHER}; C", "C", ""]
    assert small_groups.as_seen(told, None) is told  # an owner reads names


def test_a_viewer_may_not_ask_for_the_small_groups(demo_db, db_path, legal, capsys):
    users.add_user(demo_db, "ceo@example.com", "viewer", legal, name="Ann Lee")
    args = ("summary", "--db", str(db_path), "--pilot", "demo", "--format", "json", "--as", "ceo@example.com")
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and "Patents" not in out
    code, out, err = run_cli(capsys, *args, "--include-small-groups")
    assert (code, out) == (2, "")
    assert err == "error: Ann Lee may not include small groups: they are for owners\n"


def test_metrics_by_group_give_a_viewer_the_small_groups_merged(demo_db, db_path, legal, capsys):
    users.add_user(demo_db, "ceo@example.com", "viewer", legal, name="Ann Lee")
    args = ("metrics", "--db", str(db_path), "--pilot", "demo", "--by", "department")
    code, out, _ = run_cli(capsys, *args)  # whoever holds the file: an admin, every department
    assert code == 0 and "Patents" in out and OTHER not in out
    code, out, _ = run_cli(capsys, *args, "--as", "ceo@example.com")
    assert code == 0 and "Patents" not in out and OTHER in out
    merged = small_groups.by_group(demo_db, legal, "department", for_viewer=True)
    assert out.splitlines()[0].startswith("\"department\",") and len(out.splitlines()) == len(merged) + 1
