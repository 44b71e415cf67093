"""Reading a participants file (DESIGN section 7) and checking one participant at a time.

The file is read by the one CSV policy (`pilot.core.csvfile`): a file it cannot read is refused
with a message that says what the file looks like and how to save it, never mojibake.
Text is kept as typed (formulas, HTML): it is shown as plain text everywhere.
"""

from __future__ import annotations

import datetime as dt
import re

from pilot.core.catalog import AUDIENCES
from pilot.core.csvfile import read_rows as read_csv_rows
from pilot.core.text import EMAIL, MAX_NAME, as_text, normalize_email, too_long
from pilot.core.weeks import parse_day

COLUMNS = ("name", "email", "department", "audience", "sponsor", "champion")
OPTIONAL = ("joined", "left")
TRUE, FALSE = {"true", "yes", "y", "1", "x"}, {"false", "no", "n", "0", ""}
TEMPLATE = (
    "name,email,department,audience,sponsor,champion\n"
    "Dana Ross,dana.ross@example.com,Customer Service,leadership,true,false\n"
    "Sam Lee,sam.lee@example.com,Engineering,practitioner,false,true\n"
)


def template_csv() -> str:
    """The participants CSV template (DESIGN section 7) with two example rows."""
    return TEMPLATE


def clean_row(raw: dict, departments: dict[str, str], with_dates: bool) -> tuple[dict, list[str]]:
    """One participant checked and tidied; the errors say what is wrong, in words."""
    errors: list[str] = []
    row = {
        "name": as_text(raw.get("name")).strip(),
        "email": normalize_email(raw.get("email")),
        "department": " ".join(as_text(raw.get("department")).split()),
        "audience": as_text(raw.get("audience")).strip().lower(),
    }
    if not row["name"]:
        errors.append("the name is empty")
    errors += too_long(row["name"], "the name", MAX_NAME)
    errors += too_long(row["department"], "the department", MAX_NAME)
    errors += _email_errors(row["email"])
    if not row["department"]:
        errors.append("the department is empty")
    else:  # 'Sales' and 'sales ' are one department: keep the first spelling seen
        row["department"] = departments.setdefault(row["department"].casefold(), row["department"])
    if row["audience"] not in AUDIENCES:
        errors.append(f"audience '{row['audience']}' is not one of {', '.join(AUDIENCES)}")
    for flag in ("sponsor", "champion"):
        row[flag] = _flag(raw.get(flag), flag, errors)
    for day in OPTIONAL:
        row[day] = _day(raw.get(day), day, errors) if with_dates else None
    if row["joined"] and row["left"] and row["left"] < row["joined"]:
        errors.append(f"left {row['left']} is before joined {row['joined']}")
    return row, errors


def read_rows(data: bytes) -> tuple[list[tuple[int, dict]], bool]:
    """The file's data rows with their line numbers, and whether it has the joined/left columns;
    the one CSV policy of `pilot.core.csvfile` refuses files that cannot be read."""
    rows = read_csv_rows(data, "The participants file", COLUMNS)
    return rows, any(c in rows[0][1] for c in OPTIONAL)


def _email_errors(email: str) -> list[str]:
    if not email:
        return ["the email is empty"]
    if not email.isascii():
        return [f"email '{email}' has non-Latin characters (a look-alike letter?)"]
    if len(email) > 254 or not EMAIL.match(email) or re.search(r"[,;<>\"']", email):
        return [f"'{email}' is not an email address"]
    return []


def _flag(value: object, name: str, errors: list[str]) -> bool:
    text = as_text(value).strip().lower()
    if isinstance(value, bool) or text in TRUE | FALSE:
        return value if isinstance(value, bool) else text in TRUE
    errors.append(f"{name} must be true or false, not '{as_text(value).strip()}'")
    return False


def _day(value: object, name: str, errors: list[str]) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = as_text(value).strip()
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        errors.append(f"{name} '{text}' is not a date like 2026-09-07")
        return None
    return day.isoformat()
