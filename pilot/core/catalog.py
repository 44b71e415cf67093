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

# DESIGN section 3, in the words the tiles' help, the glossary and the README use.
DEFINITIONS = {
    "active_rate": "Participants who posted or read on the tool ÷ participants enrolled that week",
    "contributor_rate": "Participants who posted on the tool ÷ participants enrolled that week",
    "tool_posts": "Posts on the tool (posts, replies, messages, page edits)",
    "replaced_volume": "Posts on the replaced channel: per-person reports plus the group-level count",
    "substitution": "1 − replaced volume ÷ baseline replaced volume (mean of the weeks before the start)",
    "tool_share": "Tool posts ÷ (tool posts + replaced volume)",
    "department_coverage": "Departments with an active participant ÷ departments in the group",
    "sponsor_posts": "The sponsor's posts on the tool",
    "retention": "Of participants active in any earlier week, the share active this week",
    "benefits": "Benefits recorded up to the end of the week",
}
MANUAL_PREFIX = "manual:"
BENEFITS_PREFIX = "benefits:"  # a goal on the cumulative quantity of a benefit unit, e.g. benefits:hours
SURVEY_PREFIX = "survey:"  # a goal on a pulse survey question's average score (1 to 5), like a manual KPI

# Benefit units as stored: trimmed, lower case, and these spellings read as one unit. Others stay as typed.
UNIT_ALIASES = {
    "hour": "hours",
    "hrs": "hours",
    "hr": "hours",
    "h": "hours",
    "email": "emails",
    "mails": "emails",
    "mail": "emails",
    "e-mails": "emails",
    "e-mail": "emails",
    "minute": "minutes",
    "mins": "minutes",
    "min": "minutes",
    "day": "days",
    "meeting": "meetings",
    "call": "calls",
    "ticket": "tickets",
}
UNIT_LABELS = {"hours": "Hours saved", "emails": "Emails avoided"}  # a benefits:UNIT goal in words
HOURS = "hours"  # the unit the business case turns into money

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
DECISIONS = ("Go", "Extend", "No-go")  # what the rule recommends, and what the owner may decide
TOO_EARLY = "Too early to recommend"  # the rule's fourth outcome: too few weeks of data to judge
RECOMMENDATIONS = (*DECISIONS, TOO_EARLY)
MIN_DATA_WEEKS = 3  # pilot weeks of tool data a recommendation needs


def normalise_unit(unit: str) -> str:
    """A benefit unit as stored: trimmed, lower case, one space between words, aliases read as one
    (hrs -> hours, mails -> emails), so that quantities add up by unit; an unknown unit is kept."""
    text = " ".join(str(unit).split()).lower()
    return UNIT_ALIASES.get(text, text)


def metric_label(metric: str) -> str:
    """A goal's metric in words: the section 3 label, the manual KPI's own name, the benefit unit
    ("Hours saved", "Benefits in tickets"), or the survey question ("Average answer to 'Would you
    keep the tool?'")."""
    if metric.startswith(MANUAL_PREFIX):
        return metric[len(MANUAL_PREFIX) :]
    if metric.startswith(BENEFITS_PREFIX):
        unit = metric[len(BENEFITS_PREFIX) :]
        return UNIT_LABELS.get(unit, f"Benefits in {unit}")
    if metric.startswith(SURVEY_PREFIX):
        return f"Average answer to '{metric[len(SURVEY_PREFIX) :]}'"
    return METRICS[metric][0] if metric in METRICS else metric


# DESIGN.md section 4: a goal's status each week, best first.
STATUSES = ("met", "on track", "at risk", "off track", "not enough data")

SUMMARY_FORMATS = ("md", "html", "pdf", "json")  # the go / no-go summary's file formats

# The playbook (issue 13): the kinds of training session an owner runs.
TRAINING_KINDS = ("lunch & learn", "office hours", "one-on-one", "intro", "other")

# The badges a pilot may switch on, one by one (computed from the data by results.badges): key -> words.
BADGES: dict[str, str] = {
    "first post": "First post",
    "overtook": "Posted more on the tool than on the old channel",
    "trained": "Came to a training session",
    "three prompts": "Completed 3 prompts",
    "four weeks": "Active 4 weeks running",
}

# The words an executive meets in the verdict, defined once: the app, the HTML and the PDF show these.
GLOSSARY: dict[str, str] = {
    "Active rate": DEFINITIONS["active_rate"] + ".",
    "Contributor rate": DEFINITIONS["contributor_rate"] + ".",
    "Substitution": "How far the replaced channel has given way to the tool: "
    + DEFINITIONS["substitution"]
    + "; without baseline weeks, week 1 is the baseline. 30% means 30% fewer posts there than before.",
    "Tool share": DEFINITIONS["tool_share"] + ": the share of all posts that the tool carries.",
    "Retention": DEFINITIONS["retention"] + ".",
    "Due week": "The pilot week by which a goal should be met (by default the last week). From its due week "
    "on, a goal is judged at that week: met or off track.",
    "Must-have": "A goal the recommendation counts: Go needs every must-have goal met at its due week, "
    "and one off track makes it No-go. Other goals are shown, not counted.",
}
