"""People: whom to help one-on-one, and who carries the pilot (champions, top contributors)."""

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from pilot import privacy, retention
from pilot.core.format import day
from pilot.core.text import escape
from pilot.playbook import follow_ups
from pilot.results import people
from pilot.setup import participants
from pilot.setup.pilots import RETENTION_DAYS, Pilot
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
    view = ui.cached(people.people_view, db, pilot.id)  # one read of the pilot for the whole page
    needing_help(view.needing_help)
    one_on_ones(db, pilot, view.follow_ups)
    top_contributors(view.contributors)
    champions(view.contributors)
    personal_data(db, pilot)


def needing_help(helped: pd.DataFrame) -> None:
    """Candidates for a one-on-one: never active on the tool, or inactive lately."""
    st.subheader("Who needs help")
    if helped.empty:
        st.info(
            "Nobody to follow up: everyone has been active in the last two weeks, or no tool usage is in yet."
        )
        return
    st.caption(
        f"{len(helped)} participants never active on the tool, or inactive for the last two weeks "
        "with data: candidates for a one-on-one."
    )
    ui.grid(
        helped,
        hide_index=True,
        column_order=["name", "department", "audience", "reason", "last_active", "email"],
        column_config=LABELS,
    )


def one_on_ones(db: Database, pilot: Pilot, done: pd.DataFrame) -> None:
    """Record a one-on-one, and see whether the person was active after it."""
    st.subheader("One-on-ones")
    if done.empty:
        st.caption("No one-on-one recorded yet: sit down with someone who is stuck, then record it here.")
    else:
        shown = done.assign(
            after=done["active_after"].map({True: "yes", False: "no"}).fillna("too soon to tell")
        )
        ui.grid(
            shown,
            hide_index=True,
            column_order=["date", "name", "department", "note", "after"],
            column_config={
                "date": "Date",
                "name": "With",
                "department": "Department",
                "note": st.column_config.TextColumn("Note", width="large"),
                "after": "Active in the 2 weeks after",
            },
        )
        stuck = done[done["still_inactive"]].drop_duplicates("participant_id")
        if not stuck.empty:
            st.warning(
                f"Followed up and still inactive 3 weeks later ({len(stuck)}): "
                + escape(", ".join(stuck["name"]))
                + ". Try another way: a champion from their team, or a task they must do in the tool."
            )
    group = participants.list_participants(db, pilot.id)
    labels = participants.labels(group, by="id")
    with st.expander("Record a one-on-one"), st.form("one_on_one", clear_on_submit=True):
        person = st.selectbox("With", list(labels), format_func=labels.get)
        day = st.date_input("Date", value=min(dt.date.today(), pilot.end), format="YYYY-MM-DD")
        note = st.text_area(
            "Note", max_chars=follow_ups.MAX_NOTE, placeholder="What was in the way, what we agreed"
        )
        if st.form_submit_button("Record"):
            follow_up = follow_ups.FollowUp(person, day.isoformat(), note)
            ui.attempt(
                lambda: follow_ups.record_follow_up(db, pilot, follow_up),
                f"One-on-one with {labels.get(person, 'the participant')} recorded",
            )


def top_contributors(everyone: pd.DataFrame) -> None:
    """Who posts most, over the pilot and last week."""
    left, right = st.columns(2)
    with left:
        st.subheader("Top contributors over the pilot")
        ui.grid(
            people.top_contributors(everyone), hide_index=True, column_order=TOP_COLUMNS, column_config=LABELS
        )
    with right:
        st.subheader("Top contributors last week")
        ui.grid(
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
        ui.grid(chosen, hide_index=True, column_order=PEOPLE_COLUMNS, column_config=LABELS)


def personal_data(db: Database, pilot: Pilot) -> None:
    """Erase a participant on request (typed confirmation), and the retention prompt once due."""
    st.subheader("Personal data")
    if pilot.purged_at:
        st.info(
            f"This pilot's personal data was removed on {day(pilot.purged_at)}; its figures were kept "
            "(the summary kept then is on the Go / no-go page)."
        )
        return
    st.caption(f"Personal data is kept until {day(pilot.keep_until)} ({kept_why(pilot)}).")
    if pilot.keep_until < dt.date.today():
        st.warning(f"The pilot's personal data was due for removal on {day(pilot.keep_until)}.")
        typed = st.text_input("Type PURGE to remove names, emails and per-person rows", key="people_purge")
        label = "Remove personal data, keep the figures"
        if st.button(label, disabled=typed != "PURGE", key="people_purge_go"):
            ui.attempt(lambda: retention.purge(db, pilot), lambda n: f"{n} participants removed.")
    group = ui.cached(participants.list_participants, db, pilot.id)
    with st.expander("🗑️ Erase a participant on request"):
        st.caption(
            "Removes them and every row about them (usage, training, follow-ups); their stories stay "
            "as 'a participant in DEPARTMENT'. The weekly figures may change. This cannot be undone."
        )
        emails = list(group["email"])
        email = st.selectbox("Participant", emails, index=None, key="people_erase_who")
        typed = st.text_input("Type their email to confirm", key="people_erase_confirm")
        if st.button("Erase for good", type="primary", disabled=not (email and typed), key="people_erase_go"):
            ui.attempt(lambda: privacy.erase_participant(db, pilot, email, typed), erased)


def kept_why(pilot: Pilot) -> str:
    """Where the date comes from: one set for this pilot (Pilot page or definition), or the default."""
    if pilot.personal_data_until:
        return "set for this pilot"
    return f"default: {RETENTION_DAYS} days after the end"


def erased(done: privacy.Erasure) -> str:
    """What the owner is told: counts, and the free texts that may still name the person."""
    text = f"Erased: {done.rows_deleted} rows deleted, {done.texts_changed} texts made anonymous."
    if done.still_mentioned:
        text += " Read these, they may still name them: " + "; ".join(done.still_mentioned)
    return text


main()
