"""Usage entered by hand: one participant's week, or the replaced channel's group-level weekly count.

Each entry is an import (kind `manual` or `group`), so it shows in the import history
and can be undone like a file.
"""

from __future__ import annotations

import datetime as dt
import numbers

import pandas as pd

from pilot import store
from pilot.core.catalog import CHANNELS
from pilot.core.errors import ValidationError
from pilot.core.text import normalize_email
from pilot.core.weeks import monday
from pilot.intake.usage import GROUP_COLUMNS, new_import, participants_frame, set_aside, store_rows
from pilot.setup.pilots import Pilot
from pilot.store import Database


def enter_usage(
    db: Database, pilot: Pilot, email: str, week: dt.date | str, channel: str, posts: int, reads: int
) -> int:
    """One participant's week by hand (a `manual` import): replaces that person's row only."""
    email = normalize_email(email)
    errors = _count_errors({"posts": posts, "reads": reads})
    if channel not in CHANNELS:
        errors.append(f"The channel must be tool or replaced, not {channel!r}")
    group = participants_frame(db, pilot.id).set_index("email")
    if email not in group.index:
        errors.append(f"{email or 'The email'} is not a participant of this pilot")
    if errors:
        raise ValidationError(errors)
    week_iso, person = monday(week).isoformat(), int(group.loc[email, "participant_id"])
    record = {"pilot_id": pilot.id, "kind": "manual", "file_name": "", "format": "entered by hand"}
    record |= {"week": week_iso, "channel": channel, "rows_read": 1, "rows_matched": 1}
    entered = {"participant": person, "posts": int(posts), "reads": int(reads)}
    with store.transaction(db, pilot.id):
        return store_rows(db, record, [(person, int(posts), int(reads))], person, entered)


def enter_group_count(db: Database, pilot: Pilot, week: dt.date | str, count: int) -> int:
    """The replaced channel's weekly count for the whole group, where no per-person report exists."""
    errors = _count_errors({"count": count})
    if errors:
        raise ValidationError(errors)
    week_iso = monday(week).isoformat()
    record = {"pilot_id": pilot.id, "kind": "group", "format": "group-level count", "week": week_iso}
    record |= {"channel": "replaced", "rows_read": 1}
    with store.transaction(db, pilot.id):
        import_id = new_import(db, record)
        store.audit(db, "group count", import_id, "created", None, {"week": week_iso, "count": count})
        where = "WHERE pilot_id = ? AND week = ?"
        set_aside(db, "replaced_counts", GROUP_COLUMNS, import_id, where, [pilot.id, week_iso])
        db.table("replaced_counts").insert(
            {"pilot_id": pilot.id, "week": week_iso, "count": int(count), "import_id": import_id}
        )
    return import_id


def group_counts(db: Database, pilot_id: int) -> pd.DataFrame:
    """The group-level replaced counts: week, count."""
    return store.frame(
        db, "SELECT week, count FROM replaced_counts WHERE pilot_id = ? ORDER BY week", [pilot_id]
    )


def _count_errors(values: dict[str, object]) -> list[str]:
    return [
        f"{name} must be a whole number, 0 or more, not {value!r}"
        for name, value in values.items()
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0
    ]
