"""Entry and home page: the chosen pilot at a glance."""

import datetime as dt

import streamlit as st

import ui
from pilot.core.format import counted, tick
from pilot.core.text import escape  # user text never becomes Markdown
from pilot.intake import calendar
from pilot.report import summary as report
from pilot.report import text
from pilot.results import overview, tiles
from pilot.results.overview import Overview
from pilot.setup.pilots import Pilot
from pilot.store import Database

NO_PURPOSE = "No purpose written yet: say on the Pilot page what problem the pilot should solve."


def main() -> None:
    db, pilot = ui.page_setup("Pilot at a glance", icon="🧪")
    glance = overview.overview(db, pilot, for_viewer=not ui.may_change(db, pilot))
    st.subheader(escape(pilot.name), anchor=False)
    st.text(pilot.purpose or NO_PURPOSE)
    verdict(db, pilot)
    if reminder := calendar.home_reminder(db, pilot, dt.date.today()):  # exports due and missing
        st.warning(escape(reminder), icon="📅")
    definition(pilot, glance)
    where_we_are(glance)
    latest_week(db, pilot)
    for warning in glance.warnings:
        st.warning(escape(warning), icon="⚠️")
    with st.expander(f"Throw-away checklist: {glance.checklist}"):
        for label, ticked, note in glance.checklist_items:
            st.text(f"{tick(ticked)}: {label}" + (f" ({note})" if note else ""))


def verdict(db: Database, pilot: Pilot) -> None:
    """The executive's minute: the recommendation, its reasons, the owner's decision if recorded, the
    risks, the PDF, the definitions."""
    if pilot.purged_at:  # nothing left to compute it from
        st.info(ui.PURGED)
        return
    results = ui.results(db, pilot)  # the cache of Weekly results and Go / no-go
    summary = ui.checked(lambda: ui.cached(report.summary_of, db, pilot.slug, None, results, False, False))
    if summary is None:
        return
    with st.container(border=True):
        st.caption(text.as_of(summary))
        ui.verdict(summary)
        ui.override(summary)
        ui.risks(summary)
        pdf, words = st.columns(2, vertical_alignment="center")
        with pdf:
            ui.pdf_button(db, summary)
        with words:
            ui.glossary()


def definition(pilot: Pilot, glance: Overview) -> None:
    """The tool, the replaced channel, the sponsor and the rule."""
    with st.container(border=True):
        tool, replaced, sponsor = st.columns(3)
        tool.caption("Tool on trial")
        tool.text(f"{pilot.tool_name or 'not set'} ({pilot.tool_kind or 'kind not set'})")
        replaced.caption("Replaced channel")
        replaced.text(f"{pilot.replaced_name or 'not set'} ({pilot.replaced_kind or 'kind not set'})")
        sponsor.caption("Executive sponsor")
        sponsor.text(f"{glance.sponsor} ({glance.sponsor_email})" if glance.sponsor_email else glance.sponsor)
        st.caption("The rule that makes the trial compulsory")
        st.text(pilot.replaced_rule or "No rule written yet")


def where_we_are(glance: Overview) -> None:
    """Where the pilot stands: week, group, budget, checklist."""
    week, group, budget, ticks = st.columns(4)
    ui.box(week, "Where we are", glance.week)
    week.caption(glance.dates)
    ui.box(group, "Sample group", glance.group_size)
    people = "participant" if glance.group_size == 1 else "participants"  # the number is the tile's
    group.caption(f"{people} in {counted(glance.departments, 'department')}")
    ui.box(budget, "Budget used", glance.budget)
    budget.caption(escape(glance.budget_detail))
    ui.box(ticks, "Throw-away checklist", f"{glance.checklist_done} of {len(glance.checklist_items)}")
    ticks.caption("items ticked")


def latest_week(db: Database, pilot: Pilot) -> None:
    """The latest week's headline figures, from the same cache as the Weekly results page."""
    latest, figures = tiles.home_tiles(ui.results(db, pilot).weekly)
    st.caption(f"{latest}: the figures on **Weekly results**")
    for column, tile in zip(st.columns(4), figures, strict=False):
        ui.tile(column, tile)


main()
