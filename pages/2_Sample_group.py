"""The sample group: who takes part, checked for a spread across departments, edited or uploaded."""

import streamlit as st

import ui
from pilot.core.catalog import AUDIENCES
from pilot.core.errors import PilotError
from pilot.core.text import escape  # user text never becomes Markdown
from pilot.results import charts
from pilot.setup import participants, roster

db, pilot = ui.page_setup("Sample group", icon="👥")

group = participants.list_participants(db, pilot.id)
checks = participants.group_checks(pilot, group)

size, departments, champions = st.columns(3)
size.metric("Participants", len(group), border=True)
departments.metric("Departments", group["department"].nunique(), border=True)
champions.metric("Champions", int(group["champion"].sum()), border=True)
for warning in checks:
    st.warning(escape(warning), icon="⚠️")
if not checks:
    st.success("The group spans departments, holds the sponsor and has champions.", icon="✅")

if not group.empty:
    st.altair_chart(charts.group_makeup(participants.makeup(group)), width="stretch")

tab_table, tab_upload = st.tabs(["✏️ Participants", "📤 Upload a CSV"])
with tab_table:
    st.caption(
        "Edit cells, add rows at the bottom, or select rows and delete them; then save. "
        "Tick one sponsor. Dates are like 2026-09-07 (blank: the whole pilot)."
    )
    edited = st.data_editor(
        group,
        key="group_editor",
        num_rows="dynamic",
        placeholder="",
        hide_index=True,
        column_order=["name", "email", "department", "audience", "champion", "sponsor", "joined", "left"],
        column_config={
            "name": st.column_config.TextColumn("Name", required=True),
            "email": st.column_config.TextColumn("Email", required=True),
            "department": st.column_config.TextColumn("Department", required=True),
            "audience": st.column_config.SelectboxColumn("Audience", options=AUDIENCES, required=True),
            "champion": st.column_config.CheckboxColumn("Champion", default=False),
            "sponsor": st.column_config.CheckboxColumn("Sponsor", default=False),
            "joined": st.column_config.TextColumn("Joined"),
            "left": st.column_config.TextColumn("Left"),
        },
    )
    if st.button("Save the sample group", key="save_group", type="primary"):
        try:
            added, updated, removed = participants.save_participants(db, pilot, edited)
            ui.flash(f"Saved: {added} added, {updated} updated, {removed} removed")
        except PilotError as e:
            ui.show_error(e)
with tab_upload:
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
    upload = st.file_uploader("Participants CSV", type=["csv"], key="upload")
    if upload is not None:
        data = upload.getvalue()
        try:
            preview = participants.preview_csv(db, pilot, data)
        except PilotError as e:
            ui.show_error(e)
            st.stop()
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
                st.dataframe(rows, hide_index=True)
        if not preview.ok:
            ui.show_error(
                PilotError("Nothing is stored until every row is right: fix the file and upload it again.")
            )
            for problem in preview.group_problems:
                st.error(escape(problem))
        if st.button("Confirm the import", key="confirm_import", disabled=not preview.ok, type="primary"):
            try:
                added, updated = participants.import_csv(db, pilot, data)
                ui.flash(f"Imported {upload.name}: {added} added, {updated} updated")
            except PilotError as e:
                ui.show_error(e)
