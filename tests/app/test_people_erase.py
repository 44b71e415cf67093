"""People page: erasing a participant needs their email typed; then they are gone."""

from __future__ import annotations

from pilot import store

from .conftest import open_page, page


def test_erase_needs_the_email_typed(app_demo):
    at = open_page(page("6_People.py"), timeout=60).run()
    assert not at.exception
    assert next(b for b in at.button if b.key == "people_erase_go").disabled
    at.selectbox(key="people_erase_who").set_value("mona.okafor@example.com")
    at.text_input(key="people_erase_confirm").set_value("someone.else@example.com").run()
    next(b for b in at.button if b.key == "people_erase_go").click().run()
    assert not at.exception and "exactly to confirm" in at.error[0].value
    db = store.connect(app_demo)
    count = "SELECT count(*) FROM participants WHERE email = 'mona.okafor@example.com'"
    assert db.execute(count).fetchone()[0] == 1
    at.text_input(key="people_erase_confirm").set_value("Mona.Okafor@example.com").run()
    next(b for b in at.button if b.key == "people_erase_go").click().run()
    assert not at.exception and not at.error
    assert db.execute(count).fetchone()[0] == 0
