"""Chart specs: counts are drawn on whole-number axes (issue 9, defect 11)."""

from __future__ import annotations

import pandas as pd

from pilot.results import charts


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
        charts.sponsor_chart(weekly, 2).to_dict(),
    ]
    axes = [axis for spec in specs for axis in _count_axes(spec)]
    assert len(axes) == 3
    assert all(a.get("tickMinStep") == 1 and a.get("format") == ",d" for a in axes)
