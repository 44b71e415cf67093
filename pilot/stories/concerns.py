"""The concerns log: objections and risks raised (goofing off, inappropriate posts, wrong
advice, workload...), their status and how they were handled.

A concern is dated when it was raised, which may be before the pilot starts (at the
kick-off) or after it ends, so its date is not held to the pilot's weeks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from pilot import store
from pilot.core.catalog import CONCERN_STATUSES
from pilot.core.csvfile import capped, read_rows
from pilot.core.errors import ValidationError
from pilot.core.text import MAX_NAME, MAX_TEXT, too_long
from pilot.core.weeks import date_errors
from pilot.setup.pilots import Pilot
from pilot.store import Database

CSV_COLUMNS = ("raised", "raised_by", "description", "status", "handling")
HEADINGS = ("Raised on", "By", "Concern", "Status", "How it was handled")  # CSV_COLUMNS in words


@dataclass
class Concern:
    raised: str  # ISO date
    description: str  # what the concern is
    raised_by: str = ""  # a name, role or group, free text: concerns often come from outside the group
    status: str = "open"  # one of catalog.CONCERN_STATUSES
    handling: str = ""  # how it was handled; required once it is no longer open
    id: int | None = None


def validate_concern(concern: Concern) -> list[str]:
    """Every problem with one (trimmed) concern, in words; empty when it can be stored."""
    errors = date_errors(concern.raised)
    if not concern.description:
        errors.append("Say what the concern is: the description is empty")
    if concern.status not in CONCERN_STATUSES:
        errors.append(f"Unknown status '{concern.status}': use one of {', '.join(CONCERN_STATUSES)}")
    elif concern.status != "open" and not concern.handling:
        errors.append(f"A {concern.status} concern needs a note on how it was handled")
    errors += too_long(concern.description, "The description", MAX_TEXT)
    errors += too_long(concern.handling, "The handling note", MAX_TEXT)
    errors += too_long(concern.raised_by, "Raised by", MAX_NAME)
    return errors


def record_concern(db: Database, pilot: Pilot, concern: Concern) -> Concern:
    """Add the concern, or update it (status, handling...) when it has an id."""
    concern = _trimmed(concern)
    errors = validate_concern(concern)
    if errors:
        raise ValidationError(errors)
    row = {k: v for k, v in asdict(concern).items() if k != "id"}
    with store.transaction(db, pilot.id):
        before = None
        if concern.id is None:
            concern.id = db.table("concerns").insert({**row, "pilot_id": pilot.id}).last_pk
        else:
            before = asdict(get_concern(db, pilot.id, concern.id))
            db.table("concerns").update(concern.id, row)
        store.audit(db, "concern", concern.id, "changed" if before else "created", before, asdict(concern))
    return concern


def get_concern(db: Database, pilot_id: int, concern_id: int) -> Concern:
    row = store.pilot_row(db, "concerns", pilot_id, concern_id, "concern")
    return Concern(**{k: row[k] for k in (*CSV_COLUMNS, "id")})


def list_concerns(db: Database, pilot_id: int) -> pd.DataFrame:
    """Newest first: `id, raised, raised_by, description, status, handling`."""
    sql = f"""SELECT id, {", ".join(CSV_COLUMNS)} FROM concerns
              WHERE pilot_id = ? ORDER BY raised DESC, id DESC"""
    return store.frame(db, sql, [pilot_id])


def for_reading(log: pd.DataFrame) -> pd.DataFrame:
    """The log (list_concerns) as the page lists it, in a table that wraps: every column of the
    file under its heading, blanks for no handling yet; the date stays ISO (ui.table shows it as
    people read dates)."""
    return log[list(CSV_COLUMNS)].fillna("").set_axis(list(HEADINGS), axis="columns")


def import_csv(db: Database, pilot: Pilot, data: bytes) -> int:
    """Store every concern of a CSV (`raised,raised_by,description,status,handling`), or none
    if any row is wrong; a row identical to one already stored is skipped. Returns how many were added."""
    concerns, errors = [], []
    for line, cells in read_rows(data, "The concerns file", ("raised", "description")):
        fields = {k: cells.get(k, "") for k in CSV_COLUMNS}
        concern = _trimmed(Concern(**{**fields, "status": fields["status"] or "open"}))
        errors += [f"Line {line}: {e}" for e in validate_concern(concern)]
        concerns.append(concern)
    if errors:
        raise ValidationError(capped(errors))
    rows = [{k: getattr(c, k) for k in CSV_COLUMNS} for c in concerns]
    with store.transaction(db, pilot.id):
        added = store.insert_new(db, "concerns", pilot.id, rows)
        store.audit(db, "concerns", "", "imported", None, {"rows read": len(rows), "added": added})
        return added


def _trimmed(concern: Concern) -> Concern:
    return Concern(
        raised=str(concern.raised).strip(),
        description=concern.description.strip(),
        raised_by=" ".join(concern.raised_by.split()),
        status=concern.status.strip().lower(),
        handling=concern.handling.strip(),
        id=concern.id,
    )
