"""Usage: upload the week's admin exports (preview, then confirm), the import history with undo,
and forms for usage entered by hand, the group-level count of the replaced channel and manual KPIs.

File names and emails are shown as plain text or in tables, never as Markdown.
"""

import datetime as dt

import streamlit as st

import ui
from pilot.core.catalog import CHANNELS
from pilot.core.format import day, stamp
from pilot.core.text import escape
from pilot.core.weeks import monday
from pilot.intake import calendar, entries, howto, importers, kpis, usage
from pilot.intake.history import redo_import, redoable, undo_import, undoable
from pilot.setup import participants
from pilot.setup.pilots import Pilot
from pilot.store import Database

UPLOADS = "usage_upload_count"
CHANNEL_WORDS = {"tool": "Tool on trial", "replaced": "Replaced channel"}
LABELS = {  # the tables' headers in words (columns a table lacks are ignored)
    "id": "Import",
    "kind": "Kind",
    "file_name": "File",
    "format": "Format",
    "week": "Week",
    "channel": "Channel",
    "rows_read": "Rows read",
    "rows_matched": "Matched",
    "rows_dropped": "Dropped",
    "missing": "Missing",
    "imported_at": "Imported at",
    "imported_by": "Imported by",
    "undone_at": "Undone at",
    "name": "Name",
    "email": "Email",
    "posts": "Posts",
    "reads": "Reads",
}


def main() -> None:
    db, pilot = ui.page_setup("Usage", icon="📥")
    import_calendar(db, pilot)
    upload_tab, history_tab, manual_tab = st.tabs(["Upload a report", "Import history", "Enter by hand"])
    with upload_tab:
        upload(db, pilot)
    with history_tab:
        history(db, pilot)
    with manual_tab:
        one_week(db, pilot)
        group_count(db, pilot)
        manual_kpis(db, pilot)


def import_calendar(db: Database, pilot: Pilot) -> None:
    """Which weeks' exports are in, by hand, missing or not due yet: opened when some are missing."""
    names = calendar.channel_names(pilot)
    weeks = calendar.import_calendar(db, pilot, dt.date.today())
    reminder = calendar.reminder(weeks, names)
    if reminder:
        st.warning(escape(reminder))
    with st.expander("📅 Import calendar: each pilot week's exports", expanded=reminder is not None):
        st.caption(
            "A week's export is due from the Tuesday after it ends (Microsoft 365 data lags about 48 hours)."
        )
        ui.table(calendar.for_display(weeks, names), hide_index=True)


def how_to_export(pilot: Pilot) -> None:
    """The steps to get one week's export, for the format the owner picks (first: the tool's)."""
    with st.expander("❓ How to get each export"):
        formats = list(howto.LABELS)
        key = st.selectbox(
            "Format",
            formats,
            index=formats.index(howto.format_for(pilot.tool_name)),
            format_func=howto.LABELS.get,
            key="usage_howto_format",
        )
        st.markdown("\n".join(f"{n}. {escape(step)}" for n, step in enumerate(howto.export_steps(key), 1)))


def this_week(pilot: Pilot) -> dt.date:
    """The Monday the forms start on: this week, within the pilot's dates."""
    return monday(min(max(dt.date.today(), pilot.start), pilot.end))


def channel_labels(pilot: Pilot) -> dict[str, str]:
    """Radio options render as Markdown: the tool's and channel's names are escaped."""
    return {
        "tool": f"{CHANNEL_WORDS['tool']} ({escape(pilot.tool_name)})",
        "replaced": f"{CHANNEL_WORDS['replaced']} ({escape(pilot.replaced_name)})",
    }


def upload(db: Database, pilot: Pilot) -> None:
    """A weekly admin export: read, previewed, and stored only on confirm."""
    st.caption(
        "Each week, export the 7-day user detail report of the tool and of the replaced channel "
        "(Microsoft 365: Teams, Viva Engage or Email activity; Slack member analytics) or fill the "
        "generic template. Microsoft 365 reports lag by about 48 hours: export on Tuesday for the "
        "week that ended on Sunday. Nothing is stored until you confirm."
    )
    how_to_export(pilot)
    key = f"usage_upload_{st.session_state.get(UPLOADS, 0)}"  # a new uploader, empty, after each import
    file = st.file_uploader("Weekly admin export (CSV)", key=key)
    if file is None:
        return
    preview = ui.checked(lambda: read_and_preview(db, pilot, file.getvalue(), file.name))
    if preview is None:
        return
    show_preview(pilot, preview)
    allow_empty = False
    if preview.nobody_found:  # storing it would blank the week: a second, explicit confirmation
        st.warning(f"{escape(preview.nobody_found)} Storing it makes the week empty for the whole group.")
        allow_empty = st.checkbox("Store it anyway: nobody of the group was active", key="usage_allow_empty")
    if st.button("Confirm and store", type="primary", key="usage_confirm"):
        ui.attempt(lambda: store(db, preview, allow_empty), f"Stored: {preview.summary(day)}")


def store(db: Database, preview: usage.ImportPreview, allow_empty: bool) -> None:
    """Store the previewed import, then offer an empty uploader for the next file."""
    usage.store_import(db, preview, allow_empty=allow_empty)
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1


def read_and_preview(db: Database, pilot: Pilot, data: bytes, name: str) -> usage.ImportPreview:
    """Read the report; a single-week report asks for its week and channel, then the preview."""
    report = importers.read_report(data, name)
    week = channel = None
    if not report.multi_week:
        left, right = st.columns(2)
        week = left.date_input(
            "Week (any day of it; stored as its Monday)",
            value=report.week or this_week(pilot),
            key=f"usage_week_{name}",
            help=f"From the report: {escape(report.week_source)}" if report.week_source else None,
        )
        channel = right.radio(
            "Channel",
            CHANNELS,
            index=CHANNELS.index(usage.default_channel(pilot, report.format)),
            format_func=channel_labels(pilot).get,
            horizontal=True,
            key=f"usage_channel_{name}",
        )
    return usage.preview_import(db, pilot, report, week, channel)


def show_preview(pilot: Pilot, preview: usage.ImportPreview) -> None:
    """What the import would store: counts, baseline flag, missing participants, matched rows."""
    tiles = st.columns(4)
    ui.box(tiles[0], "Rows read", preview.rows_read)
    ui.box(tiles[1], "Matched to the group", preview.rows_matched)
    ui.box(tiles[2], "Dropped (not in the group)", preview.rows_dropped)
    ui.box(tiles[3], "Participants missing", len(preview.missing))
    st.text(f"Format: {preview.report.format.label}. Week: {', '.join(map(day, preview.weeks))}.")
    st.text(f"Into the pilot: {pilot.name} (the pilot picked in the sidebar).")
    if preview.baseline_weeks:
        st.info(
            f"Baseline: {', '.join(map(day, preview.baseline_weeks))} is before the pilot's start "
            f"({day(pilot.start)}). " + calendar.BASELINE_MEANING
        )
    if not preview.replaces.empty:
        st.warning("Confirming replaces what these imports stored for the same week and channel:")
        ui.grid(preview.replaces, hide_index=True, column_config=LABELS)
    if preview.missing:
        with st.expander(f"Participants missing from the report ({len(preview.missing)})"):
            ui.grid({"email": preview.missing}, hide_index=True, column_config=LABELS)
    ui.grid(preview.rows.drop(columns="participant_id"), hide_index=True, column_config=LABELS)


def history(db: Database, pilot: Pilot) -> None:
    """Every import, an Undo for each one undo accepts now, and a Redo for each undone one redo accepts."""
    imports = ui.cached(usage.list_imports, db, pilot.id)
    if imports.empty:
        st.info("No usage imported yet.")
        return
    ui.grid(imports, hide_index=True, column_config=LABELS)
    st.caption(
        "Undo takes an import's rows out and puts back what it replaced; undo later imports first. "
        "Redo brings an undone import's rows back: nothing undone is lost."
    )
    live = undoable(imports)
    with st.expander(f"↩️ Undo an import ({len(live)} can be undone)"):  # a season holds dozens
        offer(db, live, "Undo", undo_import, lambda row: f"{row.rows_matched} matched")
    undone = redoable(imports)
    if not undone.empty:
        with st.expander(f"↪️ Redo an undone import ({len(undone)} can be redone)"):
            offer(db, undone, "Redo", redo_import, lambda row: f"undone {stamp(row.undone_at)}")


def offer(db: Database, rows, verb: str, act, note) -> None:
    """One line and one button per import that `act` (undo or redo) would accept now."""
    for row in rows.itertuples():
        text, button = st.columns([6, 1])
        name = row.file_name or row.format
        text.text(f"#{row.id} · {day(row.week)} · {row.channel} · {name} · {note(row)}")
        if button.button(verb, key=f"usage_{verb.lower()}_{row.id}"):
            ui.attempt(lambda row=row: act(db, int(row.id)), f"Import #{row.id} {verb.lower()}ne.")


def one_week(db: Database, pilot: Pilot) -> None:
    """One participant's week, entered by hand."""
    group = ui.cached(participants.list_participants, db, pilot.id)
    names = participants.labels(group)
    with st.form("usage_manual", clear_on_submit=False):
        st.subheader("One participant's week")
        left, right = st.columns(2)
        email = left.selectbox("Participant", list(names), format_func=names.get, key="usage_manual_who")
        when = left.date_input("Week (any day of it)", this_week(pilot), key="usage_manual_week")
        channel = left.radio(
            "Channel", CHANNELS, format_func=channel_labels(pilot).get, key="usage_manual_channel"
        )
        posts = right.number_input("Posts (things created)", min_value=0, step=1, key="usage_manual_posts")
        reads = right.number_input(
            "Reads (views, likes, received)", min_value=0, step=1, key="usage_manual_reads"
        )
        if st.form_submit_button("Save the week", key="usage_manual_save"):
            ui.attempt(
                lambda: entries.enter_usage(db, pilot, email or "", when, channel, int(posts), int(reads)),
                f"Saved {email}'s week of {day(monday(when))} ({channel}).",
            )


def group_count(db: Database, pilot: Pilot) -> None:
    """A group-level count of the replaced channel, and the counts entered so far."""
    with st.form("usage_group"):
        st.subheader("Group-level count of the replaced channel")
        st.caption("For a replaced channel with no per-person report, e.g. all-staff emails sent this week.")
        left, right = st.columns(2)
        when = left.date_input("Week (any day of it)", this_week(pilot), key="usage_group_week")
        count = right.number_input("Count this week", min_value=0, step=1, key="usage_group_count")
        if st.form_submit_button("Save the count", key="usage_group_save"):
            ui.attempt(
                lambda: entries.enter_group_count(db, pilot, when, int(count)),
                f"Saved the group-level count for the week of {day(monday(when))}.",
            )
    counts = ui.cached(entries.group_counts, db, pilot.id)
    if not counts.empty:
        ui.grid(counts, hide_index=True)


def manual_kpis(db: Database, pilot: Pilot) -> None:
    """This week's value of each manual KPI the goals name."""
    kpi_names = kpis.manual_kpi_names(db, pilot.id)
    if not kpi_names:
        st.caption("Manual KPIs appear here once the pilot has a goal whose metric is manual:NAME.")
        return
    with st.form("usage_kpi"):
        st.subheader("Manual KPI")
        left, right = st.columns(2)
        kpi = left.selectbox("KPI", kpi_names, key="usage_kpi_name")
        when = left.date_input("Week (any day of it)", this_week(pilot), key="usage_kpi_week")
        value = right.number_input("Value this week", value=0.0, key="usage_kpi_value")
        if st.form_submit_button("Save the value", key="usage_kpi_save"):
            ui.attempt(
                lambda: kpis.save_kpi(db, pilot, kpi, when, float(value)),
                f"Saved {kpi} for the week of {day(monday(when))}.",
            )
    ui.grid(ui.cached(kpis.kpi_frame, db, pilot.id), hide_index=True)


main()
