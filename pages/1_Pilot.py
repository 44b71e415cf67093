"""Define a pilot: create, edit, archive or restore it, and set the sponsor's goals."""

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from pilot import backup, demo, store
from pilot.core.catalog import (
    AUDIENCES,
    BENEFITS_PREFIX,
    CHECKLIST,
    MANUAL_PREFIX,
    METRIC_IDS,
    REPLACED_KINDS,
    SURVEY_PREFIX,
    TOOL_KINDS,
    metric_label,
)
from pilot.core.format import format_value, tick
from pilot.core.text import escape  # user text never becomes Markdown
from pilot.playbook import survey
from pilot.results import benefit_weeks, steps
from pilot.setup import goals, participants, pilots
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot
from pilot.store import Database
from pilot.stories import benefits

NEW_FORM = "pilot_page_new_form"  # a fresh key after each creation: an empty form
NEW_GOAL = "pilot_page_new_goal"
TABS = "pilot_page_tab"
MANUAL = "manual KPI"
OTHER_UNIT = "another benefit unit"


def main() -> None:
    db, pilot = ui.page_setup("Pilot", icon="🧪", need_pilot=False)
    creator = ui.may_create(db)
    if creator:
        with st.sidebar:
            if st.button("Load the demo pilot", key="load_demo", help="The demo pilot from data/demo/"):
                ui.attempt(lambda: load_demo(db), lambda name: f"Demo pilot loaded: {name}")
    if pilot is None:
        st.info("No pilot yet: start an empty pilot below, or load the demo pilot from the sidebar.")
        tab_new, tab_archive = st.tabs(["➕ New pilot", "🗄️ Archive"])
    else:
        setup_checklist(db, pilot)
        # Keyed and tracked, so a saved goal (which reruns the page) stays on the Goals tab.
        tab_edit, tab_goals, tab_new, tab_archive = st.tabs(
            ["✏️ Definition", "🎯 Goals", "➕ New pilot", "🗄️ Archive"], key=TABS, on_change="rerun"
        )
        with tab_edit:
            seen = ui.opened(db, pilot, "pilot", pilot.id)
            edited = pilot_form(f"edit_{pilot.slug}", pilot, participants.list_participants(db, pilot.id))
            if edited:
                move = st.session_state.get(f"edit_{pilot.slug}_move_goals", False)
                save(db, edited, created=False, seen=seen, move_goals=move)
        with tab_goals:
            goals_editor(db, pilot)
    with tab_new:
        if creator:
            new_pilot(db)
        else:
            st.info("Only an admin creates pilots: ask one to create it and make you its owner.")
    with tab_archive:
        archive_controls(db, pilot)
        if creator:
            backup_download(db)


def new_pilot(db: Database) -> None:
    st.caption("Start an empty pilot: name it, say what it should solve, then enrol the sample group.")
    new = pilot_form(st.session_state.get(NEW_FORM, "new"), None, None)
    if new:
        save(db, new, created=True)


def load_demo(db: Database) -> str:
    """Load (or reload) the demo pilot, out of the archive, and pick it."""
    loaded = demo.load(db)
    if loaded.archived:
        pilots.set_archived(db, loaded.slug, False)
    ui.select_pilot(loaded.slug)
    return loaded.name


def options(choices: tuple[str, ...], current: str) -> list[str]:
    """A vocabulary, plus the pilot's own value when it is not one of them."""
    return list(choices) if not current or current in choices else [*choices, current]


def pilot_form(key: str, current: Pilot | None, group: pd.DataFrame | None) -> Pilot | None:
    """Every field of a pilot (DESIGN section 2); returns the pilot when the form is sent.

    `group` is the pilot's sample group, to pick the sponsor from (None for a new pilot)."""
    p = current or pilots.new_pilot(dt.date.today())
    with st.form(key):
        name = st.text_input("Name", p.name, key=f"{key}_name")
        purpose = st.text_area("Purpose: the problem the pilot should solve", p.purpose, key=f"{key}_purpose")
        left, right = st.columns(2)
        tool_name = left.text_input("Tool on trial", p.tool_name, key=f"{key}_tool")
        kinds = options(TOOL_KINDS, p.tool_kind)
        tool_kind = left.selectbox(
            "Kind of tool", kinds, kinds.index(p.tool_kind or kinds[0]), key=f"{key}_tk"
        )
        replaced_name = right.text_input("Replaced channel", p.replaced_name, key=f"{key}_replaced")
        kinds = options(REPLACED_KINDS, p.replaced_kind)
        replaced_kind = right.selectbox(
            "Kind of channel", kinds, kinds.index(p.replaced_kind or kinds[0]), key=f"{key}_rk"
        )
        rule = st.text_input(
            "The rule that makes the trial compulsory",
            p.replaced_rule,
            placeholder="Team announcements go on the tool, not by email",
            key=f"{key}_rule",
        )
        first, last = st.columns(2)
        start = first.date_input("Start", p.start, key=f"{key}_start")
        end = last.date_input("End", p.end, key=f"{key}_end")
        if current is not None:
            last.checkbox(
                f"A new end moves the goals due at the end (week {len(p.weeks)}) with it",
                key=f"{key}_move_goals",
                help="Unticked, extending the pilot leaves every goal due where it is.",
            )
        sponsor = sponsor_fields(key, p, group)
        cap, spent, currency = st.columns(3)
        budget_cap = cap.number_input("Budget cap", value=float(p.budget_cap), step=100.0, key=f"{key}_cap")
        budget_spent = spent.number_input(
            "Spent so far", value=float(p.budget_spent), step=100.0, key=f"{key}_spent"
        )
        money = currency.text_input("Currency", p.currency, key=f"{key}_currency")
        hourly, size = st.columns(2)
        hourly_cost = hourly.number_input(
            "Hourly cost (optional: turns the hours saved into money)",
            value=p.hourly_cost,
            min_value=0.0,
            step=5.0,
            key=f"{key}_hourly",
        )
        organisation_size = size.number_input(
            "Organisation size (optional: the people a roll-out would reach)",
            value=p.organisation_size,
            min_value=1,
            step=10,
            key=f"{key}_organisation",
        )
        checklist = checklist_fields(key, p)
        small_group, pseudonyms, keep_until = privacy_fields(key, p)
        sent = st.form_submit_button(
            "Create the pilot" if current is None else "Save the pilot", key=f"{key}_save"
        )
    if not sent:
        return None
    return Pilot(
        id=p.id,
        slug=p.slug,
        archived=p.archived,
        name=name,
        purpose=purpose,
        tool_name=tool_name,
        tool_kind=tool_kind,
        replaced_name=replaced_name,
        replaced_kind=replaced_kind,
        replaced_rule=rule,
        start=start,
        end=end,
        sponsor_email=sponsor,
        budget_cap=budget_cap,
        budget_spent=budget_spent,
        currency=money,
        hourly_cost=hourly_cost,
        organisation_size=organisation_size,
        checklist=checklist,
        small_group=int(small_group),
        pseudonyms=pseudonyms,
        # the default (90 days after the end) is not stored, so it follows a later change of the end;
        # left as the form showed it (the default of the end before this edit), it is still the default
        personal_data_until=None
        if keep_until == pilots.default_keep_until(end)
        or (p.personal_data_until is None and keep_until == p.keep_until)
        else keep_until,
        purged_at=p.purged_at,
    )


def privacy_fields(key: str, p: Pilot) -> tuple[int, bool, dt.date]:
    """What viewers and summaries may see of people, and how long their personal data is kept."""
    st.markdown("**Personal data**")
    left, middle, right = st.columns(3)
    small_group = left.number_input(
        "Smallest group shown (k)",
        min_value=1,
        value=p.small_group,
        help="A department or audience with fewer participants shows viewers and summaries no figure of "
        "its own: it is merged into Other.",
        key=f"{key}_small_group",
    )
    keep_until = right.date_input(
        "Personal data kept until", p.keep_until, help="Default: 90 days after the end.", key=f"{key}_keep"
    )
    middle.write("")  # level with the inputs beside it
    pseudonyms = middle.checkbox(
        "Pseudonyms for viewers",  # a longer label was cut off beside the two inputs at 1400 px
        p.pseudonyms,
        help="Viewers and summaries name each participant as 'Participant 17 (Sales)', not by name; "
        "owners still see names.",
        key=f"{key}_pseudonyms",
    )
    return small_group, pseudonyms, keep_until


def sponsor_fields(key: str, p: Pilot, group: pd.DataFrame | None) -> str:
    """The sponsor: picked from the sample group, or typed as an email before the group exists."""
    names = {} if group is None else participants.labels(group)
    emails = list(names)
    choices = ["", *emails]
    picked = st.selectbox(
        "Executive sponsor (from the sample group)",
        choices,
        choices.index(p.sponsor_email) if p.sponsor_email in emails else 0,
        format_func=lambda e: names[e] if e else "(type the email below)",
        key=f"{key}_sponsor_pick",
    )
    typed = st.text_input(
        "or the sponsor's email, before the sample group exists",
        "" if p.sponsor_email in emails else p.sponsor_email,
        key=f"{key}_sponsor_email",
    )
    return typed.strip() or picked


def checklist_fields(key: str, p: Pilot) -> dict[str, dict]:
    """The throw-away checklist: a tick and a short note per item."""
    st.markdown("**Throw-away checklist**")
    ticks = {}
    for item, label in CHECKLIST.items():
        tick, note = st.columns([2, 3])
        ticked = tick.checkbox(label, p.ticked(item), key=f"{key}_tick_{item}")
        text = note.text_input(
            f"Note on {label.lower()}",
            p.checklist.get(item, {}).get("note", ""),
            label_visibility="collapsed",
            placeholder="a short note",
            key=f"{key}_note_{item}",
        )
        ticks[item] = {"done": ticked, "note": text.strip()}
    return ticks


def setup_checklist(db: Database, p: Pilot) -> None:
    """What the pilot's set-up still lacks, each step with its word (done / not done), and the next."""
    todo = steps.setup_steps(db, p)
    lines = [f"{tick(s.done)}: {s.label} ({s.detail})" for s in todo]
    following = steps.next_step(todo)
    if following is None:
        with st.expander("Set-up checklist: complete"):
            st.text("\n".join(lines))
        return
    with st.container(border=True):
        st.markdown("**Set-up checklist**")
        st.text("\n".join(lines))
        st.info(escape(following))


def described(g: Goal) -> str:
    """A goal in the other pages' words: rate targets as percentages, e.g. 'Active rate at least 60%'."""
    return f"{g.label} {target_text(g)}"


def target_text(g: Goal) -> str:
    return f"{g.comparison.replace('_', ' ')} {format_value(g.metric, g.target)}"


def goals_editor(db: Database, p: Pilot) -> None:
    """Add, edit and delete the sponsor's goals."""
    weeks = len(p.weeks)
    current = goals.list_goals(db, p.id)
    if current:
        ui.grid(
            [
                {
                    "Goal": g.label,
                    "Target": target_text(g),
                    "Due week": str(g.due_week) if g.due_week else f"{weeks} (last)",
                    "Must-have": "yes" if g.must else "no",
                }
                for g in current
            ],
            hide_index=True,
        )
    else:
        st.info("No goals yet: add the sponsor's first goal below.")
    by_id = {g.id: g for g in current}
    chosen = st.selectbox(
        "Goal",
        [None, *by_id],
        format_func=lambda i: "➕ a new goal" if i is None else described(by_id[i]),
        key="goal_pick",
    )
    g = by_id.get(chosen) or Goal(metric=METRIC_IDS[0], comparison="at_least", target=0.0)
    metrics = metric_choices(db, p, g)
    # Keys per goal, so that picking another goal shows its values, not the last one's.
    gk = f"goal{g.id}" if g.id is not None else st.session_state.get(NEW_GOAL, "goal")
    seen = ui.opened(db, p, "goal", g.id) if g.id is not None else None
    with st.form(f"{gk}_form"):
        left, right = st.columns(2)
        metric = left.selectbox(
            "Metric",
            metrics,
            metrics.index(MANUAL if g.is_manual else g.metric),
            format_func=metric_words,
            key=f"{gk}_metric",
        )
        manual = right.text_input(
            "Manual KPI name",
            g.label if g.is_manual else "",
            placeholder="Hours to answer",
            key=f"{gk}_manual",
        )
        unit = right.text_input("Benefit unit not recorded yet", placeholder="tickets", key=f"{gk}_unit")
        comparison = left.radio(
            "Comparison",
            ["at_least", "at_most"],
            ["at_least", "at_most"].index(g.comparison),
            format_func=lambda c: c.replace("_", " "),
            horizontal=True,
            key=f"{gk}_comparison",
        )
        target = right.number_input(
            "Target (a rate in %: 60 = 60%)",
            value=round(g.target * 100, 6) if g.is_rate else float(g.target),
            format="%g",
            help="Rates (active rate, substitution...) in percent; counts (posts, benefits) as numbers.",
            key=f"{gk}_target",
        )
        audience = left.selectbox(
            "Audience (a rate of one audience)",
            [None, *AUDIENCES],
            [None, *AUDIENCES].index(g.audience),
            format_func=lambda a: "the whole group" if a is None else a,
            key=f"{gk}_audience",
        )
        due = left.number_input(
            f"Due week (0 = the last week, {weeks})", 0, weeks, g.due_week or 0, key=f"{gk}_due"
        )
        must = right.checkbox("Must-have", g.must, key=f"{gk}_must")
        save = st.form_submit_button("Save the goal", key=f"{gk}_save")
    if save:
        name = {MANUAL: f"{MANUAL_PREFIX}{manual.strip()}", OTHER_UNIT: f"{BENEFITS_PREFIX}{unit}"}.get(
            metric, metric
        )
        edited = Goal(name, comparison, float(target), int(due) or None, must, audience, id=g.id)
        if edited.is_rate:  # typed as a percentage, stored as a share (DESIGN section 7)
            edited.target = float(target) / 100
        ui.attempt(lambda: save_goal(db, p, edited, weeks, seen), f"Goal saved: {described(edited)}")
    if g.id is not None and st.button("Delete this goal", key="goal_delete"):
        ui.attempt(lambda: goals.delete_goal(db, p.id, g.id), f"Goal deleted: {described(g)}")
    deleted_goals(db, p)


def deleted_goals(db: Database, p: Pilot) -> None:
    """A deleted goal is kept: restore it here, with the benefits that were tied to it."""
    gone = goals.deleted_goals(db, p.id)
    if not gone:
        return
    with st.expander(f"♻️ Deleted goals ({len(gone)}): restore one"):
        for g, when in gone:
            text, button = st.columns([6, 1])
            text.text(f"{described(g)} (deleted {when})")
            if button.button("Restore", key=f"goal_restore_{g.id}"):
                ui.attempt(lambda g=g: goals.restore_goal(db, p.id, g.id), f"Goal restored: {described(g)}")


def metric_choices(db: Database, p: Pilot, g: Goal) -> list[str]:
    """The metrics of section 3, a goal on each benefit unit already recorded (and the goal's own),
    another benefit unit, each pulse survey question answered so far (its average), a manual KPI."""
    units = benefit_weeks.units(ui.cached(benefits.list_benefits, db, p.id))
    on_benefits = list(
        dict.fromkeys([*(BENEFITS_PREFIX + u for u in units), *([g.metric] if g.unit else [])])
    )
    asked = [SURVEY_PREFIX + q for q in ui.cached(survey.questions, db, p.id)]
    on_survey = list(dict.fromkeys([*asked, *([g.metric] if g.question is not None else [])]))
    return [*METRIC_IDS, *on_benefits, OTHER_UNIT, *on_survey, MANUAL]


def metric_words(metric: str) -> str:
    """A metric in the picker: a goal on benefits says which unit it sums."""
    if metric in (MANUAL, OTHER_UNIT):
        return f"{'a manual KPI' if metric == MANUAL else 'benefits in another unit'} (named on the right)"
    if metric.startswith(BENEFITS_PREFIX):
        return f"{metric_label(metric)} (benefits in {metric[len(BENEFITS_PREFIX) :]}, summed)"
    if metric.startswith(SURVEY_PREFIX):
        return f"Pulse survey: {metric[len(SURVEY_PREFIX) :]} (average answer, 1 to 5)"
    return metric_label(metric)


def save_goal(db: Database, p: Pilot, goal: Goal, weeks: int, seen: int | None) -> None:
    """Store the goal; a new one gets an empty form next (fresh keys)."""
    stored = goals.save_goal(db, p.id, goal, weeks, seen)
    if goal.id is None:
        st.session_state[NEW_GOAL] = f"goal_after{stored.id}"


def archive_controls(db: Database, p: Pilot | None) -> None:
    """Archive the chosen pilot, or restore an archived one: pilots are never deleted."""
    if p is not None:
        st.write("Archiving takes the pilot out of the picker; its data stays and it can be restored.")
        if st.button(f"Archive '{escape(p.name)}'", key="archive"):
            ui.attempt(lambda: pilots.set_archived(db, p.slug, True), f"Pilot archived: {p.name}")
    archived = [a for a in pilots.list_pilots(db, include_archived=True) if a.archived]
    if not archived:
        st.caption("No archived pilots.")
        return
    names = {a.slug: a.name for a in archived}
    slug = st.selectbox("Archived pilots", list(names), format_func=names.get, key="restore_pick")
    if st.button("Restore", key="restore"):
        ui.attempt(lambda: restore(db, slug), f"Pilot restored: {names[slug]}")


def backup_download(db: Database) -> None:
    """The admin's backup of the whole database (every pilot, the users, the audit), as
    `python -m pilot backup` makes it; restored with `python -m pilot restore` (README)."""
    st.divider()
    st.caption(
        "A backup holds every pilot, the users and the audit trail (admins only); restore it with "
        "`python -m pilot restore`. A pilot's own data is its data zip, on Go / no-go."
    )
    st.download_button(
        "Backup of the whole database",
        data=lambda: backup.backup_bytes(store.default_path(), db.actor),
        file_name=f"pilot-backup-{dt.date.today().isoformat()}.db",
        mime="application/vnd.sqlite3",
        key="download_backup",
        on_click="ignore",
    )


def restore(db: Database, slug: str) -> None:
    pilots.set_archived(db, slug, False)
    ui.select_pilot(slug)


def save(db: Database, edited: Pilot, created: bool, seen: int | None = None, move_goals: bool = False):
    """Store the pilot and pick it; a created one leaves an empty New pilot form (fresh keys)."""
    ui.attempt(
        lambda: store_pilot(db, edited, created, seen, move_goals),
        lambda stored: stored_message(db, stored, created),
    )


def stored_message(db: Database, stored: Pilot, created: bool) -> str:
    """What was stored; after creating a pilot, also the next step (enrol the group, set goals...)."""
    if not created:
        return f"Pilot saved: {stored.name}"
    return f"Pilot created: {stored.name}. {steps.next_step(steps.setup_steps(db, stored))}"


def store_pilot(db: Database, edited: Pilot, created: bool, seen: int | None, move_goals: bool) -> Pilot:
    stored = pilots.save_pilot(db, edited, seen=seen, move_goals=move_goals)
    if created:
        st.session_state[NEW_FORM] = f"new_{stored.slug}"
    ui.select_pilot(stored.slug)
    return stored


main()
