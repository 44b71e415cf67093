"""Home page: the chosen pilot at a glance."""

from __future__ import annotations

from pilot import store
from pilot.access import Actor
from pilot.core.text import escape
from pilot.results import decision
from pilot.setup import goals, participants, users
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, get_pilot, save_pilot
from tests.app.conftest import HOME, open_page, run_page, signed_in_as, tiles
from tests.made_up import END, START, small_pilot


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
    metrics = {label: value for label, (value, _) in tiles(at).items()}
    assert metrics["Sample group"] == "60"
    assert metrics["Budget used"] == "24%"
    assert metrics["Throw-away checklist"] == "5 of 6"
    captions = [c.value for c in at.caption]
    assert "participants in 6 departments" in captions
    assert "1,200 of 5,000 EUR" in captions
    assert "31 Aug 2026 to 22 Nov 2026 (12 weeks)" in captions
    assert not at.warning


def test_home_opens_on_the_verdict_with_its_reasons_risks_pdf_and_definitions(app_demo):
    """Issue 9: the executive's minute, on the first page they open."""
    at = run_page(HOME, timeout=60)
    assert at.success[0].value == (
        "## Recommendation: Go\n\nAll 2 must-have goals were met at their due week.\n\n"
        "- Active rate at least 60%: met (81.7%)\n- Substitution at least 30%: met (35.2%)"
    )
    risks = next(m.value for m in at.markdown if m.value.startswith("**Risks beside the verdict**"))
    assert risks.splitlines()[2:] == [
        "- Go, but the data export path is not tested: the pilot's data must be exportable.",
        "- 1 concern still open (Workload: one more place to read on top of email).",
        "- Broadcast email still carries most traffic: 84% of posts in week 12.",
    ]
    [pdf] = [b for b in at.get("download_button") if b.proto.label == "Download the PDF summary"]
    assert pdf.proto.deferred_file_id  # the PDF is built when clicked
    terms = [m.value for m in at.markdown if m.value.startswith("**Must-have**")]
    assert terms == [
        "**Must-have**: A goal the recommendation counts: Go needs every must-have goal met at its due "
        "week, and one off track makes it No-go. Other goals are shown, not counted."
    ]


def test_home_shows_the_owners_decision_beside_the_verdict_as_go_no_go_does(app_demo):
    """Walkthrough defect: Home left out the owner's recorded decision that Go / no-go and the PDF show."""
    db = store.connect(app_demo)
    pilot_id = get_pilot(db, "demo").id
    decision.record_override(db, pilot_id, "Extend", "**Not yet**: see [the review](https://evil.example)")
    db.execute("UPDATE decisions SET decided_at = '2026-11-30 09:05:00'")
    by = db.actor.label
    db.close()
    at = run_page(HOME, timeout=60)
    assert at.success[0].value.startswith("## Recommendation: Go")  # the computed one, unchanged
    assert [i.value for i in at.info] == [
        f"**Owner's decision: Extend (recorded by {escape(by)}, admin, on 30 Nov 2026 09:05 UTC; the "
        "computed recommendation is Go).**\n\n"
        + escape("Reason: **Not yet**: see [the review](https://evil.example)")  # plain text
    ]
    assert "\\*\\*Not yet\\*\\*" in at.info[0].value and "\\[the review\\]" in at.info[0].value


def test_a_signed_in_viewer_reads_the_owners_decision_on_home(app_demo):
    db = store.connect(app_demo)
    demo = get_pilot(db, "demo")
    users.add_user(db, "ann@example.com", "viewer", demo, "correct horse battery", name="Ann Lee")
    decision.record_override(db, demo.id, "No-go", "Security review failed")
    db.close()
    at = open_page(HOME, timeout=60)
    signed_in_as(at, Actor("ann@example.com", "Ann Lee", "password"))
    at.run()
    assert not at.exception
    [shown] = [i.value for i in at.info if i.value.startswith("**Owner's decision: No-go (recorded by ")]
    assert shown.endswith("the computed recommendation is Go).**\n\nReason: Security review failed")


def test_home_shows_no_owners_decision_before_one_is_recorded(app_demo):
    at = run_page(HOME, timeout=60)
    assert not [i.value for i in at.info if "Owner's decision" in i.value]


def test_home_says_too_early_with_more_must_haves_than_it_lists(app_demo):
    """Defect 4 on Home, and the reasons: off track first, then at risk, then the rest, up to 3."""
    db = store.connect(app_demo)
    pilot = get_pilot(db, "demo")
    with store.transaction(db, None):
        db.execute("DELETE FROM usage WHERE week > ?", [pilot.weeks[1].isoformat()])
    for metric in ("retention", "contributor_rate", "tool_share"):
        goals.save_goal(db, pilot.id, Goal(metric, "at_least", 0.9, must=True))
    db.close()
    at = run_page(HOME, timeout=60)
    box = at.info[0].value
    assert box.startswith("## Too early to recommend\n\n2 of 12 weeks have data; a recommendation needs 3.")
    assert len(box.split("\n\n")[2].splitlines()) == 3
    [more] = [link.proto for link in at.get("page_link") if link.proto.label.startswith("and ")]
    assert (more.label, more.page) == ("and 2 more on Go / no-go", "Go_no-go")


def test_group_warnings_show_on_the_home_page(app_demo):
    db = store.connect(app_demo)
    with store.transaction(db, None):
        db.execute("UPDATE pilots SET sponsor_email = 'someone@example.com'")
    db.close()
    at = run_page(HOME)
    # the email as typed, a word joiner after its "@": no mailto: link
    assert [w.value for w in at.warning] == [
        "The sponsor someone@\u2060example.com is not in the sample group"
    ]


def test_checklist_ticks_come_with_their_word(app_demo):
    """Issue 9, defect 14: a tick alone reads the same as none where no emoji font exists."""
    texts = [t.value for t in run_page(HOME).text]
    assert "☐ not done: Data export path tested (Network data export to be tried before week 12)" in texts
    assert "☑ done: Hosted or cheap (Viva Engage is in the existing Microsoft 365 licence)" in texts


def test_home_reminds_the_owner_of_exports_due_and_missing(app_demo):
    db = store.connect(app_demo)
    with store.transaction(db, None):  # the last week's Viva Engage export undone
        db.execute(
            "UPDATE imports SET undone_at = datetime('now') WHERE week = '2026-11-16' AND channel = 'tool'"
        )
    db.close()
    at = run_page(HOME)
    assert at.warning[0].value == "Due and missing: Viva Engage week 12. Import them on the Usage page."


def test_tiles_are_drawn_with_their_values_not_as_late_components(app_demo):
    """Issue 9: st.metric's component loads on first use and showed empty grey boxes meanwhile."""
    at = run_page(HOME)
    assert not at.metric
    assert [label for label in tiles(at)] == [
        "Where we are",
        "Sample group",
        "Budget used",
        "Throw-away checklist",
        "Active rate",
        "Contributor rate",
        "Substitution",
        "Benefits",
    ]


def test_a_pilot_without_a_budget_says_so_not_0_of_0(app_db):
    db = store.connect(app_db)
    small_pilot(db)  # no cap, nothing spent
    db.close()
    at = run_page(HOME)
    assert tiles(at)["Budget used"] == ("–", None)
    captions = [c.value for c in at.caption]
    assert "No budget set" in captions and not [c for c in captions if " of 0 " in c]


def test_a_group_of_one_in_one_department_reads_so(app_db):
    """It said "participants in 1 departments"."""
    db = store.connect(app_db)
    pilot = save_pilot(db, Pilot(name="Solo", start=START, end=END))
    group = b"name,email,department,audience,sponsor,champion\nAnn Lee,ann@example.com,Sales,leadership,,\n"
    participants.import_csv(db, pilot, group)
    db.close()
    at = run_page(HOME)
    assert "participant in 1 department" in [c.value for c in at.caption]
