"""Go / no-go: the recommendation with its rule and evidence, the owner's override, and every export."""

import streamlit as st

import ui
from pilot import export, retention, store
from pilot.core.catalog import DECISIONS
from pilot.core.format import day, tick
from pilot.core.text import escape
from pilot.report import render, text
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
    small = small_groups_choice(db, pilot)
    latest = ui.checked(lambda: latest_summary(db, pilot, small))
    if latest is None:
        return
    summary = as_of_week(db, pilot, latest, small)
    verdict, files = st.columns([3, 1])
    with verdict:
        recommendation(summary)
    with files:
        downloads(pilot, summary)
    evidence(summary)
    owners_decision(db, pilot, summary)


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
    """Summaries travel: small departments are merged into Other unless the owner asks otherwise.
    (Shown to owners only once sign-in roles land; until then everyone is an owner.)"""
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
    if summary.override:
        head, reason = text.override(summary)
        st.info(f"**{escape(head)}**\n\n{escape(reason)}")
    if st.session_state.pop(OVERRIDE_SAVED, False):
        st.toast("Owner's decision recorded")
    ui.risks(summary)


def evidence(summary: Summary) -> None:
    """Goals, charts, stories and concerns, the group, the checklist and the budget."""
    st.subheader("Goals")
    if summary.goals:
        st.dataframe(text.frame(text.goal_table(summary)), hide_index=True, key="goal_table")
    else:
        st.info(
            "No goal status yet: import usage data first, and give the pilot goals on the **Pilot** page."
        )
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
            st.dataframe(text.frame(table), hide_index=True, key=f"group_{i}")
    with right:
        st.markdown("**Throw-away checklist**")
        for done, label, note in text.checklist(summary):
            st.markdown(f"{tick(done)}: " + escape(label + (f": {note}" if note else "")))
        st.markdown("**Budget**")
        st.markdown(escape(text.budget_text(summary)))
        for line in text.business_text(summary):
            st.markdown(escape(line))


def downloads(pilot: Pilot, summary: Summary) -> None:
    """Beside the verdict: the summary in every format, and all the data as a zip; each built on click."""
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
    st.download_button(
        "All data (zip)",
        data=lambda: export.zip_file(store.default_path(), pilot.slug),
        file_name=f"{pilot.slug}-export.zip",
        mime="application/zip",
        key="download_zip",
        on_click="ignore",
    )


def owners_decision(db: Database, pilot: Pilot, summary: Summary) -> None:
    """The owner's own decision, recorded beside the computed one, and the decisions so far."""
    st.subheader("Owner's decision")
    st.caption("Record your own decision beside the computed one; the summary then shows both.")
    history = decision.overrides_frame(db, pilot.id)
    if len(history):
        with st.expander(f"Decisions recorded ({len(history)})"):
            st.dataframe(history, hide_index=True, key="override_history")
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
        by = st.text_input("Decided by", key="override_by")
        if st.form_submit_button("Record decision", key="override_submit"):
            ui.attempt(lambda: record_override(db, pilot, choice or "", reason, by))


def record_override(db: Database, pilot: Pilot, choice: str, reason: str, by: str) -> None:
    decision.record_override(db, pilot.id, choice, reason, by)
    st.session_state[OVERRIDE_SAVED] = True
    st.session_state.pop(OVERRIDE_SHOWN, None)  # the cleared form starts on the verdict again


main()
