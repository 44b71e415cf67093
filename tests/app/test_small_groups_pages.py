"""Pages with a 2-person department: owners get a note; the Go / no-go summary hides it unless asked."""

from __future__ import annotations

import auth
from pilot import store
from pilot.access import Actor
from pilot.setup import goals, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import get_pilot

from .conftest import open_page, page

OTHER = "Other (fewer than 5 each)"


def test_go_no_go_hides_a_small_department_unless_the_owner_asks(app_demo):
    db = store.connect(app_demo)
    db.execute(
        "UPDATE participants SET department = 'Patents' WHERE email IN "
        "('mona.okafor@example.com', 'ben.meyer2@example.com')"
    )
    at = open_page(page("7_Go_no-go.py"), timeout=90).run()
    assert not at.exception
    assert any("Patents" in c.value and "Other (fewer than 5 each)" in c.value for c in at.caption)
    assert at.checkbox(key="include_small_groups").value is False
    assert not [d for d in at.dataframe if "Patents" in d.value.to_string()]
    assert any(OTHER in d.value.to_string() for d in at.dataframe)
    at.checkbox(key="include_small_groups").check().run()
    assert not at.exception
    assert any("Patents" in d.value.to_string() for d in at.dataframe)
    weekly = open_page(page("4_Weekly_results.py"), timeout=90).run()
    assert not weekly.exception and any("Patents" in c.value for c in weekly.caption)


READER = Actor("exec@example.com", "Exec Reader", "password")


def test_a_viewer_picking_a_goal_on_a_small_audience_gets_its_status_only(app_demo):
    """k = 6 hides leadership (5 people): its goal's row shows no actual and its chart says why."""
    db = store.connect(app_demo)
    db.execute("UPDATE pilots SET small_group = 6")
    pilot = get_pilot(db, "demo")
    goals.save_goal(db, pilot.id, Goal("active_rate", "at_least", 0.5, audience="leadership"))
    users.add_user(db, READER.email, "viewer", pilot, "a long passphrase", name=READER.name)
    db.close()
    at = open_page(page("4_Weekly_results.py"), timeout=90)
    at.session_state[auth.ACTOR_KEY] = READER
    at.run()
    row = at.table[0].value.loc["Leadership active rate at least 50%"]
    assert (row["Status"], row["Actual"], row["Forecast"]) == ("✅ met", "–", "–")
    assert row["Why"].startswith("Status only: leadership")
    picker = at.selectbox(key="results_goal_chart")
    picker.select(len(picker.options) - 1).run()
    assert not at.exception
    assert any(c.value.startswith("Status only: leadership") for c in at.caption)
