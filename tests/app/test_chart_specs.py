"""Every chart a page draws is a valid Vega-Lite spec: pages draw specs made without Altair's
validation (charts.spec, once per data version), so the schema is checked here instead."""

from __future__ import annotations

import json

import altair as alt
import pytest

from tests.app.conftest import run_page
from ui import NAVIGATION


@pytest.mark.parametrize("script", [item.path for item in NAVIGATION])
def test_every_chart_of_the_demo_is_valid_vega_lite(app_demo, script):
    at = run_page(script, timeout=60)
    for chart in at.get("vega_lite_chart"):
        alt.TopLevelSpec.validate(json.loads(chart.proto.spec))
