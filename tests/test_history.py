"""The History view's "Before → after" column as owners read it."""

from __future__ import annotations

import json

import pandas as pd

from pilot.results import history


def trail(changes: dict) -> pd.DataFrame:
    row = {
        "id": 1, "at": "2026-12-01 02:50:00", "who": "Kira Garcia", "role": "owner", "via": "app",
        "entity": "prompt", "entity_id": "4", "action": "created", "changes": json.dumps(changes),
    }
    return pd.DataFrame([row], columns=history.COLUMNS)


def test_changes_read_as_words_dates_and_dashes_not_python_values() -> None:
    changes = {
        "badges": [False, True],
        "week": [None, "2026-10-19"],
        "deleted_at": [None, "2026-11-30 22:30:24"],
        "audience": [None, ""],
        "done by": [None, [2, 8, 31]],
        "target": [0.6, 0.5],
        "text": [None, "Share a photo"],
    }
    shown = history.for_display(trail(changes))
    assert shown.iloc[0]["Before → after"] == (
        "badges: no → yes; week: – → 19 Oct 2026; deleted_at: – → 30 Nov 2026 22:30; "
        "done by: – → 2, 8, 31; target: 0.6 → 0.5; text: – → Share a photo"
    )
