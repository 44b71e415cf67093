"""The sample group: who takes part, checked for a spread across departments, edited or uploaded."""

import pandas as pd
import streamlit as st

import ui
from pilot.core.catalog import AUDIENCES
from pilot.core.errors import PilotError
from pilot.core.text import escape  # user text never becomes Markdown
from pilot.results import charts
from pilot.setup import participants, roster
from pilot.setup.pilots import Pilot
from pilot.store import Database

# No column is `required`: the editor holds back a new row with an empty required cell, so the
# page never saw it and said "Saved: 0 added". Every typed row reaches save_participants, which
# names each problem and stores nothing until all are fixed.
COLUMNS = {
    "name": st.column_config.TextColumn("Name"),
    "email": st.column_config.TextColumn("Email"),
    "department": st.column_config.TextColumn("Department"),
    "audience": st.column_config.SelectboxColumn("Audience", options=AUDIENCES),
    "champion": st.column_config.CheckboxColumn("Champion", default=False),
    "sponsor": st.column_config.CheckboxColumn("Sponsor", default=False),
    "joined": st.column_config.TextColumn("Joined"),
    "left": st.column_config.TextColumn("Left"),
}


def main() -> None:
    db, pilot = ui.page_setup("Sample group", icon="👥")
    group = participants.list_participants(db, pilot.id)
    makeup(pilot, group)
    tab_table, tab_upload = st.tabs(["✏️ Participants", "📤 Upload a CSV"])
    with tab_table:
        editor(db, pilot, group)
    with tab_upload:
        upload(db, pilot)


def makeup(pilot: Pilot, group: pd.DataFrame) -> None:
    """Counts, the checks on the group's spread, and its make-up chart."""
    checks = participants.group_checks(pilot, group)
    size, departments, champions = st.columns(3)
    ui.box(size, "Participants", len(group))
    ui.box(departments, "Departments", group["department"].nunique())
    ui.box(champions, "Champions", int(group["champion"].sum()))
    for warning in checks:
        st.warning(escape(warning), icon="⚠️")
    if not checks:
        st.success("The group spans departments, holds the sponsor and has champions.", icon="✅")
    if not group.empty:
        ui.chart(st, charts.group_makeup(participants.makeup(group)), width="stretch")


def editor(db: Database, pilot: Pilot, group: pd.DataFrame) -> None:
    """The group as an editable table, saved in one go."""
    st.caption(
        "Edit cells, add rows at the bottom, or select rows and delete them; then save. "
        "Tick one sponsor. Dates are like 2026-09-07 (blank: the whole pilot)."
    )
    seen = ui.opened(db, pilot, "participants")
    edited = st.data_editor(
        group,
        key="group_editor",
        num_rows="dynamic",
        placeholder="",
        hide_index=True,
        column_order=list(COLUMNS),
        column_config=COLUMNS,
    )
    if st.button("Save the sample group", key="save_group", type="primary"):
        ui.attempt(
            lambda: participants.save_participants(db, pilot, edited, seen),
            lambda counts: "Saved: {} added, {} updated, {} removed".format(*counts),
        )


def upload(db: Database, pilot: Pilot) -> None:
    """A participants CSV: the template, a preview of what would change, then the import."""
    st.caption(
        "Columns name, email, department, audience, sponsor, champion (optional joined, left), UTF-8. "
        "Existing participants (same email) are updated; nobody is removed."
    )
    st.download_button(
        "Download the CSV template",
        roster.template_csv(),
        file_name="participants.csv",
        mime="text/csv",
        key="template",
    )
    file = st.file_uploader("Participants CSV", type=["csv"], key="upload")
    if file is None:
        return
    data = file.getvalue()
    preview = ui.checked(lambda: participants.preview_csv(db, pilot, data))
    if preview is None:
        return
    st.write(
        f"**{len(preview.add)}** to add, **{len(preview.update)}** to update, "
        f"**{preview.unchanged}** unchanged, **{len(preview.rejected)}** rejected."
    )
    for title, rows in (
        ("To add", preview.add),
        ("To update", preview.update),
        ("Rejected", preview.rejected),
    ):
        if not rows.empty:
            st.markdown(f"**{title}**")
            ui.grid(rows, hide_index=True)
    if not preview.ok:
        ui.show_error(
            PilotError("Nothing is stored until every row is right: fix the file and upload it again.")
        )
        for problem in preview.group_problems:
            st.error(escape(problem))
    if st.button("Confirm the import", key="confirm_import", disabled=not preview.ok, type="primary"):
        ui.attempt(
            lambda: participants.import_csv(db, pilot, data),
            lambda counts: "Imported {}: {} added, {} updated".format(file.name, *counts),
        )


main()
