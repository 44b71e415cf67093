"""Pages with a 2-person department: owners get a note; the Go / no-go summary hides it unless asked."""

from __future__ import annotations

from pilot import store

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
