"""Go / no-go: the recommendation with its rule and evidence, the owner's override, and every export."""

from collections.abc import Callable
from email.message import EmailMessage

import streamlit as st

import ui
from pilot import export, mailer, retention, store
from pilot.core.catalog import DECISIONS
from pilot.core.errors import PilotError
from pilot.core.format import day, tick
from pilot.core.text import escape
from pilot.report import digest, render, text
from pilot.report import summary as report
from pilot.report.summary import Summary
from pilot.results import decision
from pilot.setup.pilots import Pilot
from pilot.store import Database

OVERRIDE_SAVED = "override_saved"  # the next run says so in a toast
OVERRIDE_SHOWN = "override_shown"  # the verdict the owner's form last started on


def main() -> None:
    db, pilot = ui.page_setup("Go / no-go", icon="🚦")
    if pilot.purged_at:
        kept_summary(db, pilot)
        return
    owner = ui.may_change(db, pilot)  # a viewer reads and downloads the summary
    small = small_groups_choice(db, pilot) if owner else False
    latest = ui.checked(lambda: latest_summary(db, pilot, small))
    if latest is None:
        return
    summary = as_of_week(db, pilot, latest, small)
    verdict, files = st.columns([3, 1])
    with verdict:
        recommendation(summary)
    with files:
        downloads(db, pilot, summary, owner)
    evidence(summary)
    if owner:
        weekly_emails(db, pilot, summary, small)
        owners_decision(db, pilot, summary)
    else:
        decisions_so_far(db, pilot)


def kept_summary(db: Database, pilot: Pilot) -> None:
    """A purged pilot has no people left to compute from: the summary kept at the purge instead."""
    st.info(
        f"This pilot's personal data was removed on {day(pilot.purged_at)}. Below is its summary as "
        "it stood then, with pseudonyms; the figures, goal statuses and decision are kept."
    )
    for column, fmt in zip(st.columns(len(retention.KEPT_FORMATS)), retention.KEPT_FORMATS, strict=True):
        column.download_button(
            fmt.upper(),
            data=retention.kept_file(db, pilot, fmt),
            file_name=f"{pilot.slug}-summary-kept.{fmt}",
            mime=render.MEDIA_TYPES[fmt],
            key=f"download_kept_{fmt}",
            on_click="ignore",
        )
    with st.container(border=True):
        st.markdown(retention.kept_file(db, pilot, "md").decode("utf-8"))  # the md renderer escaped it all


def small_groups_choice(db: Database, pilot: Pilot) -> bool:
    """Summaries travel: small departments are merged into Other unless the owner asks otherwise
    (owners only: a viewer always gets them merged)."""
    note = ui.results(db, pilot).note
    if not note:
        return False
    st.caption(escape(note))
    return st.checkbox("Include small groups (owners only)", key="include_small_groups")


def latest_summary(db: Database, pilot: Pilot, small: bool) -> Summary:
    results = ui.results(db, pilot)  # shared with Home and the Weekly results page
    return ui.cached(report.summary_of, db, pilot.slug, None, results, small)


def as_of_week(db: Database, pilot: Pilot, latest: Summary, small: bool) -> Summary:
    """The summary as of the week picked (the latest by default): an earlier one is that week's digest."""
    if not latest.pilot_week:
        return latest
    weeks = list(range(1, latest.pilot_week + 1))
    chosen = st.selectbox(
        "As of week",
        weeks,
        index=len(weeks) - 1,
        format_func=lambda n: f"Week {n} (week of {day(pilot.weeks[n - 1])})",
        key="as_of_week",
        help="An earlier week gives the summary as it stood then: the weekly digest.",
    )
    if chosen == latest.pilot_week:
        return latest
    week = pilot.weeks[chosen - 1].isoformat()
    return ui.cached(report.summary_of, db, pilot.slug, week, ui.results(db, pilot), small)


def recommendation(summary: Summary) -> None:
    """The computed recommendation with its reason and rule, and the owner's override if any."""
    st.caption(text.as_of(summary))
    if summary.this_week:
        st.markdown(escape(summary.this_week))
    ui.verdict(summary, more="in the goal table below")
    st.markdown(f"**The rule.** {escape(summary.decision.rule)}")
    ui.glossary()
    ui.override(summary)
    if st.session_state.pop(OVERRIDE_SAVED, False):
        st.toast("Owner's decision recorded")
    ui.risks(summary)


def evidence(summary: Summary) -> None:
    """Goals, charts, stories and concerns, the group, the checklist and the budget."""
    st.subheader("Goals")
    if summary.goals:
        ui.table(text.frame(text.goal_table(summary)), hide_index=True)  # wraps: every word is read
    else:
        st.info(
            "No goal status yet: import usage data first, and give the pilot goals on the **Pilot** page."
        )
    if summary.goal_changes:  # executives see when the bar moved
        notes = "\n".join(f"- {escape(note)}" for note in summary.goal_changes)
        st.warning(f"**{text.GOAL_CHANGES}:**\n{notes}", icon="⚠️")
    st.subheader("Evidence")
    if text.charts_note(summary):
        st.caption(text.charts_note(summary))
    chart_columns = st.columns(2)
    for i, (name, chart) in enumerate(summary.charts.items()):
        ui.chart(chart_columns[i % 2], chart, width="stretch", height=340, key=f"chart_{name}")
    # Stories and concerns take the full width, in tables that wrap: long text is read, not cut off.
    st.markdown("**Benefits**")
    st.markdown(escape(text.benefit_text(summary)))
    if summary.benefits["top"]:
        ui.table(text.frame(text.benefit_table(summary)), hide_index=True)
    st.markdown("**Concerns and how they were handled**")
    if summary.concerns:
        ui.table(text.frame(text.concern_table(summary)), hide_index=True)
    else:
        st.markdown("No concern raised.")
    left, right = st.columns(2)
    with left:
        st.markdown("**Sample group**")
        st.markdown(escape(text.group_text(summary)))
        for i, table in enumerate(text.group_tables(summary)):
            ui.grid(text.frame(table), hide_index=True, key=f"group_{i}")
    with right:
        st.markdown("**Throw-away checklist**")
        for done, label, note in text.checklist(summary):
            st.markdown(f"{tick(done)}: " + escape(label + (f": {note}" if note else "")))
        st.markdown("**Budget**")
        st.markdown(escape(text.budget_text(summary)))
        for line in text.business_text(summary):
            st.markdown(escape(line))


def downloads(db: Database, pilot: Pilot, summary: Summary, owner: bool) -> None:
    """Beside the verdict: the summary in every format, and (an owner's: it holds everyone's emails)
    all the data as a zip; each built on click."""
    st.markdown("**Download**")
    st.caption("Built when you click: Markdown, self-contained HTML, PDF, JSON, and all the data as CSV.")
    for fmt in render.FORMATS:
        st.download_button(
            fmt.upper(),
            data=lambda fmt=fmt: render.render(summary, fmt),
            file_name=report.file_name(summary, fmt),
            mime=render.MEDIA_TYPES[fmt],
            key=f"download_{fmt}",
            on_click="ignore",
        )
    if owner:
        st.download_button(
            "All data (zip)",
            data=lambda: export.zip_file(store.default_path(), pilot.slug, db.actor),
            file_name=f"{pilot.slug}-export.zip",
            mime="application/zip",
            key="download_zip",
            on_click="ignore",
        )


def weekly_emails(db: Database, pilot: Pilot, summary: Summary, small: bool) -> None:
    """The owner's emails of the summary's week: the digest for the executives, and the small
    successes for the sponsor to forward. Each is composed and shown (recipients, subject, text)
    before the button that sends it. An email is what a viewer may see: small groups merged."""
    if not summary.pilot_week:
        return
    if small:  # the owner's own view includes small groups; the emails never do
        summary = ui.cached(report.summary_of, db, pilot.slug, summary.week, ui.results(db, pilot), False)
    st.subheader("Weekly emails")
    smtp = smtp_settings()
    sender = smtp.sender if smtp else mailer.NO_REPLY
    left, right = st.columns(2)
    with left:
        st.markdown("**Send digest**: the week, its figures and goals, wins and risks, the PDF attached.")
        to = st.text_input("To (emails, separated by commas)", key="digest_to")
        anyway = st.checkbox("Send even if the week's tool report is missing", key="digest_anyway")
        made = (summary.pilot_week, to, anyway)
        if st.button("Preview the digest", key="digest_preview"):
            compose(
                "digest", made, lambda: digest.digest_message(summary, mailer.recipients(to), sender, anyway)
            )
        send_preview("digest", made, smtp, "Send digest")
    with right:
        st.markdown("**Celebrate**: the week's small successes, to the sponsor, to forward to the group.")
        if st.button("Compose the small successes", key="celebrate_preview"):
            compose(
                "celebrate",
                summary.pilot_week,
                lambda: digest.celebration(summary, pilot.sponsor_email, sender),
            )
        send_preview("celebrate", summary.pilot_week, smtp, "Send to the sponsor")


def smtp_settings() -> mailer.Smtp | None:
    """The [smtp] settings; without them, previews still work and sending says what is missing."""
    try:
        return mailer.smtp_settings()
    except PilotError as e:
        st.caption(f"Sending is off: {escape(str(e))}")
        return None


def compose(name: str, made: object, build: Callable[[], EmailMessage]) -> None:
    """Compose a message and keep it, with what it was made from, for its preview and send button."""
    st.session_state.pop(name, None)
    message = ui.checked(build)
    if message is not None:
        st.session_state[name] = (made, message)


def send_preview(name: str, made: object, smtp: mailer.Smtp | None, label: str) -> None:
    """The composed message (while its inputs are unchanged) and the button that sends it."""
    kept = st.session_state.get(name)
    if kept is None or kept[0] != made:
        return
    to, subject, body = digest.preview(kept[1])
    st.text(f"To: {to}\nSubject: {subject}")
    with st.expander("Preview", expanded=True):
        st.text(body)
    if smtp is not None and st.button(label, key=f"{name}_send"):
        ui.attempt(lambda: sent(name, kept[1], smtp), f"Sent to {to}: {subject}")


def sent(name: str, message: EmailMessage, smtp: mailer.Smtp) -> None:
    mailer.send(message, smtp)
    st.session_state.pop(name, None)


def owners_decision(db: Database, pilot: Pilot, summary: Summary) -> None:
    """The owner's own decision, recorded beside the computed one, and the decisions so far."""
    st.subheader("Owner's decision")
    st.caption("Record your own decision beside the computed one; the summary then shows both.")
    decisions_so_far(db, pilot)
    shown = summary.decision.recommendation
    if st.session_state.get(OVERRIDE_SHOWN) != shown:  # start on the verdict shown, on any week
        st.session_state["override_decision"] = shown if shown in DECISIONS else None
        st.session_state[OVERRIDE_SHOWN] = shown
    with st.form("override", clear_on_submit=True):
        # Starts on the verdict shown: recording it unchanged is not an accidental override. Too early
        # to recommend is no decision, so the owner then picks their own.
        choice = st.selectbox(
            "Decision", DECISIONS, key="override_decision", placeholder="Choose your decision"
        )
        reason = st.text_area("Reason", key="override_reason")
        st.caption(f"Recorded as {escape(db.actor.label)}, role: {ui.role(db, pilot)}")
        if st.form_submit_button("Record decision", key="override_submit"):
            ui.attempt(lambda: record_override(db, pilot, choice or "", reason))


def decisions_so_far(db: Database, pilot: Pilot) -> None:
    history = decision.overrides_frame(db, pilot.id)
    if len(history):
        with st.expander(f"Decisions recorded ({len(history)})"):
            ui.grid(history, hide_index=True, key="override_history")


def record_override(db: Database, pilot: Pilot, choice: str, reason: str) -> None:
    decision.record_override(db, pilot.id, choice, reason)
    st.session_state[OVERRIDE_SAVED] = True
    st.session_state.pop(OVERRIDE_SHOWN, None)  # the cleared form starts on the verdict again


main()
