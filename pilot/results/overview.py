"""The pilot at a glance: the figures the home page shows, worked out once here so the page only renders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from pilot.core.catalog import CHECKLIST
from pilot.core.format import amount, counted, day, percent
from pilot.core.weeks import pilot_week_number
from pilot.results.small_groups import hides_names
from pilot.setup.participants import group_checks, list_participants
from pilot.setup.pilots import NO_BUDGET, NO_CAP, SPONSOR_HIDDEN, Pilot, sponsor_shown
from pilot.store import Database


@dataclass
class Overview:
    pilot: Pilot
    week: str  # "Week 3 of 12", "Starts in 5 days", "Ended"
    dates: str  # "31 Aug 2026 to 22 Nov 2026 (12 weeks)"
    sponsor: str  # the sponsor's name; the email when not in the group; "Not set"; "the sponsor"
    sponsor_email: str  # blank when there is none or it is hidden (pseudonyms)
    budget: str  # "24%" of the cap; the spend when there is no cap; "–" without either
    budget_detail: str  # "1,200 of 5,000 EUR"; "spent; no budget cap set"; "No budget set"
    checklist_done: int
    checklist_items: list[tuple[str, bool, str]]  # label, ticked, note
    group_size: int
    departments: int
    warnings: list[str] = field(default_factory=list)

    @property
    def checklist(self) -> str:
        return f"{self.checklist_done} of {len(CHECKLIST)} ticked"


def overview(db: Database, pilot: Pilot, today: dt.date | None = None, for_viewer: bool = False) -> Overview:
    """Everything the home page says about the pilot, as of `today`; a viewer of a pilot with
    pseudonyms reads "the sponsor", as in the summaries, not the sponsor's name and email."""
    group = list_participants(db, pilot.id)
    hidden = hides_names(pilot, for_viewer)
    items = [
        (label, pilot.ticked(key), str(pilot.checklist.get(key, {}).get("note", "")))
        for key, label in CHECKLIST.items()
    ]
    budget, budget_detail = _budget(pilot)
    return Overview(
        pilot=pilot,
        week=week_status(pilot, today or dt.date.today()),
        dates=dates(pilot),
        sponsor=SPONSOR_HIDDEN if hidden else sponsor_name(pilot, group, sponsor_shown(db, pilot)),
        sponsor_email="" if hidden else pilot.sponsor_email,
        budget=budget,
        budget_detail=budget_detail,
        checklist_done=sum(ticked for _, ticked, _ in items),
        checklist_items=items,
        group_size=len(group),
        departments=group["department"].nunique(),
        warnings=_warnings(pilot, group, today or dt.date.today()),
    )


def _warnings(pilot: Pilot, group: pd.DataFrame, today: dt.date) -> list[str]:
    """The sample group's warnings, and after the retention date the purge the owner owes; none once
    the personal data is gone (there is no group left to warn about)."""
    if pilot.purged_at:
        return []
    due = pilot.keep_until < today
    purge = [f"Personal data was due for removal on {day(pilot.keep_until)}: remove it on the People page"]
    return (purge if due else []) + group_checks(pilot, group)


def dates(pilot: Pilot) -> str:
    """'31 Aug 2026 to 22 Nov 2026 (12 weeks)'."""
    return f"{day(pilot.start)} to {day(pilot.end)} ({len(pilot.weeks)} weeks)"


def week_status(pilot: Pilot, today: dt.date) -> str:
    """Where the pilot stands in its weeks: before, during (week n of N) or after."""
    if today < pilot.start:
        return f"Starts in {counted((pilot.start - today).days, 'day')}"
    if today > pilot.end:
        return "Ended"
    return f"Week {pilot_week_number(pilot.start, today)} of {len(pilot.weeks)}"


def sponsor_name(pilot: Pilot, group: pd.DataFrame, shown: str = "") -> str:
    """The sponsor by name (participants.list_participants' frame); the email when not in the group;
    `shown` (setup.pilots.sponsor_shown: "the sponsor, erased") when there is no sponsor email."""
    if not pilot.sponsor_email:
        return shown or "Not set"
    names = group.loc[group["email"] == pilot.sponsor_email, "name"]
    return names.iloc[0] if len(names) else pilot.sponsor_email


def _budget(pilot: Pilot) -> tuple[str, str]:
    """The budget's figure and its words: the share of the cap; the spend without a cap; neither."""
    spent, cap, money = pilot.budget_spent, pilot.budget_cap, pilot.currency
    if cap > 0:
        return percent(spent / cap), f"{amount(spent)} of {amount(cap)} {money}"
    if spent:
        return f"{amount(spent)} {money}", f"spent; {NO_CAP}"
    return "–", NO_BUDGET
