"""The pilot definition file's schema (DESIGN section 7): every key and the type it must have.

TOML has types, and a wrong one is the writer's mistake to hear about, not to guess around:
`must = "false"` is text (and `bool("false")` is True), `due_week = "3"` is text, `at_least = nan`
is no target, `start = 2026-09-07T09:00:00` is a moment, not a day. Each is refused naming the key
and the type expected, before anything is read into a pilot.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from pilot.core.weeks import parse_day

TEXT, NUMBER, WHOLE, YES_NO, DATE = "text", "a number", "a whole number", "true or false", "a date"


@dataclass(frozen=True)
class Tables:
    """A table of tables under free keys (the checklist: [checklist.ITEM])."""

    item: dict


SCHEMA: dict = {
    "name": TEXT,
    "purpose": TEXT,
    "start": DATE,
    "end": DATE,
    "tool": {"name": TEXT, "kind": TEXT},
    "replaced": {"name": TEXT, "kind": TEXT, "rule": TEXT},
    "sponsor": {"email": TEXT},
    "budget": {
        "cap": NUMBER,
        "spent": NUMBER,
        "currency": TEXT,
        "hourly_cost": NUMBER,
        "organisation_size": WHOLE,
    },
    "checklist": Tables({"done": YES_NO, "note": TEXT}),
    "goals": [{"metric": TEXT, "at_least": NUMBER, "at_most": NUMBER, "due_week": WHOLE, "must": YES_NO}],
}
REQUIRED = ("name", "start", "end")


def problems(doc: dict) -> list[str]:
    """Every key of the parsed file that the schema does not allow, in words."""
    missing = [f"The pilot file needs '{key}'" for key in REQUIRED if key not in doc]
    return missing + _check(doc, SCHEMA, "")


def _check(value: object, schema: object, key: str) -> list[str]:
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [f"'{key}' must be a table ([{key}] with {', '.join(schema)}), not {_kind(value)}"]
        errors = [f"Unknown key '{_join(key, k)}' in the pilot file" for k in value if k not in schema]
        for k, v in value.items():
            if k in schema:
                errors += _check(v, schema[k], _join(key, k))
        return errors
    if isinstance(schema, Tables):
        if not isinstance(value, dict):
            return [f"'{key}' must be a table ([{key}.ITEM] tables), not {_kind(value)}"]
        return [e for k, v in value.items() for e in _check(v, schema.item, _join(key, k))]
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"'{key}' must be an array of tables ([[{key}]]), not {_kind(value)}"]
        return [e for n, item in enumerate(value, start=1) for e in _check(item, schema[0], f"{key}[{n}]")]
    if _fits(value, schema):
        return []
    example = " like 2026-09-07" if schema == DATE else ""
    return [f"'{key}' must be {schema}{example}, not {_kind(value)}"]


def _fits(value: object, kind: object) -> bool:
    if kind == TEXT:
        return isinstance(value, str)
    if kind == YES_NO:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == WHOLE:
        return isinstance(value, int)
    if kind == NUMBER:
        return isinstance(value, int | float) and math.isfinite(value)
    if isinstance(value, dt.datetime):  # DATE: a day, not a moment (a TOML date, or "2026-09-07")
        return False
    return isinstance(value, dt.date) or (isinstance(value, str) and parse_day(value) is not None)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"true or false ({str(value).lower()})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return f"{type(value).__name__} {value!r}"


def _join(key: str, child: str) -> str:
    return f"{key}.{child}" if key else child
