"""Pages with a 2-person department: owners get a note; the Go / no-go summary hides it unless asked;
viewers see it merged and, when the owner turned them on, pseudonyms instead of names on every page."""

from __future__ import annotations

from dataclasses import replace

from pilot import store
from pilot.access import Actor
from pilot.playbook import recognition
from pilot.setup import goals, participants, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import get_pilot

from .conftest import HOME, open_page, page, signed_in_as

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
WRITER = Actor("owner@example.com", "Owen Writer", "password")
PATENTS = ("mona.okafor@example.com", "ben.meyer2@example.com")  # a 2-person department


def shown(at) -> bytes:
    """Every element the run drew, as sent to the browser: texts, tables' data, charts' specs and
    data (tooltips included), widgets' options."""
    out = []

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None:
            out.append(node.proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return b"\n".join(out).replace("\u2060".encode(), b"")  # as read: an escaped email is still one


def test_a_viewer_sees_pseudonyms_and_no_small_department_on_every_page(app_demo):
    """The owner turned pseudonyms on; badges and the leaderboard are shown to viewers. A viewer's
    Home, Weekly results, Benefits and wins and Go / no-go show no participant's name or email and
    not the 2-person department; the owner's Benefits and wins names people."""
    db = store.connect(app_demo)
    db.execute(f"UPDATE participants SET department = 'Patents' WHERE email IN {PATENTS!r}")
    db.execute("UPDATE pilots SET pseudonyms = 1")
    pilot = get_pilot(db, "demo")
    recognition.set_recognition(db, pilot, replace(recognition.EVERY_BADGE, leaderboard=True))
    users.add_user(db, READER.email, "viewer", pilot, "a long passphrase", name=READER.name)
    users.add_user(db, WRITER.email, "owner", pilot, "a long passphrase", name=WRITER.name)
    people = participants.list_participants(db, pilot.id)
    db.close()
    kept = [*people["name"], *people["email"], "Patents"]
    for script in (HOME, page("4_Weekly_results.py"), page("5_Benefits_and_wins.py"), page("7_Go_no-go.py")):
        at = open_page(script, timeout=90)
        signed_in_as(at, READER)
        drawn = shown(at.run())
        assert not at.exception, script
        assert not [k for k in kept if k.encode() in drawn], script
        assert (b"the sponsor" if script == HOME else b"Participant ") in drawn, script
    at = open_page(page("5_Benefits_and_wins.py"), timeout=90)
    signed_in_as(at, WRITER)
    drawn = shown(at.run())
    assert b"Kira Garcia" in drawn and b"Patents" in drawn


def test_a_viewer_picking_a_goal_on_a_small_audience_gets_its_status_only(app_demo):
    """k = 6 hides leadership (5 people): its goal's row shows no actual and its chart says why."""
    db = store.connect(app_demo)
    db.execute("UPDATE pilots SET small_group = 6")
    pilot = get_pilot(db, "demo")
    goals.save_goal(db, pilot.id, Goal("active_rate", "at_least", 0.5, audience="leadership"))
    users.add_user(db, READER.email, "viewer", pilot, "a long passphrase", name=READER.name)
    db.close()
    at = open_page(page("4_Weekly_results.py"), timeout=90)
    signed_in_as(at, READER)
    at.run()
    row = at.table[0].value.loc["Leadership active rate at least 50%"]
    assert (row["Status"], row["Actual"], row["Forecast"]) == ("✅ met", "–", "–")
    assert row["Why"].startswith("Status only: leadership")
    picker = at.selectbox(key="results_goal_chart")
    picker.select(len(picker.options) - 1).run()
    assert not at.exception
    assert any(c.value.startswith("Status only: leadership") for c in at.caption)
