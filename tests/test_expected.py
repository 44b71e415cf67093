"""The demo's metrics, from the imported sample exports, equal expected.json: computed independently
by tests/samples/make_expected.py from the same files, for the group and for each audience."""

from __future__ import annotations

import json
import math

from pilot import demo
from pilot.core.catalog import METRIC_IDS
from pilot.results import metrics
from tests.conftest import SAMPLES
from tests.samples import make_expected

EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


def test_demo_metrics_equal_expected_json_every_week_and_id(fresh_db):
    pilot = demo.load(fresh_db)
    weekly = metrics.weekly(fresh_db, pilot.id)
    assert len(weekly) == EXPECTED["weeks"] == len(EXPECTED["metrics"])
    compared = 0
    for want, got in zip(EXPECTED["metrics"], weekly.to_dict("records"), strict=True):
        assert (got["week"], got["pilot_week"]) == (want["week"], want["pilot_week"])
        for metric in METRIC_IDS:
            if metric not in want:
                continue
            if want[metric] is None:
                assert math.isnan(got[metric]), (want["week"], metric, got[metric])
            else:
                assert abs(got[metric] - want[metric]) <= 1e-9, (
                    want["week"],
                    metric,
                    got[metric],
                    want[metric],
                )
            compared += 1
    assert compared == 12 * 9  # every id expected.json holds, in every week


def test_demo_benefit_count_matches_expected_json(fresh_db):
    pilot = demo.load(fresh_db)
    assert metrics.weekly(fresh_db, pilot.id)["benefits"].iloc[-1] == EXPECTED["benefits"]


def test_demo_metrics_by_audience_equal_expected_json(fresh_db):
    """Issue 13: every audience has at least 5 people, and its weekly metrics (sponsor posts only in
    the sponsor's audience, benefits by their author's audience) equal the independent figures."""
    pilot = demo.load(fresh_db)
    assert min(EXPECTED["audiences"].values()) >= 5
    by_audience = metrics.by_audience(fresh_db, pilot.id)
    assert sorted(by_audience["audience"].unique()) == sorted(EXPECTED["by_audience"])
    compared = 0
    for audience, rows in EXPECTED["by_audience"].items():
        got = by_audience[by_audience["audience"] == audience].to_dict("records")
        for want, row in zip(rows, got, strict=True):
            assert (row["week"], row["pilot_week"]) == (want["week"], want["pilot_week"])
            for metric in METRIC_IDS:
                if want[metric] is None:
                    assert math.isnan(row[metric]), (audience, want["week"], metric, row[metric])
                else:
                    assert abs(row[metric] - want[metric]) <= 1e-9, (audience, want["week"], metric)
                compared += 1
    assert compared == 5 * 12 * len(METRIC_IDS)


def test_expected_json_is_what_the_independent_script_writes():
    """The file is the script's output, not an edited copy (python tests/samples/make_expected.py)."""
    assert (SAMPLES / "expected.json").read_text(encoding="utf-8") == make_expected.text()
