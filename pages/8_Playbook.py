"""Playbook: what the owner does to make adoption happen (training, prompts, follow-ups), and
what followed. Observations beside the numbers, not proofs."""

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from pilot.core.catalog import AUDIENCES, BADGES, TRAINING_KINDS
from pilot.core.format import day
from pilot.playbook import prompts, recognition, survey, training
from pilot.results import after_training, celebrate, playbook_charts
from pilot.results.playbook_view import PlaybookView, playbook_view
from pilot.setup import participants
from pilot.setup.pilots import Pilot
from pilot.store import Database

CHART_HEIGHT = 320
OBSERVATION = (
    "An observation, not a proof: people who come to a session may be keen anyway, so each session "
    "is set beside the participants not yet trained over the same weeks (2 weeks before and after the "
    f"session's week). Under {after_training.FEW} people, counts instead of rates: the chart leaves "
    f"out such a group, and a session with fewer than {after_training.FEW} attendees."
)


def main() -> None:
    db, pilot = ui.page_setup("Playbook", icon="🧭")
    view = ui.cached(playbook_view, db, pilot.id, pilot.small_group)
    group = participants.list_participants(db, pilot.id)
    tabs = st.tabs(["Engagement", "Training", "Prompts", "Pulse", "Recognition"])
    engagement_tab, training_tab, prompts_tab, pulse_tab, recognition_tab = tabs
    with engagement_tab:
        engagement_section(view)
    with training_tab:
        training_section(db, pilot, view, group)
    with prompts_tab:
        prompts_section(db, pilot, view, group)
    with pulse_tab:
        pulse_section(db, pilot, view)
    with recognition_tab:
        recognition_section(db, pilot)


def engagement_section(view: PlaybookView) -> None:
    """Tiers by week, who moved this week, and how few people carry the posts."""
    if view.latest_week is None:
        st.info("No tool usage yet: tiers appear once the first weekly report is imported on the Usage page.")
        return
    ui.chart(st, playbook_charts.tiers_chart(view.tier_counts), width="stretch", height=CHART_HEIGHT)
    st.caption(
        "Each person, each week, in the first tier that fits: regular (posted in 3 of the last 4 weeks), "
        "contributor (posted), reader (read only), inactive."
    )
    latest = view.concentration[-1]
    (st.warning if latest.risky else st.info)(latest.sentence())
    st.subheader(f"Who moved in week {view.latest_week}", anchor=False)
    if view.moves.empty:
        st.caption("Nobody changed tier this week.")
    else:
        ui.grid(
            view.moves,
            hide_index=True,
            column_config={
                "name": "Name",
                "department": "Department",
                "before": "Week before",
                "now": "This week",
                "direction": "Moved",
            },
        )


def training_section(db: Database, pilot: Pilot, view: PlaybookView, group: pd.DataFrame) -> None:
    if view.effects:
        st.text(view.overall.sentence())
        for effect in view.effects:
            st.text(effect.sentence())
        if view.training_shares.empty:  # every session too small, or too recent, for a rate
            st.caption(f"No chart: no session with data after it had {after_training.FEW} attendees or more.")
        else:
            ui.chart(
                st, playbook_charts.training_chart(view.training_shares), width="stretch", height=CHART_HEIGHT
            )
        st.markdown("**Active and posting in the 2 weeks before and after each session**")
        ui.grid(
            after_training.table([view.overall, *view.effects]),
            hide_index=True,
            column_config={
                "session": "Session",
                "group": "Who",
                "people": "People",
                "active before": "Active before",
                "active after": "Active after",
                "posted before": "Posted before",
                "posted after": "Posted after",
            },
        )
        st.caption(OBSERVATION)
    else:
        st.info("No training session yet: record the first one below, or import a training CSV.")
    if not view.sessions.empty:
        ui.grid(
            view.sessions.drop(columns="id"),
            hide_index=True,
            column_config={
                "date": "Date",
                "kind": "Kind",
                "topic": "Topic",
                "host": "Host",
                "attendees": "Attendees",
            },
        )
    with st.expander(f"Not trained yet ({len(view.untrained)})"):
        ui.grid(view.untrained[["name", "department", "audience"]], hide_index=True)
    session_form(db, pilot, group)
    training_upload(db, pilot)


def session_form(db: Database, pilot: Pilot, group: pd.DataFrame) -> None:
    """Record a session: the form empties once it is stored, as every form that adds an entry."""
    labels = participants.labels(group)
    with st.form("session"):
        key = ui.fresh("session")
        st.markdown("**Record a session**")
        left, middle, right = st.columns(3)
        date = left.date_input(
            "Date", value=min(dt.date.today(), pilot.end), format="YYYY-MM-DD", key=f"{key}_date"
        )
        kind = middle.selectbox("Kind", TRAINING_KINDS, key=f"{key}_kind")
        host = right.text_input("Host", max_chars=200, key=f"{key}_host")
        topic = st.text_input("Topic", max_chars=200, key=f"{key}_topic")
        attendees = st.multiselect("Attendees", list(labels), format_func=labels.get, key=f"{key}_attendees")
        if st.form_submit_button("Record the session"):
            session = training.Session(date.isoformat(), kind, topic, host, attendees)
            ui.attempt(
                ui.emptied("session", lambda: training.record_session(db, pilot, session)),
                lambda stored: f"Session recorded: {stored[1]} attendees added",
            )


def training_upload(db: Database, pilot: Pilot) -> None:
    upload = st.file_uploader(
        "Or import a training CSV (date,kind,topic,host,email: one attendee a row)", type="csv"
    )
    if upload is not None and st.button("Import the training file"):
        ui.attempt(
            lambda: training.import_csv(db, pilot, upload.getvalue()),
            lambda done: f"{done[0]} sessions in the file, {done[1]} attendees added",
        )


def prompts_section(db: Database, pilot: Pilot, view: PlaybookView, group: pd.DataFrame) -> None:
    done = view.prompts
    if done.empty:
        st.info("No prompt yet: give people something explicit to try this week, below.")
    else:
        ui.chart(st, playbook_charts.prompts_chart(done), width="stretch", height=CHART_HEIGHT)
        ui.grid(
            view.prompt_table,
            hide_index=True,
            column_config={
                "pilot_week": "Week",
                "text": "Prompt",
                "for_whom": "For",
                "targeted": "People",
                "done": "Completed",
                "rate": st.column_config.TextColumn("Rate", alignment="right"),  # format.rate's text
            },
        )
    prompt_form(db, pilot, group)
    marks_form(db, pilot, group)


def prompt_form(db: Database, pilot: Pilot, group: pd.DataFrame) -> None:
    """Give a prompt: the form empties once it is stored, as every form that adds an entry."""
    with st.form("prompt"):
        key = ui.fresh("prompt")
        st.markdown("**Give a prompt**")
        choice = st.selectbox("From the library", ["(write my own)", *prompts.LIBRARY], key=f"{key}_library")
        own = st.text_input("Or your own prompt", max_chars=prompts.MAX_TEXT, key=f"{key}_own")
        left, middle, right = st.columns(3)
        week = left.selectbox(
            "Week",
            pilot.weeks,
            format_func=lambda d: f"Week {pilot.weeks.index(d) + 1} ({day(d)})",
            key=f"{key}_week",
        )
        whom = middle.selectbox(
            "For",
            ["everyone", *(f"audience: {a}" for a in AUDIENCES), *sorted(set(group["department"]))],
            key=f"{key}_for",
        )
        from_data = right.checkbox("Completed by posting that week", value=True, key=f"{key}_from_data")
        if st.form_submit_button("Give the prompt"):
            audience = whom.removeprefix("audience: ") if whom.startswith("audience: ") else ""
            department = "" if whom == "everyone" or audience else whom
            text = own or ("" if choice == "(write my own)" else choice)
            prompt = prompts.Prompt(week.isoformat(), text, audience, department, from_data)
            ui.attempt(ui.emptied("prompt", lambda: prompts.assign_prompt(db, pilot, prompt)), "Prompt given")


def marks_form(db: Database, pilot: Pilot, group: pd.DataFrame) -> None:
    """The owner's marks for the prompts that are not read from the data."""
    marked = prompts.list_prompts(db, pilot.id)
    marked = marked[~marked["from_data"]]
    if marked.empty:
        return
    labels = participants.labels(group, by="id")
    texts = dict(zip(marked["id"], marked["text"], strict=True))
    st.markdown("**Mark who completed a prompt**")
    chosen = st.selectbox("Prompt", list(texts), format_func=texts.get)
    done = prompts.marks(db, pilot.id)
    with st.form("marks"):
        people = st.multiselect(
            "Completed by",
            list(labels),
            default=done.loc[done["prompt_id"] == chosen, "participant_id"].tolist(),
            format_func=labels.get,
            key=f"marks_{chosen}",
        )
        if st.form_submit_button("Save the marks"):
            ui.attempt(
                lambda: prompts.mark_done(db, pilot.id, chosen, people), f"{len(people)} marked as done"
            )


def pulse_section(db: Database, pilot: Pilot, view: PlaybookView) -> None:
    """The pulse survey's averages and response rates; small groups' figures hidden."""
    total = view.pulse["group"]
    if total.empty:
        st.info("No pulse survey answers yet: import them below (week,email,question,score, scores 1 to 5).")
    else:
        ui.chart(st, playbook_charts.pulse_chart(total), width="stretch", height=CHART_HEIGHT)
        by = st.radio(
            "Show", ["group", "department", "audience"], horizontal=True, format_func=str.capitalize
        )
        ui.grid(
            view.pulse_tables[by],
            hide_index=True,
            column_config={
                "department": "Department",
                "audience": "Audience",
                "question": "Question",
                "week": "Week of",
                "respondents": "Answers",
                "response_rate": st.column_config.TextColumn("Response rate", alignment="right"),
                "average": st.column_config.TextColumn("Average (1 to 5)", alignment="right"),
            },
        )
        st.caption(
            f"A figure from fewer than {pilot.small_group} answers (the pilot's smallest group shown) is not "
            "shown, so nobody's answer can be read off."
        )
    upload = st.file_uploader("Import pulse survey answers (CSV)", type="csv", key="survey_file")
    if upload is not None and st.button("Import the answers"):
        ui.attempt(lambda: survey.import_csv(db, pilot, upload.getvalue()), lambda n: f"{n} answers stored")


def recognition_section(db: Database, pilot: Pilot) -> None:
    """Badges, computed from the data, each shown when the owner switches it on (all off by default)."""
    chosen = recognition.recognition(db, pilot.id)
    with st.form("recognition"):
        kinds = st.multiselect(
            "Badges switched on",
            list(BADGES),
            default=list(chosen.kinds),
            format_func=BADGES.get,
            key="badge_kinds",
            placeholder="None: badges are off",
        )
        board = st.toggle(
            "Show viewers a leaderboard of badges",
            value=chosen.leaderboard,
            help="Off: only owners see who has which",
        )
        if st.form_submit_button("Save"):
            ui.attempt(
                lambda: recognition.set_recognition(db, pilot, recognition.Recognition(tuple(kinds), board)),
                f"Badges on: {len(kinds)} of {len(BADGES)}" if kinds else "Badges off",
            )
    if not chosen.badges:
        st.caption("Badges are off: light game mechanics are optional, and some teams find them childish.")
        return
    earned = ui.cached(celebrate.earned_badges, db, pilot.id)
    if earned.empty:
        st.info("No badge earned yet.")
        return
    ui.grid(
        earned.sort_values("week", ascending=False, kind="stable").drop(columns="participant_id"),
        hide_index=True,
        column_config={"name": "Name", "department": "Department", "badge": "Badge", "week": "Week"},
    )


main()
