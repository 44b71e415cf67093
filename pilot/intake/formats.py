"""The admin export formats the importer knows: how each is recognised, its posts and reads, its week.

`FORMATS` is the one column-to-posts/reads mapping (DESIGN section 5); the README shows
the same table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from pilot.core.errors import ImportRefused
from pilot.core.weeks import monday

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
SLACK_DATE = rf"({MONTHS})[a-z]*[ _]+(\d{{1,2}}),?[ _]+(\d{{4}})"


@dataclass(frozen=True)
class Format:
    """One export format: the columns that identify it and how they become posts and reads."""

    key: str
    label: str
    email: str
    posts: tuple[str, ...]  # summed
    reads: tuple[str, ...]  # summed
    reads_if_yes: tuple[str, ...] = ()  # each adds 1 when Yes
    extra: tuple[str, ...] = ()  # further columns that must be there

    @property
    def required(self) -> tuple[str, ...]:
        return (self.email, *self.posts, *self.reads, *self.reads_if_yes, *self.extra)


M365 = ("Report Refresh Date", "Report Period")
# DESIGN section 5: the one column-to-posts/reads mapping (the README shows the same table).
FORMATS: tuple[Format, ...] = (
    Format(
        "teams",
        "Microsoft Teams user activity (user detail)",
        "User Principal Name",
        posts=("Team Chat Message Count", "Private Chat Message Count"),
        reads=("Call Count", "Meeting Count"),
        reads_if_yes=("Has Other Action",),
        extra=M365,
    ),
    Format(
        "viva_engage",
        "Viva Engage activity (user detail)",
        "User Principal Name",
        posts=("Posted Count",),
        reads=("Read Count", "Liked Count"),
        extra=M365,
    ),
    Format(
        "email",
        "Email activity (user detail)",
        "User Principal Name",
        posts=("Send Count",),
        reads=("Read Count",),
        extra=M365,
    ),
    Format("slack", "Slack member analytics", "Email", posts=("Messages posted",), reads=("Days active",)),
    Format("generic", "Generic usage template", "email", ("posts",), ("reads",), extra=("week", "channel")),
)


def m365_week(frame: pd.DataFrame, file_name: str) -> tuple[dt.date, str]:
    """The 7-day window ending on the Report Refresh Date belongs to the week holding most of its days."""
    periods = {p.strip() for p in frame["report period"].unique()}
    if periods != {"7"}:
        shown = ", ".join(sorted(p or "blank" for p in periods))
        raise ImportRefused(
            f"{file_name} covers {shown} days (Report Period): export the 7-day report (D7) for weekly data"
        )
    refresh = {d.strip()[:10] for d in frame["report refresh date"].unique()}
    if len(refresh) != 1:
        raise ImportRefused(
            f"{file_name} holds several Report Refresh Dates: {', '.join(sorted(refresh)[:3])}"
        )
    text = refresh.pop()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as e:
        raise ImportRefused(
            f"{file_name}: the Report Refresh Date {text!r} is not a date like 2026-11-22"
        ) from e
    return monday(day - dt.timedelta(days=3)), f"Report Refresh Date {day.isoformat()}"


def slack_week(file_name: str) -> tuple[dt.date | None, str]:
    """Slack puts the window in the file name only: '... Member Analytics Nov 16, 2026 - Nov 22, 2026.csv'."""
    prior = re.search(r"Prior[ _]+(\d+)[ _]+Days", file_name, re.IGNORECASE)
    if prior and prior.group(1) != "7":
        raise ImportRefused(
            f"{file_name} covers {prior.group(1)} days: export the last 7 days for weekly logging"
        )
    days = [dt.datetime.strptime(" ".join(m), "%b %d %Y").date() for m in re.findall(SLACK_DATE, file_name)]
    if prior and days:  # 'Prior 7 Days - Nov 22, 2026': the 7 days ending on that date
        days = [days[-1] - dt.timedelta(days=6), days[-1]]
    if len(days) < 2:
        return None, ""
    first, last = days[-2], days[-1]
    span = (last - first).days + 1
    if span != 7:
        raise ImportRefused(f"{file_name} covers {span} days: export one week (7 days) for weekly logging")
    return monday(first + dt.timedelta(days=3)), f"file name {first:%b %d, %Y} - {last:%b %d, %Y}"
