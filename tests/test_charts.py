"""Chart specs: counts on whole-number axes (issue 9, defect 11), every target line labelled in words."""

from __future__ import annotations

import pandas as pd

from pilot.results import charts

TARGETS = pd.DataFrame(
    [
        {
            "metric": "active_rate",
            "label": "Active rate at least 60% by week 12",
            "target": 0.6,
            "pilot_week": 12,
        },
        {
            "metric": "sponsor_posts",
            "label": "Sponsor posts at least 2 by week 12",
            "target": 2,
            "pilot_week": 12,
        },
    ]
)


def _count_axes(spec: dict) -> list[dict]:
    """Every axis of a quantitative count encoding in a chart spec (layers included)."""
    found = []
    for layer in spec.get("layer", [spec]):
        for channel in ("x", "y"):
            enc = layer.get("encoding", {}).get(channel, {})
            if enc.get("type") == "quantitative" and enc.get("title") in ("Participants", "Posts"):
                found.append(enc.get("axis", {}))
    return found


def test_people_and_posts_are_counted_in_whole_numbers():
    """The sample-group chart of a small group counted people in tenths (0.0, 0.1 ...)."""
    group = pd.DataFrame(
        {"department": ["Sales", "HR"], "audience": ["management"] * 2, "participants": [1, 1]}
    )
    weekly = pd.DataFrame(
        {"pilot_week": [1], "tool_posts": [1], "replaced_volume": [2], "sponsor_posts": [1]}
    )
    specs = [
        charts.group_makeup(group).to_dict(),
        charts.substitution_chart(weekly).to_dict(),
        charts.sponsor_chart(weekly, TARGETS).to_dict(),
    ]
    axes = [axis for spec in specs for axis in _count_axes(spec)]
    assert len(axes) == 3
    assert all(a.get("tickMinStep") == 1 and a.get("format") == ",d" for a in axes)


def test_every_target_line_is_labelled_in_words_with_its_due_week_on_the_axis():
    """Issue 9: a target line says which goal it is, on every chart (the rates and the sponsor's too)."""
    weekly = pd.DataFrame(
        {
            "pilot_week": [1, 2],
            "active_rate": [0.2, 0.3],
            "contributor_rate": [0.1, 0.2],
            "sponsor_posts": [1, 0],
        }
    )
    drawn = {
        "Active rate at least 60% by week 12": charts.rates_chart(weekly, TARGETS).to_dict(),
        "Sponsor posts at least 2 by week 12": charts.sponsor_chart(weekly, TARGETS).to_dict(),
    }
    for label, spec in drawn.items():
        texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
        assert [t["encoding"]["text"]["field"] for t in texts] == ["label"]
        assert [t["mark"]["limit"] for t in texts] == [charts.LABEL_LIMIT]  # a long one squashed the plot
        assert [row["label"] for rows in spec["datasets"].values() for row in rows if "label" in row] == [
            label
        ]
        assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == list(range(1, 13))


def test_an_audience_keeps_its_colour_and_place_whichever_audiences_a_pilot_has() -> None:
    """The make-up chart coloured by the audiences present: management was red in the demo and light
    blue in a pilot without infrastructure; the audience heatmap's rows were alphabetical, unlike the
    By audience table beside it."""
    demo = pd.DataFrame(
        {
            "department": ["HR"] * 4,
            "audience": ["infrastructure", "management", "observer", "leadership"],
            "participants": [1, 2, 3, 4],
        }
    )
    small = demo[demo["audience"].isin(["management", "observer"])]
    merged = pd.DataFrame(
        {"department": ["Other"], "audience": ["Other (fewer than 8 each)"], "participants": [9]}
    )
    domains = [
        charts.group_makeup(f).to_dict()["encoding"]["color"]["scale"]["domain"] for f in (demo, small)
    ]
    everyone = ["leadership", "management", "practitioner", "infrastructure", "observer"]
    assert domains == [everyone, everyone]
    merged_domain = charts.group_makeup(merged).to_dict()["encoding"]["color"]["scale"]["domain"]
    assert merged_domain == [*everyone, "Other (fewer than 8 each)"]
    rates = pd.DataFrame({"audience": ["observer", "leadership", "management"], "pilot_week": [1] * 3})
    rates["active_rate"] = 0.5
    heatmap = charts.group_heatmap(rates, "audience").to_dict()
    assert heatmap["encoding"]["y"]["sort"] == ["leadership", "management", "observer"]
