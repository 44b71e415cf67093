"""AppTest of the Go / no-go page: the recommendation and its evidence, the override form, downloads."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st

from pilot import mailer, store
from pilot.access import LOCAL, file_holder
from pilot.core.text import escape
from pilot.report import render
from pilot.results import decision
from pilot.setup import goals
from pilot.setup.pilots import get_pilot
from tests.app.conftest import open_page, page, run_page
from tests.conftest import snapshot
from tests.made_up import small_pilot
from tests.smtp import inbox  # noqa: F401  (a fixture)

PAGE = page("7_Go_no-go.py")


def test_the_demo_shows_the_recommendation_rule_goals_and_downloads(app_demo: Path) -> None:
    at = run_page(PAGE, timeout=60)
    assert at.title[0].value == "🚦 Go / no-go"
    assert at.success[0].value.startswith("## Recommendation: Go")
    assert at.markdown[0].value.startswith("In week 12 of 12, 81.7% of the sample group used Viva Engage")
    assert at.markdown[1].value.startswith(
        "**The rule.** Go when every must-have goal is met at its due week"
    )
    goals = at.table[0].value  # a table that wraps, not a grid that cuts text off
    assert list(goals["Goal"]) == ["Active rate", "Substitution", "Sponsor posts", "Hours saved"]
    assert list(goals["Target"]) == ["at least 60%", "at least 30%", "at least 2", "at least 20"]
    assert list(goals["Actual"]) == ["81.7%", "35.2%", "9", "22"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["MD", "HTML", "PDF", "JSON", "All data (zip)"]
    assert at.selectbox(key="as_of_week").value == 12


def on_click(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """What each download button of the next runs makes when clicked (label -> its data): the
    page gives callables, which the server runs on the click (AppTest cannot click a download)."""
    made: dict[str, Callable[[], bytes]] = {}
    button = st.download_button

    def kept(label: str, *args: Any, **options: Any) -> Any:
        made[label] = options.get("data", args[0] if args else None)
        return button(label, *args, **options)

    monkeypatch.setattr(st, "download_button", kept)
    return made


def test_a_downloaded_summary_says_it_was_generated_at_the_click(app_demo: Path, monkeypatch) -> None:
    """The summary is cached per pilot, data version and week: a file asked for later said the
    time of the cache, not of the download."""
    files = on_click(monkeypatch)
    run_page(PAGE, timeout=60)  # the page's summary is built (and cached) now
    monkeypatch.setattr(render, "utc_minute", lambda: "2031-01-02 03:04 UTC")  # the click, years later
    for label in ("MD", "HTML"):
        assert "Generated 2 Jan 2031 03:04 UTC." in files[label]().decode(), label
    assert json.loads(files["JSON"]())["generated"] == "2031-01-02 03:04 UTC"


def test_a_goal_table_is_not_followed_by_no_goal_status_yet(app_demo: Path) -> None:
    """The goal table and "No goal status yet" contradicted each other on the demo's page."""
    at = run_page(PAGE, timeout=60)
    assert len(at.table[0].value) == 4
    assert not [i.value for i in at.info if i.value.startswith("No goal status yet")]


def test_an_earlier_week_gives_the_weekly_digest(app_demo: Path) -> None:
    at = run_page(PAGE, timeout=60)
    at.selectbox(key="as_of_week").set_value(3).run()
    assert not at.exception
    assert at.caption[0].value.startswith("As of week 3 of 12 (week of 14 Sep 2026).")
    goals = at.table[0].value
    assert list(goals["Actual"]) == ["43.3%", "23%", "19", "8"]


def test_override_is_recorded_and_shown_beside_the_computed_one(app_demo: Path) -> None:
    at = run_page(PAGE, timeout=60)
    me = file_holder(LOCAL).label  # local mode: whoever runs the app, never a typed name
    assert f"Recorded as {escape(me)}, role: admin" in [c.value for c in at.caption]
    at.selectbox(key="override_decision").set_value("Extend")
    at.text_area(key="override_reason").set_value("Wait for the budget review")
    at.button(key="override_submit").click().run()
    assert not at.exception
    assert at.info[0].value.startswith(f"**Owner's decision: Extend (recorded by {escape(me)}, admin, on ")
    assert "the computed recommendation is Go" in at.info[0].value
    assert at.info[0].value.endswith("Reason: Wait for the budget review")
    history = at.dataframe[-1].value
    assert list(history.columns) == ["When (UTC)", "Decision", "By", "Role", "Reason"]
    assert history.iloc[0, 1:].tolist() == ["Extend", me, "admin", "Wait for the budget review"]
    db = store.connect(app_demo)
    saved = decision.latest_override(db, get_pilot(db, "demo").id)
    assert (saved.decision, saved.reason, saved.decided_by) == (
        "Extend",
        "Wait for the budget review",
        me,
    )


def owners_decisions(at) -> list[str]:
    return [i.value for i in at.info if i.value.startswith("**Owner's decision")]


def test_an_earlier_week_does_not_show_a_decision_recorded_after_it(app_demo: Path) -> None:
    """Walkthrough defect: as of an earlier week the page showed the owner's decision recorded later."""
    db = store.connect(app_demo)
    pilot_id = get_pilot(db, "demo").id
    decision.record_override(db, pilot_id, "Extend", "Wait for the sponsor's posts")
    decision.record_override(db, pilot_id, "No-go", "Security review failed")
    dates = {"Extend": "2026-09-16 10:00:00", "No-go": "2026-11-30 09:00:00"}  # week 3; after week 12
    for made, when in dates.items():
        db.execute("UPDATE decisions SET decided_at = ? WHERE decision = ?", [when, made])
    by = db.actor.label
    db.close()
    at = run_page(PAGE, timeout=60)
    assert owners_decisions(at) == [
        f"**Owner's decision: No-go (recorded by {escape(by)}, admin, on 30 Nov 2026 "
        "09:00 UTC; the computed recommendation is Go).**\n\nReason: Security review failed"
    ]
    at.selectbox(key="as_of_week").set_value(3).run()
    assert [d.split(" (")[0] for d in owners_decisions(at)] == ["**Owner's decision: Extend"]
    assert "on 16 Sep 2026 10:00 UTC; the computed recommendation is Extend" in owners_decisions(at)[0]
    at.selectbox(key="as_of_week").set_value(2).run()
    assert not at.exception
    assert owners_decisions(at) == []  # nothing recorded by the end of week 2 (13 Sep 2026)
    assert at.info[0].value.startswith("## Too early to recommend")


def test_override_without_reason_is_refused_and_stores_nothing(app_demo: Path) -> None:
    before = snapshot(app_demo)
    at = run_page(PAGE, timeout=60)
    at.button(key="override_submit").click().run()
    assert not at.exception
    assert at.error[0].value == "Write the reason for the override"
    assert snapshot(app_demo) == before


def test_a_pilot_without_data_says_so(app_db: Path) -> None:
    at = open_page(PAGE, timeout=60).run()
    assert not at.exception
    assert at.info[0].value.startswith("No pilot yet.")


def test_the_override_form_starts_on_the_computed_recommendation(app_demo: Path) -> None:
    db = store.connect(app_demo)
    pilot = get_pilot(db, "demo")
    active = goals.list_goals(db, pilot.id)[0]
    active.target = 0.95  # a must-have the demo misses: the recommendation is no longer Go
    goals.save_goal(db, pilot.id, active)
    db.close()
    at = run_page(PAGE, timeout=60)
    assert at.error[0].value.startswith("## Recommendation: No-go")
    assert at.selectbox(key="override_decision").value == "No-go"


def test_the_override_form_starts_on_go_when_go_is_computed(app_demo: Path) -> None:
    at = run_page(PAGE, timeout=60)
    assert at.selectbox(key="override_decision").value == "Go"


def test_the_override_form_starts_on_the_verdict_shown_on_an_earlier_week(app_demo: Path) -> None:
    """Issue 9 defect 7: on week 3 the page showed Extend while the form started on Go."""
    at = run_page(PAGE, timeout=60)
    at.selectbox(key="as_of_week").set_value(3).run()
    assert at.warning[0].value.startswith("## Recommendation: Extend")
    assert at.selectbox(key="override_decision").value == "Extend"


def test_too_early_to_recommend_on_week_two_and_the_owner_may_still_decide(app_demo: Path) -> None:
    """Issue 9 defect 4: two weeks of data gave a verdict; the owner still records their own."""
    at = run_page(PAGE, timeout=60)
    at.selectbox(key="as_of_week").set_value(2).run()
    assert at.info[0].value.startswith(
        "## Too early to recommend\n\n2 of 12 weeks have data; a recommendation needs 3.\n\n"
        "- Active rate at least 60%: not enough data (28.3%)"
    )
    assert at.selectbox(key="override_decision").value is None  # no verdict to start on
    at.selectbox(key="override_decision").set_value("Extend")
    at.text_area(key="override_reason").set_value("Give it the full twelve weeks")
    at.button(key="override_submit").click().run()
    assert not at.exception
    db = store.connect(app_demo)
    assert decision.latest_override(db, get_pilot(db, "demo").id).decision == "Extend"


def test_send_digest_shows_recipients_and_a_preview_then_sends(app_demo: Path, inbox, monkeypatch) -> None:  # noqa: F811
    """Issue 13: the owner's Send digest on Go / no-go, through a real SMTP server on loopback: the
    recipients and the text first, then the button that sends."""
    handler, secrets = inbox
    monkeypatch.setattr(mailer, "SECRETS", secrets)
    at = run_page(PAGE, timeout=60)
    assert "Weekly emails" in [h.value for h in at.subheader]
    at.text_input(key="digest_to").input("ceo@example.com, CFO@example.com")
    at.button(key="digest_preview").click().run(timeout=60)
    assert not at.exception
    head = next(t.value for t in at.text if t.value.startswith("To: "))
    assert head == "To: ceo@example.com, cfo@example.com\nSubject: Service desk micro-blog: week 12, Go"
    assert any("Wins of the week:" in t.value for t in at.text)
    assert handler.received == []  # a preview sends nothing
    at.button(key="digest_send").click().run(timeout=60)
    assert (
        at.success[0].value
        == "Sent to ceo@\u2060example.com, cfo@\u2060example.com: Service desk micro-blog: week 12, Go"
    )
    [(to, message)] = handler.received
    assert to == ["ceo@example.com", "cfo@example.com"]
    assert {p.get_content_type() for p in message.walk()} >= {"text/plain", "text/html", "application/pdf"}


def test_a_missing_tool_report_asks_before_the_digest(app_demo: Path, inbox, monkeypatch) -> None:  # noqa: F811
    handler, secrets = inbox
    monkeypatch.setattr(mailer, "SECRETS", secrets)
    db = store.connect(app_demo)
    with store.transaction(db, None):
        db.execute("DELETE FROM usage WHERE channel = 'tool' AND week = '2026-11-16'")
    db.close()
    at = run_page(PAGE, timeout=60)
    at.text_input(key="digest_to").input("ceo@example.com")
    at.button(key="digest_preview").click().run(timeout=60)
    assert at.error[0].value == "Week 12 has no Viva Engage report yet: import it first, or send anyway"
    assert not [b for b in at.button if b.key == "digest_send"]
    at.checkbox(key="digest_anyway").check()
    at.button(key="digest_preview").click().run(timeout=60)
    assert not at.error
    at.button(key="digest_send").click().run(timeout=60)
    assert len(handler.received) == 1


def test_celebrate_composes_the_weeks_wins_for_the_sponsor(app_demo: Path, inbox, monkeypatch) -> None:  # noqa: F811
    handler, secrets = inbox
    monkeypatch.setattr(mailer, "SECRETS", secrets)
    at = run_page(PAGE, timeout=60)
    at.button(key="celebrate_preview").click().run(timeout=60)
    head = next(t.value for t in at.text if t.value.startswith("To: "))
    assert head == "To: kira.garcia@example.com\nSubject: Small successes in Service desk micro-blog: week 12"
    assert any(
        "Badge Active 4 weeks running: Amir Garcia, Chloe Schmidt, Sami Okafor." in t.value for t in at.text
    )
    at.button(key="celebrate_send").click().run(timeout=60)
    [(to, message)] = handler.received
    assert to == ["kira.garcia@example.com"]
    assert message["Subject"] == "Small successes in Service desk micro-blog: week 12"


def test_without_smtp_settings_previews_work_and_sending_says_why(
    app_demo: Path, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(mailer, "SECRETS", tmp_path / "none.toml")
    at = run_page(PAGE, timeout=60)
    assert any(c.value.startswith("Sending is off: No secrets file at") for c in at.caption)
    at.button(key="celebrate_preview").click().run(timeout=60)
    assert any(t.value.startswith("To: kira.garcia@example.com") for t in at.text)
    assert not [b for b in at.button if b.key == "celebrate_send"]


def test_a_pilot_without_a_budget_says_so_not_0_of_0(app_db: Path) -> None:
    db = store.connect(app_db)
    small_pilot(db)  # no cap, nothing spent
    db.close()
    at = run_page(PAGE, timeout=60)
    budget = [m.value for m in at.markdown]
    assert budget[budget.index("**Budget**") + 1] == "No budget set."
