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

from pilot.core.errors import ValidationError
from pilot.core.text import normalize_email
from pilot.core.weeks import parse_day
from pilot.setup.goals import Goal

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
    "privacy": {"small_group": WHOLE, "pseudonyms": YES_NO, "personal_data_until": DATE},
    "goals": [
        {
            "metric": TEXT,
            "at_least": NUMBER,
            "at_most": NUMBER,
            "due_week": WHOLE,
            "must": YES_NO,
            "audience": TEXT,
        }
    ],
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


def read(text: str) -> tuple[dict, list[Goal]]:
    """The pilot file's values, keyed as the Pilot's fields, and its goals; every problem at once."""
    import tomllib  # here: every command opens a pilot, only `create` and a new pilot read its file

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ValidationError([f"The pilot file is not valid TOML: {e}"]) from e
    errors = problems(doc)
    if errors:
        raise ValidationError(errors)
    start, end = (_date(doc.get(k), k, errors) for k in ("start", "end"))
    tool, replaced = doc.get("tool", {}), doc.get("replaced", {})
    budget = doc.get("budget", {})
    values = dict(
        name=str(doc.get("name", "")),
        purpose=str(doc.get("purpose", "")),
        start=start or dt.date.today(),
        end=end or dt.date.today(),
        tool_name=str(tool.get("name", "")),
        tool_kind=str(tool.get("kind", "")),
        replaced_name=str(replaced.get("name", "")),
        replaced_kind=str(replaced.get("kind", "")),
        replaced_rule=str(replaced.get("rule", "")),
        sponsor_email=normalize_email(doc.get("sponsor", {}).get("email", "")),
        budget_cap=_number(budget.get("cap", 0), "budget.cap", errors),
        budget_spent=_number(budget.get("spent", 0), "budget.spent", errors),
        currency=str(budget.get("currency", "EUR")),
        hourly_cost=_optional(budget, "hourly_cost", errors),
        organisation_size=_whole(
            _optional(budget, "organisation_size", errors), "budget.organisation_size", errors
        ),
        checklist={
            k: {"done": bool(v.get("done")), "note": str(v.get("note", ""))}
            for k, v in doc.get("checklist", {}).items()
        },
    )
    values |= _privacy(doc.get("privacy", {}), errors)
    goals = [_goal(g, errors) for g in doc.get("goals", [])]
    if errors:
        raise ValidationError(errors)
    return values, [g for g in goals if g is not None]


def _privacy(section: dict, errors: list[str]) -> dict:
    """[privacy]: small_group (k, 1 or more), pseudonyms, personal_data_until (default: 90 days
    after the end)."""
    k = section.get("small_group", 5)
    if k < 1:
        errors.append(f"'privacy.small_group' must be 1 or more, not {k}")
    until = section.get("personal_data_until")
    day = _date(until, "privacy.personal_data_until", errors) if until is not None else None
    return {"small_group": k, "pseudonyms": section.get("pseudonyms", False), "personal_data_until": day}


def _goal(g: dict, errors: list[str]) -> Goal | None:
    metric = str(g.get("metric", ""))
    if ("at_least" in g) == ("at_most" in g):
        errors.append(f"Goal '{metric}': give exactly one of at_least or at_most")
        return None
    comparison = "at_least" if "at_least" in g else "at_most"
    goal = Goal(
        metric=metric,
        comparison=comparison,
        target=_number(g[comparison], f"goal {metric}", errors),
        due_week=g.get("due_week"),
        must=bool(g.get("must", False)),
        audience=g.get("audience"),
    )
    if goal.is_rate and goal.target > 1:  # the file keeps rates as shares (DESIGN section 7)
        t = goal.target
        errors.append(f"Goal '{metric}': {comparison} = {t:g} is read as {t * 100:g}%: write {t / 100:g}")
        return None
    return goal


def _date(value: object, key: str, errors: list[str]) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    day = parse_day(str(value))
    if day is None:
        errors.append(f"'{key}' must be a date like 2026-09-07, not {value!r}")
    return day


def _number(value: object, key: str, errors: list[str]) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    errors.append(f"'{key}' must be a number, not {value!r}")
    return 0.0


def _optional(table: dict, key: str, errors: list[str]) -> float | None:
    """An optional number of the [budget] table: None when it is not given."""
    return _number(table[key], f"budget.{key}", errors) if key in table else None


def _whole(value: float | None, key: str, errors: list[str]) -> int | None:
    if value is not None and not value.is_integer():
        errors.append(f"'{key}' must be a whole number, not {value:g}")
    return None if value is None else int(value)
