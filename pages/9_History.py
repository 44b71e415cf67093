"""History: every change to the pilot, who made it and when (owners only: it names people)."""

import datetime as dt

import streamlit as st

import ui
from pilot.results import history


def main() -> None:
    db, pilot = ui.page_setup("History", icon="🕓")
    st.caption(
        "Every change is recorded in the same transaction as the change itself: who, when (UTC), what, "
        "and the fields before and after. Participants appear by their id only."
    )
    trail = history.audit_trail(db, pilot.id)
    if trail.empty:
        st.info("Nothing changed yet.")
        return
    what, who, since, until = st.columns(4)
    entity = what.selectbox("What", ["everything", *sorted(trail["entity"].unique())], key="history_entity")
    person = who.selectbox("Who", ["everyone", *sorted(trail["who"].unique())], key="history_who")
    start = since.date_input("From", dt.date.fromisoformat(trail["at"].iloc[0][:10]), key="history_from")
    end = until.date_input("Until", dt.datetime.now(dt.UTC).date(), key="history_until")
    shown = history.audit_trail(
        db, pilot.id, None if entity == "everything" else entity, None if person == "everyone" else person,
        start, end,
    )
    st.caption(f"{len(shown)} of {len(trail)} changes")
    ui.grid(history.for_display(shown), hide_index=True, key="history_table")  # cells stay plain text


main()
