"""A pilot past its "personal data kept until" date: the People page purges it after a typed
confirmation, and Go / no-go then shows the summary kept at the purge, naming nobody."""

from __future__ import annotations

from pilot import store

from .conftest import HOME, open_page, page


def test_purge_on_the_people_page_then_the_kept_summary_on_go_no_go(app_demo):
    db = store.connect(app_demo)
    db.execute("UPDATE pilots SET personal_data_until = '2026-11-29'")
    home = open_page(HOME, timeout=60).run()
    assert any("removal on 29 Nov 2026: remove it on the People page" in w.value for w in home.warning)
    at = open_page(page("6_People.py"), timeout=60).run()
    assert not at.exception
    assert any("due for removal on 29 Nov 2026" in w.value for w in at.warning)
    assert next(b for b in at.button if b.key == "people_purge_go").disabled
    at.text_input(key="people_purge").set_value("PURGE").run()
    next(b for b in at.button if b.key == "people_purge_go").click().run()
    assert not at.exception and not at.error
    assert db.execute("SELECT count(*) FROM participants").fetchone()[0] == 0
    assert any("personal data was removed on" in i.value for i in at.info)

    go = open_page(page("7_Go_no-go.py"), timeout=90).run()
    assert not go.exception
    assert any("summary as it stood then" in i.value for i in go.info)
    kept = "\n".join(m.value for m in go.markdown)
    assert "## Recommendation: **Go**" in kept
    assert "@example.com" not in kept.replace("\u2060", "") and "Kira Garcia" not in kept  # as read
    assert [b.label for b in go.get("download_button")] == ["MD", "HTML", "JSON"]
    for script in (page("4_Weekly_results.py"), HOME):
        shown = open_page(script, timeout=60).run()
        assert not shown.exception and "summary kept on **Go / no-go**" in shown.info[0].value, script
        assert not [w for w in shown.warning if "department" in w.value]  # no group left to warn about
