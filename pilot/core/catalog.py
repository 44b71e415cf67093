"""The product's vocabularies, in one place so pages, checks, CLI and docs agree."""

from __future__ import annotations

# DESIGN.md section 3: id -> (label, kind). Rates are shares 0..1; counts are whole numbers.
METRICS: dict[str, tuple[str, str]] = {
    "active_rate": ("Active rate", "rate"),
    "contributor_rate": ("Contributor rate", "rate"),
    "tool_posts": ("Tool posts", "count"),
    "replaced_volume": ("Replaced volume", "count"),
    "substitution": ("Substitution", "rate"),
    "tool_share": ("Tool share", "rate"),
    "department_coverage": ("Department coverage", "rate"),
    "sponsor_posts": ("Sponsor posts", "count"),
    "retention": ("Retention", "rate"),
    "benefits": ("Benefits", "count"),
}
METRIC_IDS = tuple(METRICS)
MANUAL_PREFIX = "manual:"

AUDIENCES = ("leadership", "management", "practitioner", "infrastructure", "observer")
CHANNELS = ("tool", "replaced")

TOOL_KINDS = (
    "micro-blog",
    "enterprise social network",
    "wiki",
    "blog",
    "chat",
    "forum",
    "other",
)
REPLACED_KINDS = (
    "email",
    "broadcast email",
    "file share",
    "instant messaging",
    "intranet",
    "meetings",
    "other",
)

# The throw-away checklist (DESIGN.md section 2): key -> what the owner ticks.
CHECKLIST: dict[str, str] = {
    "hosted_or_cheap": "Hosted or cheap",
    "no_customisation": "No customisation",
    "no_critical_data": "No business-critical data put in",
    "export_tested": "Data export path tested",
    "key_users_engaged": "Key users from several departments engaged",
    "sponsor_taking_part": "Sponsor visibly taking part",
}

BENEFIT_CATEGORIES = (
    "time saved",
    "faster answer",
    "fewer emails",
    "knowledge reuse",
    "cross-team connection",
    "idea",
    "other",
)
CONCERN_STATUSES = ("open", "handled", "closed")
DECISIONS = ("Go", "Extend", "No-go")


def metric_label(metric: str) -> str:
    """A goal's metric in words: the section 3 label, or the manual KPI's own name."""
    if metric.startswith(MANUAL_PREFIX):
        return metric[len(MANUAL_PREFIX) :]
    return METRICS[metric][0] if metric in METRICS else metric


# DESIGN.md section 4: a goal's status each week, best first.
STATUSES = ("met", "on track", "at risk", "off track", "not enough data")

SUMMARY_FORMATS = ("md", "html", "pdf", "json")  # the go / no-go summary's file formats

# The playbook (issue 13): the kinds of training session an owner runs.
TRAINING_KINDS = ("lunch & learn", "office hours", "one-on-one", "intro", "other")
