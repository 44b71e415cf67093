"""How to get each weekly export: the steps the owner follows in the admin centre, per format.

From the vendors' documentation (shared/research/formats.md): the Microsoft 365 reports are in the
admin centre under Reports > Usage, their names are concealed by default since September 2021, and
their data lags about 48 hours; Slack keeps the window in the file name only and gives emails only
to the member analytics export of a paid plan.
"""

from __future__ import annotations

from pilot.intake.formats import FORMATS

M365_CONCEALED = (
    "Show real names once: Settings > Org settings > Services > Reports: untick 'Display concealed "
    "user, group, and site names in all reports' (concealed names are refused: they match no one)."
)
M365_LAG = (
    "The data lags about 48 hours and the last days are revised: export on Tuesday for the week "
    "that ended on Sunday; re-import a week if its numbers changed."
)


def _m365(report: str) -> tuple[str, ...]:
    return (
        "Open the Microsoft 365 admin centre (admin.microsoft.com) as a reports reader or admin.",
        f"Go to Reports > Usage, open the '{report}' report and its User activity (user detail) tab.",
        "Pick the period 7 days (D7): the importer refuses 30, 90 or 180 days.",
        "Choose Export: a CSV of one row per user, with the Report Refresh Date that names the week.",
        M365_CONCEALED,
        M365_LAG,
    )


STEPS: dict[str, tuple[str, ...]] = {
    "teams": _m365("Microsoft Teams > User activity"),
    "viva_engage": _m365("Viva Engage > Activity"),
    "email": _m365("Exchange > Email activity"),
    "slack": (
        "Open Slack's analytics dashboard (workspace menu > Tools & settings > Workspace analytics); "
        "it needs a paid plan, and an owner may have restricted it to admins.",
        "Go to the Members tab and set the date range to the 7 days of the pilot week (Monday to Sunday).",
        "Add the Email column (Edit columns > Email): rows are matched to the sample group by email.",
        "Choose Export CSV and keep the file name: the week is read from the dates in it "
        "('... Member Analytics Nov 16, 2026 - Nov 22, 2026.csv').",
        "Slack's counts are final the next day: export on Tuesday for the week that ended on Sunday.",
    ),
    "generic": (
        "For a tool without a supported export: download the template columns "
        "week,email,channel,posts,reads and fill one row per participant, week and channel.",
        "week is any day of the week (2026-09-07); channel is tool or replaced; posts and reads are "
        "whole numbers (blank = 0). One file may hold several weeks and both channels.",
        "Save it as CSV UTF-8.",
    ),
}
LABELS = {f.key: f.label for f in FORMATS}
# Words in a tool's or channel's name that say which admin export it comes as.
NAME_WORDS = {
    "viva_engage": ("viva", "engage", "yammer"),
    "teams": ("teams",),
    "slack": ("slack",),
    "email": ("email", "mail"),
}


def format_for(name: str) -> str:
    """The export format a tool or channel named `name` comes as ("Viva Engage" -> viva_engage),
    else the generic template: the how-to opens on the steps this pilot needs."""
    words = name.lower()
    return next((key for key, hints in NAME_WORDS.items() if any(h in words for h in hints)), "generic")


def export_steps(format_key: str) -> tuple[str, ...]:
    """The steps to get one week's export in `format_key` (a key of formats.FORMATS)."""
    return STEPS[format_key]
