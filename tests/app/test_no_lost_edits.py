"""Two owners on the same pilot: a save against a record changed since its form was opened is
refused, naming who changed it and when; nothing is stored and the typed values stay (issue 10)."""

from __future__ import annotations

import re

from pilot import store
from pilot.setup import goals, participants, pilots
from pilot.setup.goals import Goal
from tests.app.conftest import page, run_page
from tests.conftest import DEMO_DIR, connect_as, snapshot

PILOT, GROUP = page("1_Pilot.py"), page("2_Sample_group.py")
STALE = re.compile(r"^Changed by .+ at \d\d:\d\d UTC since you opened it: reload to see the change$")


def test_a_stale_pilot_form_is_refused_and_keeps_what_was_typed(app_demo):
    mine, theirs = run_page(PILOT), run_page(PILOT)  # two sessions open the definition
    theirs.text_area(key="edit_demo_purpose").input("Their newer purpose")
    theirs.button(key="edit_demo_save").click().run()
    assert theirs.success[0].value.startswith("Pilot saved")
    before = snapshot(app_demo)
    mine.text_area(key="edit_demo_purpose").input("My older idea")
    mine.button(key="edit_demo_save").click().run()
    assert STALE.match(mine.error[0].value)
    assert not mine.success
    assert snapshot(app_demo) == before
    assert mine.text_area(key="edit_demo_purpose").value == "My older idea"
    assert pilots.get_pilot(store.connect(app_demo), "demo").purpose == "Their newer purpose"


def test_a_goal_changed_by_another_owner_names_them(app_demo):
    db = store.connect(app_demo)
    demo = pilots.get_pilot(db, "demo")
    first = goals.list_goals(db, demo.id)[0]
    mine = run_page(PILOT)
    mine.selectbox(key="goal_pick").select(first.id)
    mine.run()  # the goal's form is open
    omar = connect_as(app_demo, "omar@example.com", "owner", demo, name="Omar Khan")
    goals.save_goal(omar, demo.id, Goal(**{**vars(first), "target": 0.5}))
    mine.number_input(key=f"goal{first.id}_target").set_value(70.0)
    mine.button(key=f"goal{first.id}_save").click().run()
    assert STALE.match(mine.error[0].value)
    assert mine.error[0].value.startswith("Changed by Omar Khan at ")
    assert mine.number_input(key=f"goal{first.id}_target").value == 70
    assert goals.get_goal(db, demo.id, first.id).target == 0.5
    mine.run()  # my own save after a fresh visit is taken: the form now carries the new version
    mine.switch_page(GROUP).run()
    mine.switch_page(PILOT).run()
    mine.selectbox(key="goal_pick").select(first.id)
    mine.run()
    mine.number_input(key=f"goal{first.id}_target").set_value(70.0)
    mine.button(key=f"goal{first.id}_save").click().run()
    assert not mine.error
    assert goals.get_goal(db, demo.id, first.id).target == 0.7


def test_a_sample_group_edit_is_refused_after_an_upload_meanwhile(app_demo):
    mine = run_page(GROUP)
    mine.session_state["group_editor"] = {"edited_rows": {0: {"department": "Finance"}}}
    mine.run()
    db = store.connect(app_demo)
    participants.import_csv(db, pilots.get_pilot(db, "demo"), (DEMO_DIR / "participants.csv").read_bytes())
    before = snapshot(app_demo)
    mine.button(key="save_group").click().run()
    assert STALE.match(mine.error[0].value)
    assert not [m for m in mine.success if m.value.startswith("Saved")]
    assert snapshot(app_demo) == before


def test_saving_twice_in_one_visit_is_not_refused(app_demo):
    """Its own change is no stranger's: the versions are taken anew after each save."""
    at = run_page(PILOT)
    for purpose in ("First", "Second"):
        at.text_area(key="edit_demo_purpose").input(purpose)
        at.button(key="edit_demo_save").click().run()
        assert not at.error
    assert pilots.get_pilot(store.connect(app_demo), "demo").purpose == "Second"
