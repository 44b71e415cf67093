"""Home page: the chosen pilot at a glance."""

from __future__ import annotations

from pilot import store
from tests.app.conftest import HOME, run_page


def test_empty_database_points_to_the_pilot_page():
    at = run_page(HOME)
    assert at.title[0].value == "🧪 Pilot at a glance"
    assert "No pilot yet" in at.info[0].value


def test_demo_pilot_at_a_glance(app_demo):
    at = run_page(HOME)
    assert at.sidebar.selectbox(key="pilot_picker").value == "demo"
    assert at.subheader[0].value == "Service desk micro-blog"
    texts = [t.value for t in at.text]
    assert "Stop explaining each procedure change four times" in texts
    assert "Viva Engage (enterprise social network)" in texts
    assert "Broadcast email (email)" in texts
    assert "Kira Garcia (kira.garcia@example.com)" in texts
    assert "Announcements and procedure changes go on Viva Engage, not by email" in texts
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sample group"] == "60"
    assert metrics["Budget used"] == "24%"
    assert metrics["Throw-away checklist"] == "5 of 6"
    captions = [c.value for c in at.caption]
    assert "participants in 6 departments" in captions
    assert "1,200 of 5,000 EUR" in captions
    assert "2026-08-31 to 2026-11-22 (12 weeks)" in captions
    assert not at.warning


def test_group_warnings_show_on_the_home_page(app_demo):
    db = store.connect(app_demo)
    with store.transaction(db):
        db.execute("UPDATE pilots SET sponsor_email = 'someone@example.com'")
    db.close()
    at = run_page(HOME)
    assert [w.value for w in at.warning] == ["The sponsor someone@example.com is not in the sample group"]
