"""The demo's metrics, from the imported sample exports, equal expected.json (computed independently)."""

from __future__ import annotations

import json
import math

from pilot import demo
from pilot.core.catalog import METRIC_IDS
from pilot.results import metrics
from tests.conftest import SAMPLES

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
