"""The Usage page: an undone import is offered for Redo, and Redo brings its rows back."""

from __future__ import annotations

from pilot import store
from pilot.intake import history

from ..conftest import stored_usage
from .conftest import open_page, page


def test_undo_then_redo_on_the_page(app_demo):
    db = store.connect(app_demo)
    before = stored_usage(db, 1)
    history.undo_import(db, 28)
    at = open_page(page("3_Usage.py"), timeout=60).run()
    assert not at.exception
    redo = [b for b in at.button if b.label == "Redo"]
    assert [b.key for b in redo] == ["usage_redo_28"]
    redo[0].click().run()
    assert not at.exception
    assert stored_usage(db, 1).equals(before)
    assert not [b for b in at.button if b.label == "Redo"]
