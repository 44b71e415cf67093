"""Run a throw-away pilot of an internal collaboration tool and decide, on evidence, whether to roll it out.

Domain and storage only: no Streamlit, no printing, no exiting. The pages and the command line
use these modules by name (`from pilot import metrics`); each is one concern.
"""

__all__ = [
    # the pilot and its people
    "store",  # the database: connect, transaction, schema migrations
    "pilots",  # define, edit, archive a pilot; pilot.toml
    "goals",  # the sponsor's goals
    "participants",  # the sample group and its cross-department checks
    "roster",  # reading a participants CSV
    # weekly usage
    "formats",  # the admin exports we read and their posts/reads mapping
    "importers",  # reading and refusing a report
    "usage",  # storing imports atomically; replace and undo
    "entries",  # usage entered by hand; group-level replaced counts
    "kpis",  # manual KPI values
    # results
    "metrics",  # DESIGN section 3, per week and per department
    "progress",  # goal status and forecast
    "results",  # what the results pages show
    "charts",  # Altair charts shared by pages and reports
    "benefits",
    "wins",
    "concerns",
    "people",  # who needs help; champions and top contributors
    "overview",  # the pilot at a glance
    # the decision and the exit
    "decision",  # Go / Extend / No-go, and the owner's override
    "report",  # the summary, rendered by report_md, report_html, report_pdf, report_text
    "export",  # every table as CSV plus pilot.toml; the one CSV writer
    "demo",  # the demo pilot from data/demo/
    "cli",  # python -m pilot
    "errors",
    "catalog",  # vocabularies: metric ids, audiences, checklist, categories
    "weeks",  # ISO weeks as pilots count them
]
