"""The concerns log: add, edit the status, list, the demo file, and refusals that store nothing."""

from __future__ import annotations

import pytest

from pilot.core.errors import NotFound, ValidationError
from pilot.setup.pilots import get_pilot
from pilot.stories import concerns
from pilot.stories.concerns import Concern
from tests.conftest import DEMO_DIR, snapshot
from tests.made_up import small_pilot


@pytest.fixture
def pilot(fresh_db):
    return small_pilot(fresh_db)


def test_add_then_handle_a_concern(fresh_db, pilot):
    c = concerns.record_concern(
        fresh_db, pilot, Concern("2026-09-01", " People will goof off ", "  Finance   leads ")
    )
    assert (c.status, c.raised_by, c.description) == ("open", "Finance leads", "People will goof off")
    c.status, c.handling = "handled", "Showed what people post about"
    concerns.record_concern(fresh_db, pilot, c)
    assert concerns.list_concerns(fresh_db, pilot.id).to_dict("records") == [
        {
            "id": c.id,
            "raised": "2026-09-01",
            "raised_by": "Finance leads",
            "description": "People will goof off",
            "status": "handled",
            "handling": "Showed what people post about",
        }
    ]
    assert concerns.get_concern(fresh_db, pilot.id, c.id) == c


def test_newest_first(fresh_db, pilot):
    for day in ("2026-09-10", "2026-09-20", "2026-09-01"):
        concerns.record_concern(fresh_db, pilot, Concern(day, f"raised {day}"))
    assert concerns.list_concerns(fresh_db, pilot.id)["raised"].tolist() == [
        "2026-09-20",
        "2026-09-10",
        "2026-09-01",
    ]


def test_the_log_for_reading_has_every_column_under_its_heading(fresh_db, pilot):
    concerns.record_concern(fresh_db, pilot, Concern("2026-09-20", "Goofing off", "Finance managers"))
    concerns.record_concern(
        fresh_db, pilot, Concern("2026-09-22", "Wrong advice", "Legal", "handled", "Champions answer")
    )
    shown = concerns.for_reading(concerns.list_concerns(fresh_db, pilot.id))
    assert list(shown.columns) == ["Raised on", "By", "Concern", "Status", "How it was handled"]
    assert shown.values.tolist() == [
        ["2026-09-22", "Legal", "Wrong advice", "handled", "Champions answer"],
        ["2026-09-20", "Finance managers", "Goofing off", "open", ""],  # no handling yet: blank
    ]


def test_a_bad_concern_is_refused_whole(fresh_db, pilot, db_path):
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as e:
        concerns.record_concern(fresh_db, pilot, Concern("yesterday", "", status="closed"))
    assert e.value.messages == [
        "'yesterday' is not a date like 2026-09-14",
        "Say what the concern is: the description is empty",
        "A closed concern needs a note on how it was handled",
    ]
    with pytest.raises(ValidationError, match="Unknown status 'solved': use one of open, handled, closed"):
        concerns.record_concern(fresh_db, pilot, Concern("2026-09-01", "x", status="solved"))
    assert snapshot(db_path) == before


def test_editing_a_concern_of_another_pilot_is_refused(fresh_db, pilot):
    with pytest.raises(NotFound):
        concerns.record_concern(fresh_db, pilot, Concern("2026-09-01", "x", id=42))


def test_demo_concerns(demo_db, db_path):
    pilot = get_pilot(demo_db, "demo")
    listed = concerns.list_concerns(demo_db, pilot.id)
    assert listed[["raised", "raised_by", "status"]].values.tolist() == [
        ["2026-10-14", "Warehouse team leads", "open"],
        ["2026-09-16", "Legal", "handled"],
        ["2026-08-27", "Finance managers", "handled"],
    ]
    before = snapshot(db_path)
    assert concerns.import_csv(demo_db, pilot, (DEMO_DIR / "concerns.csv").read_bytes()) == 0
    assert snapshot(db_path)["concerns"] == before["concerns"]


def test_a_bad_concerns_file_stores_nothing(fresh_db, pilot, db_path):
    data = b"raised,raised_by,description,status,handling\n2026-09-01,,Fine,,\n2026-09-02,,,weird,\n"
    before = snapshot(db_path)
    with pytest.raises(ValidationError) as e:
        concerns.import_csv(fresh_db, pilot, data)
    assert e.value.messages == [
        "Line 3: Say what the concern is: the description is empty",
        "Line 3: Unknown status 'weird': use one of open, handled, closed",
    ]
    assert snapshot(db_path) == before
