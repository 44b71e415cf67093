"""A deleted goal or benefit is kept, and the page it was deleted on brings it back."""

from __future__ import annotations

from pilot import store
from pilot.setup import goals
from pilot.stories import benefits

from .conftest import open_page, page


def test_a_deleted_goal_is_restored_on_the_pilot_page_with_its_benefits(app_demo):
    db = store.connect(app_demo)
    goal = next(g for g in goals.list_goals(db, 1) if g.metric == "substitution")
    tied = benefits.list_benefits(db, 1).query("goal_metric == 'substitution'")["id"].tolist()
    goals.delete_goal(db, 1, goal.id)
    at = open_page(page("1_Pilot.py"), timeout=60).run()
    assert not at.exception
    restore = [b for b in at.button if b.key == f"goal_restore_{goal.id}"]
    assert len(restore) == 1
    restore[0].click().run()
    assert not at.exception
    assert [g.id for g in goals.list_goals(db, 1)].count(goal.id) == 1
    assert benefits.list_benefits(db, 1).query("goal_metric == 'substitution'")["id"].tolist() == tied
    assert not [b for b in at.button if b.key.startswith("goal_restore_")]


def test_a_deleted_benefit_is_restored_on_the_benefits_page(app_demo):
    db = store.connect(app_demo)
    before = benefits.list_benefits(db, 1)
    victim = int(before["id"].iloc[0])
    benefits.delete_benefit(db, 1, victim)
    at = open_page(page("5_Benefits_and_wins.py"), timeout=60).run()
    assert not at.exception
    restore = [b for b in at.button if b.key == f"benefit_restore_{victim}"]
    assert len(restore) == 1
    restore[0].click().run()
    assert not at.exception
    assert benefits.list_benefits(db, 1).equals(before)
