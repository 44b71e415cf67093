"""Files that people hand us (benefits, concerns, any input path): bytes in, rows out.

Admin exports have their own reader (importers); these files have a fixed header of our
own (DESIGN section 7), so reading them is simpler: decode, find the columns by name,
and hand back each row with its line number for messages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pandas as pd

from pilot.core.errors import PilotError, ValidationError
from pilot.core.text import column_name

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def read_bytes(path: Path) -> bytes:
    """A user's input file as bytes (its reader decodes it), or a one-line error naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError as e:
        raise PilotError(f"No such file: {path}") from e
    except OSError as e:
        raise PilotError(f"Cannot read {path}: {e.strerror}") from e


def decode(data: bytes, what: str) -> str:
    """UTF-8 with or without BOM (UTF-16 with BOM too, as Excel saves it), or a clear refusal."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ValidationError([f"The {what} file is not a CSV text file"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValidationError([f"The {what} file is not UTF-8 text (save it as CSV UTF-8)"]) from e


def read_rows(data: bytes, what: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: trimmed text}) for every non-blank row.

    Columns are matched by name, case and spaces ignored; unknown columns are ignored;
    the separator is whichever of comma, semicolon or tab the header uses.
    """
    text = decode(data, what)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationError([f"The {what} file is empty"])
    header, cells_by_line = split(text)
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(
            [f"The {what} file lacks the column(s) {', '.join(missing)}; its header is: {lines[0][:200]}"]
        )
    rows = [
        (line, {h: unquote(c.strip()) for h, c in zip(header, cells, strict=False)})
        for line, cells in cells_by_line
    ]
    if not rows:
        raise ValidationError([f"The {what} file has a header but no rows"])
    return rows


def split(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (column names as matched) and, read lazily, each non-blank row's cells with
    its line number. The separator is whichever of comma, semicolon or tab the header uses most."""
    header_line = next(iter(text.splitlines()), "")
    separator = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = [column_name(h) for h in next(reader, [])]
    rows = ((reader.line_num, cells) for cells in reader if any(c.strip() for c in cells))
    return header, rows


def unquote(cell: str) -> str:
    """Undo the quote our CSV exports put before a formula trigger ('=...), so that export
    then import gives back the same text."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


def capped(errors: list[str], limit: int = 20) -> list[str]:
    """At most `limit` messages, so a wholly wrong file still gives a readable answer."""
    if len(errors) <= limit:
        return errors
    return [*errors[:limit], f"... and {len(errors) - limit} more problems"]


def safe_cell(value: object) -> object:
    """A text cell that would run as a formula in Excel, LibreOffice or Sheets (OWASP: it starts
    with = + - @ tab or CR) gets a leading apostrophe, which our CSV readers take off again."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path_or_buffer: str | Path | IO) -> None:
    """Write `frame` as CSV, text cells neutralised and quoted, numbers left as numbers.

    Files get a UTF-8 BOM so that Excel reads accents; a text buffer gets plain text.
    """
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    safe.to_csv(
        path_or_buffer, index=False, quoting=csv.QUOTE_NONNUMERIC, encoding="utf-8-sig", lineterminator="\n"
    )


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The CSV file `write_csv` would write, as bytes (for downloads)."""
    buffer = io.BytesIO()
    write_csv(frame, buffer)
    return buffer.getvalue()
