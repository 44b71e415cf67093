"""A pilot: the tool on trial, the channel it replaces, the sponsor, dates, budget, checklist."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields

from pilot import store
from pilot.core.catalog import CHECKLIST
from pilot.core.errors import NotFound, PermissionDenied, ValidationError
from pilot.core.text import EMAIL, MAX_NAME, MAX_TEXT, normalize_email, too_long
from pilot.core.weeks import monday, pilot_weeks
from pilot.setup import definition
from pilot.setup.goals import Goal, duplicate_errors, insert_goals, move_due_goals, validate_goal
from pilot.store import Database

MAX_WEEKS = 52  # a pilot is throw-away: a year at most

RETENTION_DAYS = 90


@dataclass
class Pilot:
    name: str
    start: dt.date
    end: dt.date
    purpose: str = ""
    tool_name: str = ""
    tool_kind: str = ""
    replaced_name: str = ""
    replaced_kind: str = ""
    replaced_rule: str = ""
    sponsor_email: str = ""
    budget_cap: float = 0.0
    budget_spent: float = 0.0
    currency: str = "EUR"
    hourly_cost: float | None = None  # what an hour of the group's time costs: turns hours saved into money
    organisation_size: int | None = None  # the people a roll-out would reach: the business case's projection
    # checklist key (catalog.CHECKLIST) -> {"done": bool, "note": str}
    checklist: dict[str, dict] = field(default_factory=dict)
    archived: bool = False
    slug: str = ""
    id: int | None = None
    small_group: int = 5  # k: a department or audience with fewer shows viewers no figure
    pseudonyms: bool = False  # viewers and summaries show "Participant 17 (Sales)", not names
    personal_data_until: dt.date | None = None  # None: RETENTION_DAYS after the end
    purged_at: str | None = None  # when its personal data was removed (the figures were kept)

    @property
    def keep_until(self) -> dt.date:
        """The last day its personal data is kept; after it the owner is asked to purge."""
        return self.personal_data_until or default_keep_until(self.end)

    @property
    def weeks(self) -> list[dt.date]:
        """Mondays of pilot weeks 1..n."""
        return pilot_weeks(self.start, self.end)

    def ticked(self, item: str) -> bool:
        return bool(self.checklist.get(item, {}).get("done"))


def default_keep_until(end: dt.date) -> dt.date:
    """Personal data is kept RETENTION_DAYS after the end unless the pilot says otherwise."""
    return end + dt.timedelta(days=RETENTION_DAYS)


PILOT_WEEKS = 12  # a new pilot's default length, in whole weeks


def new_pilot(today: dt.date) -> Pilot:
    """An empty pilot that starts now: on the Monday of this week, so last week's export is its
    baseline; and ends on the Sunday 12 whole weeks later (not a 13th week of one day)."""
    start = monday(today)
    return Pilot(name="", start=start, end=start + dt.timedelta(weeks=PILOT_WEEKS, days=-1))


# A cap of 0 is no budget: "0 of 0 EUR", a share of it or what is left of it would mean nothing.
NO_BUDGET = "No budget set"
NO_CAP = "no budget cap set"  # money spent, but no cap to spend it against

SPONSOR_ERASED = "the sponsor, erased"
SPONSOR_HIDDEN = "the sponsor"  # a summary with pseudonyms names nobody, the sponsor included


def sponsor_shown(db: Database, pilot: Pilot) -> str:
    """The sponsor's email as pages and summaries show it; "the sponsor, erased" after an erasure."""
    if pilot.sponsor_email:
        return pilot.sponsor_email
    sql = "SELECT 1 FROM erasure_register WHERE pilot_slug = ? AND was_sponsor = 1"
    return SPONSOR_ERASED if next(db.query(sql, [pilot.slug]), None) else ""


def slugify(name: str) -> str:
    """A URL-safe slug: 'Service desk micro-blog' -> 'service-desk-micro-blog'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "pilot"


def validate(db: Database, pilot: Pilot) -> list[str]:
    """Every problem with the pilot's definition, in words; empty when it can be stored."""
    errors = []
    if not pilot.name.strip():
        errors.append("The pilot needs a name")
    elif _name_taken(db, pilot):
        errors.append(f"A pilot named '{pilot.name.strip()}' already exists")
    if pilot.end < pilot.start:
        errors.append(f"The end date {pilot.end} is before the start date {pilot.start}")
    elif (pilot.end - pilot.start).days >= MAX_WEEKS * 7:
        weeks = (pilot.end - pilot.start).days // 7 + 1
        errors.append(
            f"A pilot lasts at most {MAX_WEEKS} weeks: {pilot.start} to {pilot.end} is {weeks:,} weeks"
        )
    for label, value, limit in _texts(pilot):
        errors += too_long(value, label, limit)
    if pilot.budget_cap < 0:
        errors.append("The budget cap cannot be negative")
    if pilot.budget_spent < 0:
        errors.append("The budget spent cannot be negative")
    if pilot.hourly_cost is not None and pilot.hourly_cost < 0:
        errors.append("The hourly cost cannot be negative")
    if pilot.organisation_size is not None and pilot.organisation_size < 1:
        errors.append("The organisation size must be 1 or more people")
    if pilot.small_group < 1:
        errors.append(f"The smallest group shown must be 1 or more participants, not {pilot.small_group}")
    if pilot.personal_data_until and pilot.personal_data_until < pilot.end:
        errors.append(
            f"Personal data kept until {pilot.personal_data_until} would end before the pilot "
            f"({pilot.end}): keep it at least until the end"
        )
    if pilot.sponsor_email and not EMAIL.match(pilot.sponsor_email):
        errors.append(f"The sponsor's email '{pilot.sponsor_email}' is not an email address")
    unknown = sorted(set(pilot.checklist) - set(CHECKLIST))
    if unknown:
        errors.append(f"Unknown checklist items: {', '.join(unknown)}")
    return errors


def _texts(pilot: Pilot) -> list[tuple[str, str, int]]:
    names = [
        ("The name", pilot.name),
        ("The tool's name", pilot.tool_name),
        ("The tool's kind", pilot.tool_kind),
    ]
    names += [("The replaced channel's name", pilot.replaced_name), ("Its kind", pilot.replaced_kind)]
    names += [("The currency", pilot.currency)]
    texts = [("The purpose", pilot.purpose), ("The rule", pilot.replaced_rule)]
    texts += [(f"The note of {k}", str(v.get("note", ""))) for k, v in pilot.checklist.items()]
    return [(label, value, MAX_NAME) for label, value in names] + [(lb, v, MAX_TEXT) for lb, v in texts]


def save_pilot(
    db: Database, pilot: Pilot, goals: list[Goal] | None = None,
    seen: int | None = None, move_goals: bool = False,
) -> Pilot:
    """Create the pilot (with its goals) or update it when it has an id, unless it changed after
    version `seen` (store.version); all or nothing. A new end moves the goals due at the old one
    only if `move_goals` (goals.move_due_goals)."""
    pilot.name = pilot.name.strip()
    pilot.sponsor_email = normalize_email(pilot.sponsor_email)
    errors = validate(db, pilot)
    for goal in goals or []:
        errors += validate_goal(goal, len(pilot.weeks))
    errors += duplicate_errors(goals or [], len(pilot.weeks))
    if errors:
        raise ValidationError(errors)
    row = _row(pilot)
    with store.transaction(db, pilot.id):
        store.refuse_if_changed(db, "pilot", pilot.id, seen)
        before = None if pilot.id is None else store.current(db, "pilots", pilot.id)
        if pilot.id is None:
            row["slug"] = _free_slug(db, pilot.slug or slugify(pilot.name))
            pilot_id = db.table("pilots").insert(row).last_pk
        else:
            row.pop("slug")
            db.table("pilots").update(pilot.id, row)
            old_weeks = len(pilot_weeks(before["start"], before["end"]))
            if old_weeks != len(pilot.weeks):
                move_due_goals(db, pilot.id, old_weeks, len(pilot.weeks), move_goals)
            pilot_id = pilot.id
        after = store.current(db, "pilots", pilot_id)
        store.audit(db, "pilot", pilot_id, "changed" if before else "created", before, after, pilot_id)
        insert_goals(db, pilot_id, goals or [], len(pilot.weeks))
    return get_pilot(db, pilot_id)


def get_pilot(db: Database, slug_or_id: str | int) -> Pilot:
    column = "id" if isinstance(slug_or_id, int) else "slug"
    row = next(db.query(f"SELECT * FROM pilots WHERE {column} = ?", [slug_or_id]), None)
    if row is None:
        raise NotFound(f"No pilot '{slug_or_id}'")
    visible = store.visible_pilots(db)
    if visible is not None and row["id"] not in visible:
        raise PermissionDenied(f"You hold no role on the pilot '{slug_or_id}'")
    return _pilot(row)


def list_pilots(db: Database, include_archived: bool = False) -> list[Pilot]:
    """The pilots the acting user holds a role on (an admin: all of them)."""
    where = "" if include_archived else "WHERE archived = 0"
    visible = store.visible_pilots(db)
    rows = db.query(f"SELECT * FROM pilots {where} ORDER BY archived, name")
    return [_pilot(r) for r in rows if visible is None or r["id"] in visible]


def set_archived(db: Database, slug: str, archived: bool = True) -> Pilot:
    """Archive (or restore) a pilot: never deleted, just out of the picker."""
    pilot = get_pilot(db, slug)
    with store.transaction(db, pilot.id):
        db.table("pilots").update(pilot.id, {"archived": int(archived)})
        store.audit(db, "pilot", pilot.id, "changed", {"archived": pilot.archived}, {"archived": archived})
    return get_pilot(db, slug)


def set_sponsor(db: Database, pilot: Pilot, email: str) -> None:
    """Make `email` the pilot's sponsor, inside the caller's transaction (the sample group's save,
    which flags the sponsor among the participants). This module is the one writer of the column."""
    db.table("pilots").update(pilot.id, {"sponsor_email": email})
    pilot.sponsor_email = email


def definition_from_toml(text: str) -> tuple[Pilot, list[Goal]]:
    """Parse a pilot definition file (DESIGN section 7) into a pilot and its goals."""
    values, goals = definition.read(text)
    return Pilot(**values), goals


def create_from_toml(db: Database, text: str) -> Pilot:
    pilot, goals = definition_from_toml(text)
    return save_pilot(db, pilot, goals)


def _name_taken(db: Database, pilot: Pilot) -> bool:
    sql = "SELECT 1 FROM pilots WHERE name = ? COLLATE NOCASE AND id IS NOT ?"
    return next(db.query(sql, [pilot.name.strip(), pilot.id]), None) is not None


def _free_slug(db: Database, slug: str) -> str:
    taken = {r["slug"] for r in db.query("SELECT slug FROM pilots WHERE slug LIKE ?", [slug + "%"])}
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _row(pilot: Pilot) -> dict:
    row = {f.name: getattr(pilot, f.name) for f in fields(pilot) if f.name != "id"}
    row.update(
        start=pilot.start.isoformat(),
        end=pilot.end.isoformat(),
        checklist=json.dumps(pilot.checklist),
        archived=int(pilot.archived),
        pseudonyms=int(pilot.pseudonyms),
        personal_data_until=pilot.personal_data_until.isoformat() if pilot.personal_data_until else None,
    )
    return row


def _pilot(row: dict) -> Pilot:
    return Pilot(
        **{k: row[k] for k in row if k not in OWN_PARSING},
        start=dt.date.fromisoformat(row["start"]),
        end=dt.date.fromisoformat(row["end"]),
        checklist=json.loads(row["checklist"]),
        archived=bool(row["archived"]),
        pseudonyms=bool(row.get("pseudonyms")),
        personal_data_until=_day(row.get("personal_data_until")),
    )


OWN_PARSING = ("start", "end", "checklist", "archived", "created_at", "pseudonyms", "personal_data_until")


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
