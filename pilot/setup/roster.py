"""Reading a participants file (DESIGN section 7) and checking one participant at a time.

Decoding is strict: UTF-8 with or without BOM. Anything else is refused with a
message that says what the file looks like and how to save it, never mojibake.
Text is kept as typed (formulas, HTML): it is shown as plain text everywhere.
"""

from __future__ import annotations

import datetime as dt
import re

from pilot.core.catalog import AUDIENCES
from pilot.core.csvfile import split
from pilot.core.errors import ValidationError
from pilot.core.text import EMAIL, as_text, normalize_email
from pilot.core.weeks import parse_day

COLUMNS = ("name", "email", "department", "audience", "sponsor", "champion")
OPTIONAL = ("joined", "left")
MAX_BYTES = 10_000_000
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
    """The file's data rows with their line numbers; refuses files that cannot be read."""
    text = _decode(data)
    if not text.strip():
        raise ValidationError(["The participants file is empty"])
    header, cells_by_line = split(text)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            [f"The participants file lacks the column(s) {', '.join(missing)} (expected {','.join(COLUMNS)})"]
        )
    rows, ragged = [], []
    for line, values in cells_by_line:
        if len(values) != len(header):
            ragged.append(f"line {line} has {len(values)} fields, expected {len(header)}")
        rows.append((line, dict(zip(header, values, strict=False))))
    if ragged:
        raise ValidationError(ragged)
    if not rows:
        raise ValidationError(["The participants file has a header but no participants"])
    return rows, any(c in header for c in OPTIONAL)


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM; anything else gets a message saying what it is and what to do."""
    if len(data) > MAX_BYTES:
        raise ValidationError([f"The participants file is {len(data):,} bytes; the limit is {MAX_BYTES:,}"])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            ["The participants file is UTF-16 text (Excel 'Unicode Text'): save it as 'CSV UTF-8'"]
        )
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise ValidationError(
            ["The participants file is not a text CSV (a workbook?): save it as 'CSV UTF-8'"]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ValidationError(
            [
                f"The participants file is not UTF-8 (byte 0x{data[e.start]:02x} on line {line}, "
                "perhaps Windows-1252): save it as 'CSV UTF-8'"
            ]
        ) from e


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
