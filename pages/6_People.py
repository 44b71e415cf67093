"""People: whom to help one-on-one, and who carries the pilot (champions, top contributors)."""

import pandas as pd
import streamlit as st

import ui
from pilot.results import people
from pilot.setup.pilots import Pilot
from pilot.store import Database

PEOPLE_COLUMNS = ["name", "department", "audience", "posts", "last_week_posts", "active_weeks"]
TOP_COLUMNS = ["name", "department", "posts", "last_week_posts"]
LABELS = {
    "name": "Name",
    "department": "Department",
    "audience": "Audience",
    "email": "Email",
    "reason": "Why",
    "last_active": "Last active (week)",
    "posts": "Posts (pilot)",
    "last_week_posts": "Posts (last week)",
    "active_weeks": "Weeks active",
}


def main() -> None:
    db, pilot = ui.page_setup("People", icon="🤝")
    needing_help(db, pilot)
    everyone = ui.cached(people.contributors, db, pilot.id)
    top_contributors(everyone)
    champions(everyone)


def needing_help(db: Database, pilot: Pilot) -> None:
    """Candidates for a one-on-one: never active on the tool, or inactive lately."""
    st.subheader("Who needs help")
    helped = ui.cached(people.needing_help, db, pilot.id)
    if helped.empty:
        st.info(
            "Nobody to follow up: everyone has been active in the last two weeks, or no tool usage is in yet."
        )
        return
    st.caption(
        f"{len(helped)} participants never active on the tool, or inactive for the last two weeks "
        "with data: candidates for a one-on-one."
    )
    st.dataframe(
        helped,
        hide_index=True,
        column_order=["name", "department", "audience", "reason", "last_active", "email"],
        column_config=LABELS,
    )


def top_contributors(everyone: pd.DataFrame) -> None:
    """Who posts most, over the pilot and last week."""
    left, right = st.columns(2)
    with left:
        st.subheader("Top contributors over the pilot")
        st.dataframe(
            people.top_contributors(everyone), hide_index=True, column_order=TOP_COLUMNS, column_config=LABELS
        )
    with right:
        st.subheader("Top contributors last week")
        st.dataframe(
            people.top_contributors(everyone, by="last_week_posts"),
            hide_index=True,
            column_order=TOP_COLUMNS,
            column_config=LABELS,
        )


def champions(everyone: pd.DataFrame) -> None:
    st.subheader("Champions")
    chosen = people.champions(everyone)
    if chosen.empty:
        st.info("No champions yet: tick key users as champions on the Sample group page.")
    else:
        st.dataframe(chosen, hide_index=True, column_order=PEOPLE_COLUMNS, column_config=LABELS)


main()
