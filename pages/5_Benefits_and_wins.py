"""Benefits and wins: the stories behind the numbers, what to celebrate, and the concerns log.

User text (stories, names, concerns) is shown in tables only, never as Markdown or HTML.
Forms marked ✏️ are for the pilot owner.
"""

import dataclasses
import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

import ui
from pilot.core.catalog import BENEFIT_CATEGORIES, CONCERN_STATUSES
from pilot.core.format import day
from pilot.playbook import recognition
from pilot.results import benefits_view, celebrate, small_groups
from pilot.setup import goals, participants
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot
from pilot.store import Database
from pilot.stories import benefits, concerns, wins
from pilot.stories.benefits import Benefit
from pilot.stories.concerns import Concern

CHART_HEIGHT = 340  # pixels, as on the Weekly results page
WIN_LABELS = {  # the wins tables' headers in words, as on the other pages
    "date": "Date",
    "pilot_week": "Week",
    "name": "Who",
    "department": "Department",
    "description": "The win",
    "source": "Source",
}

@dataclasses.dataclass(frozen=True)
class Choices:
    """What the forms offer: the sample group (who, departments) and the pilot's goals."""

    group: pd.DataFrame
    who: dict[str, str]  # email -> label
    goals: dict[int, Goal]
    today: dt.date  # within the pilot's dates

    @classmethod
    def load(cls, db: Database, pilot: Pilot) -> "Choices":
        group = ui.cached(participants.list_participants, db, pilot.id)
        who = participants.labels(group)
        today = min(max(dt.date.today(), pilot.start), pilot.end)
        return cls(group, who, {g.id: g for g in goals.list_goals(db, pilot.id)}, today)


def main() -> None:
    db, pilot = ui.page_setup("Benefits and wins", icon="🏆")
    choices = Choices.load(db, pilot)
    owner = ui.may_change(db, pilot)  # a viewer reads: no edit control is drawn
    names = ui.cached(small_groups.names_for, db, pilot, not owner)  # a viewer's pseudonyms, if chosen
    benefits_tab, wins_tab, concerns_tab = st.tabs(["Benefits", "Wins", "Concerns"])
    with benefits_tab:
        benefits_list(db, pilot, choices, owner, names)
    with wins_tab:
        wins_list(db, pilot, choices, owner, names)
    with concerns_tab:
        concerns_log(db, pilot, choices.today, owner)


def pick(label: str, entries: pd.DataFrame, when: str, key: str) -> int:
    """The id of the entry chosen to edit, each shown by its date and the start of its description."""
    labels = {
        int(i): f"{day(d)} · {text[:70]}"
        for i, d, text in zip(entries["id"], entries[when], entries["description"], strict=True)
    }  # built once: a lookup per option in the frame took most of a rerun with 1,000 benefits
    return int(st.selectbox(label, list(labels), format_func=labels.get, key=key))


def benefit_fields(key: str, pilot: Pilot, choices: Choices, old: Benefit | None = None) -> Benefit:
    """The fields of one benefit inside a form; `old` fills them in for editing."""
    old = old or Benefit(choices.today.isoformat(), BENEFIT_CATEGORIES[0], "")
    left, right = st.columns(2)
    when = left.date_input("When", dt.date.fromisoformat(old.date), pilot.start, pilot.end, key=f"{key}_date")
    emails = ["", *choices.who]
    email = left.selectbox(
        "Who (blank: someone outside the sample group)",
        emails,
        index=emails.index(old.email) if old.email in emails else 0,
        format_func=lambda e: choices.who.get(e, "—"),
        key=f"{key}_who",
    )
    known = sorted({*choices.group["department"], *old.departments})
    if known:
        departments = left.multiselect(
            "Department(s) (blank: the participant's own)",
            known,
            default=old.departments,
            key=f"{key}_departments",
        )
    else:  # an empty multiselect only says "No options to select"
        departments = []
        left.caption(
            "Department(s): they come from the sample group, and can be picked here once "
            "participants are enrolled on the Sample group page."
        )
    category = left.selectbox(
        "Category", BENEFIT_CATEGORIES, BENEFIT_CATEGORIES.index(old.category), key=f"{key}_category"
    )
    description = right.text_area("What happened", old.description, key=f"{key}_description")
    quantity = right.number_input("Quantity (optional)", value=old.quantity, key=f"{key}_quantity")
    unit = right.text_input("Unit (hours, emails...)", old.unit, key=f"{key}_unit")
    goal_ids = [None, *choices.goals]
    goal_id = right.selectbox(
        "The goal it serves",
        goal_ids,
        index=goal_ids.index(old.goal_id) if old.goal_id in goal_ids else 0,
        format_func=lambda g: choices.goals[g].describe() if g else "—",
        key=f"{key}_goal",
    )
    return Benefit(
        when.isoformat(), category, description, email, departments, quantity, unit, goal_id, old.id
    )


def benefits_list(
    db: Database, pilot: Pilot, choices: Choices, owner: bool, names: small_groups.Names | None
) -> None:
    """Totals, the filtered list, and the owner's forms to record, edit or delete a benefit."""
    frame = small_groups.as_seen(ui.cached(benefits.list_benefits, db, pilot.id), names)
    totals = benefits.totals_by_unit(frame)
    tiles = st.columns(1 + len(totals))
    ui.box(tiles[0], "Benefits recorded", len(frame))
    for tile, (unit, total) in zip(tiles[1:], totals.items(), strict=True):
        ui.box(tile, unit.capitalize(), f"{total:,g}")
    filters = filtered(pilot, frame, choices.goals)
    view = ui.cached(benefits_view.benefits_view, db, pilot.slug, not owner, filters, dt.date.today())
    for column, chart in zip(st.columns(2), view.charts.values(), strict=True):
        ui.chart(column, chart, width="stretch", height=CHART_HEIGHT)
    if not view.table.empty:  # a wrapping table: the whole story reads, no sideways scroll at 1400 px
        ui.table(view.table, hide_index=True)
    st.caption(f"{len(view.table)} of {len(frame)} benefits shown.")
    if not owner:
        return
    with (
        st.expander("✏️ Record a benefit (pilot owner)", expanded=frame.empty),
        st.form("record_benefit"),
    ):
        new = benefit_fields(ui.fresh("benefit"), pilot, choices)
        if st.form_submit_button("Record benefit", key="benefit_submit"):
            ui.attempt(
                ui.emptied("benefit", lambda: benefits.record_benefit(db, pilot, new)), "Benefit recorded."
            )
    if not frame.empty:
        with st.expander("✏️ Edit or delete a benefit (pilot owner)"):
            edit_benefit(db, pilot, choices, frame)
    deleted_benefits(db, pilot)


def deleted_benefits(db: Database, pilot: Pilot) -> None:
    """A deleted benefit is kept: restore it here, as it was (its goal included)."""
    gone = ui.cached(benefits.deleted_benefits, db, pilot.id)
    if gone.empty:
        return
    with st.expander(f"♻️ Deleted benefits ({len(gone)}): restore one (pilot owner)"):
        for row in gone.itertuples():
            text, button = st.columns([6, 1])
            text.text(f"{row.date} · {row.category} · {row.description} (deleted {row.deleted_at})")
            if button.button("Restore", key=f"benefit_restore_{row.id}"):
                ui.attempt(partial(benefits.restore_benefit, db, pilot.id, int(row.id)), "Benefit restored.")


def filtered(pilot: Pilot, frame: pd.DataFrame, pilot_goals: dict[int, Goal]) -> benefits_view.Filters:
    """The filters above the list, as set."""
    f1, f2, f3, f4 = st.columns(4)
    categories = f1.multiselect("Category", BENEFIT_CATEGORIES, key="filter_category")
    goal_filter = f2.selectbox(
        "Goal",
        [None, *pilot_goals],
        format_func=lambda g: pilot_goals[g].describe() if g else "All goals",
        key="filter_goal",
    )
    department = f3.selectbox(
        "Department",
        ["", *benefits.departments_in(frame)],
        format_func=lambda d: d or "All",
        key="filter_dept",
    )
    period = f4.date_input("Dates", (pilot.start, pilot.end), key="filter_dates")
    start, end = period if len(period) == 2 else (None, None)  # (start,) while the end is being picked
    return benefits_view.Filters(tuple(categories), goal_filter, department or None, start, end)


def edit_benefit(db: Database, pilot: Pilot, choices: Choices, frame: pd.DataFrame) -> None:
    picked = pick("Benefit", frame, "date", key="benefit_edit_pick")
    with st.form(f"edit_benefit_{picked}"):
        edited = benefit_fields(f"edit_{picked}", pilot, choices, benefits.get_benefit(db, pilot.id, picked))
        save, delete = st.columns(2)
        if save.form_submit_button("Save changes", key="benefit_edit_save"):
            ui.attempt(lambda: benefits.record_benefit(db, pilot, edited), "Benefit updated.")
        if delete.form_submit_button("Delete this benefit", key="benefit_edit_delete"):
            ui.attempt(lambda: benefits.delete_benefit(db, pilot.id, picked), "Benefit deleted.")


def wins_list(
    db: Database, pilot: Pilot, choices: Choices, owner: bool, names: small_groups.Names | None
) -> None:
    """The latest first posts to celebrate, every win, and the owner's form to record one."""
    all_wins = ui.cached(celebrate.wins_with_badges, db, pilot.id, names)  # badges too, when they are on
    latest = wins.latest_first_posts(all_wins)
    if not latest.empty:
        st.subheader(f"🎉 Latest first posts (week {int(latest['pilot_week'].iloc[0])}): celebrate them")
        ui.grid(
            latest[["name", "department", "description"]],  # only what is shown reaches the browser
            hide_index=True,
            column_config=WIN_LABELS,
            key="latest",
        )
    st.subheader("All wins, newest first")
    if all_wins.empty:
        st.info("No wins yet: first posts appear here by themselves once usage is imported.")
    else:
        ui.grid(
            all_wins[list(WIN_LABELS)],  # not the emails: a hidden column is still sent
            hide_index=True,
            column_config=WIN_LABELS,
            key="wins_table",
        )
    leaderboard(db, pilot, names)
    if not owner:
        return
    with st.expander("✏️ Record a win (pilot owner)"), st.form("record_win"):
        key = ui.fresh("win")
        when = st.date_input("When", choices.today, pilot.start, pilot.end, key=f"{key}_date")
        email = st.selectbox(
            "Who", ["", *choices.who], format_func=lambda e: choices.who.get(e, "—"), key=f"{key}_who"
        )
        text = st.text_input("The win, e.g. first answer from another department", key=f"{key}_description")
        if st.form_submit_button("Record win", key="win_submit"):
            win = wins.Win(when.isoformat(), text, email)
            ui.attempt(ui.emptied("win", lambda: wins.record_win(db, pilot, win)), "Win recorded.")
    recorded = all_wins[all_wins["source"] == "recorded"]
    if not recorded.empty:
        with st.expander("✏️ Delete a recorded win (pilot owner)"):
            st.caption("First posts come from the usage data: they go only if that usage is undone.")
            picked = pick("Win", recorded, "date", key="win_delete_pick")
            if st.button("Delete this win", key="win_delete"):
                ui.attempt(lambda: wins.delete_win(db, pilot.id, picked), "Win deleted.")


def leaderboard(db: Database, pilot: Pilot, names: small_groups.Names | None) -> None:
    """Who holds the most badges: shown only when the owner turns the leaderboard on (Playbook)."""
    if not recognition.recognition(db, pilot.id).leaderboard:
        return
    st.subheader("🏅 Badge leaderboard")
    board = celebrate.leaderboard(ui.cached(celebrate.earned_badges, db, pilot.id, None, names))
    if board.empty:
        st.info("No badge earned yet.")
        return
    ui.grid(board, hide_index=True, key="leaderboard", column_config={**WIN_LABELS, "badges": "Badges"})


def concerns_log(db: Database, pilot: Pilot, today: dt.date, owner: bool) -> None:
    """The concerns log, and the owner's forms to log a concern and update its status."""
    log = ui.cached(concerns.list_concerns, db, pilot.id)
    if log.empty:
        st.info("No concerns logged.")
    else:
        ui.table(concerns.for_reading(log), hide_index=True)  # wraps: a concern is read whole
    if not owner:
        return
    with st.expander("✏️ Log a concern (pilot owner)"), st.form("record_concern"):
        key = ui.fresh("concern")
        raised = st.date_input("Raised on", today, key=f"{key}_raised")
        raised_by = st.text_input("By whom (a name, role or group)", key=f"{key}_by")
        what = st.text_area(
            "What (goofing off, inappropriate posts, wrong advice, workload...)", key=f"{key}_what"
        )
        if st.form_submit_button("Log concern", key="concern_submit"):
            concern = Concern(raised.isoformat(), what, raised_by)
            ui.attempt(
                ui.emptied("concern", lambda: concerns.record_concern(db, pilot, concern)), "Concern logged."
            )
    if not log.empty:
        with st.expander("✏️ Update a concern's status (pilot owner)"):
            concern_status(db, pilot, log)


def concern_status(db: Database, pilot: Pilot, log: pd.DataFrame) -> None:
    picked = pick("Concern", log, "raised", key="concern_pick")
    old = concerns.get_concern(db, pilot.id, picked)
    with st.form(f"edit_concern_{picked}"):
        status = st.selectbox(
            "Status",
            CONCERN_STATUSES,
            CONCERN_STATUSES.index(old.status),
            key=f"concern_{picked}_status",
        )
        handling = st.text_area("How it was handled", old.handling, key=f"concern_{picked}_handling")
        if st.form_submit_button("Save status", key="concern_edit_save"):
            changed = dataclasses.replace(old, status=status, handling=handling)
            ui.attempt(lambda: concerns.record_concern(db, pilot, changed), "Concern updated.")


main()
