"""THE reader of every file a user gives us (usage reports, participants, benefits, concerns, the
generic template) and the writer of every CSV we hand out.

One policy for all of them, so that a file is refused the same way whichever page or command
reads it:
- at most MAX_BYTES, checked before decoding (and, from disk, before reading: `read_bytes`);
- UTF-8 with or without BOM, or UTF-16 with BOM; CRLF or LF; comma, semicolon or tab;
- a workbook, a gzip or zip archive, binary, UTF-16 without BOM or Windows-1252 text gets the
  one "not CSV text" message; NUL and other control characters are refused, naming the line;
- the header holds each column once; every row has as many fields as the header and no field
  is longer than the csv module's limit (refused naming the line, the limit left as it is).

`open_table` applies all of that and hands back a `Table`; a reader then matches columns by
name and reads the cells (`Table.rows`, or pandas over `Table.text` for the usage reports).
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from pilot.core.errors import PilotError, ValidationError
from pilot.core.text import column_name, visible

MAX_BYTES = 50 * 1024 * 1024  # the page's upload limit too (.streamlit/config.toml maxUploadSize)
MAX_FIELD = 131_072  # the csv module's own default limit, which stays as it is
MAX_HEADER = 10_000  # characters in the header line
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, LF and CR are the only ones allowed
SAVE_AS = "save it as CSV UTF-8"


def refuse(message: str) -> ValidationError:
    """The error every file reader raises: a PilotError with one line (page and CLI alike)."""
    return ValidationError([message])


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A user's input file as bytes, refused before a byte is read if it is not a regular file
    (a folder, a pipe, a device such as /dev/zero) or is over the limit; never reads more than
    limit + 1 bytes, in case it grows while being read."""
    shown = visible(str(path))
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise PilotError(f"{shown} is not a regular file (a folder, a pipe or a device): give a CSV file")
        if info.st_size > limit:
            raise PilotError(too_big(shown, info.st_size, limit))
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError as e:
        raise PilotError(f"No such file: {shown}") from e
    except OSError as e:
        raise PilotError(f"Cannot read {shown}: {e.strerror}") from e
    if len(data) > limit:
        raise PilotError(too_big(shown, len(data), limit))
    return data


def too_big(name: str, size: int, limit: int = MAX_BYTES) -> str:
    return f"{name} is {size / 2**20:.1f} MB: the limit is {limit // 2**20} MB"


def not_text(name: str, what: str) -> ValidationError:
    """The one message for a file that is not CSV text, whatever it turned out to be."""
    return refuse(f"{name} is not CSV text ({what}): {SAVE_AS}")


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (BOM or not) or UTF-16 with BOM; anything else is refused.

    `name` starts every message: a file name, or words such as "The participants file".
    """
    if len(data) > MAX_BYTES:
        raise refuse(too_big(name, len(data)))
    if data[:4] == b"PK\x03\x04":
        raise not_text(name, "an Excel workbook or a zip archive")
    if data[:2] == b"\x1f\x8b":
        raise not_text(name, "a gzip archive: unpack it first")
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        byte, line = data[e.start], data[: e.start].count(b"\n") + 1
        raise not_text(name, f"byte 0x{byte:02x} on line {line} is not UTF-8: Windows-1252 or binary?") from e
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise refuse(f"{name} is empty")
    if "\x00" in text:
        line = _line_at(text, text.index("\x00"))
        raise not_text(name, f"a NUL byte on line {line}: binary, or UTF-16 without BOM")
    if _has_control(text) and (found := CONTROL.search(text)):
        line, code = _line_at(text, found.start()), ord(found.group())
        raise refuse(f"{name}: line {line} holds a control character (U+{code:04X}): remove it")
    return text


def _has_control(text: str) -> bool:
    """Whether CONTROL may match: a vectorised look at the bytes (a 100,000-row report in a few
    milliseconds, the regex alone takes five times longer); the regex then finds the first one."""
    codes = np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8)
    return bool((codes == 0x7F).any() or np.isin(codes[codes < 0x20], (9, 10, 13), invert=True).any())


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


@dataclass(frozen=True)
class Table:
    """A decoded CSV file whose shape is checked: a header of distinct columns, every row as wide."""

    name: str  # how messages name the file
    text: str
    separator: str
    header: list[str]  # the column names as written

    @property
    def names(self) -> list[str]:
        """The column names as matched: case, spacing and invisible characters ignored."""
        return [column_name(h) for h in self.header]

    def require(self, required: tuple[str, ...]) -> None:
        """Refuse the file if a column is missing, listing the header seen."""
        missing = [c for c in required if column_name(c) not in self.names]
        if missing:
            seen = self.separator.join(self.header)
            raise refuse(f"{self.name} lacks the column(s) {', '.join(missing)}; its header is: {seen[:200]}")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank data row's cells with its line number (read lazily)."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.separator)
        next(reader, None)
        return ((reader.line_num, cells) for cells in reader if any(c.strip() for c in cells))


def open_table(data: bytes, name: str) -> Table:
    """Decode a user's file and check its shape (see the module's docstring), or refuse it."""
    text = decode(data, name)
    header_line = text.split("\n", 1)[0].rstrip("\r")
    if len(header_line) > MAX_HEADER:
        raise refuse(f"{name}: the first line is {len(header_line):,} characters long: not a CSV header")
    separator = max((",", ";", "\t"), key=header_line.count)
    header = next(csv.reader([header_line], delimiter=separator), [])
    names = [column_name(h) for h in header]
    twice = [h for h, n in zip(header, names, strict=True) if n and names.count(n) > 1]
    if twice:
        raise refuse(f"{name}: the column '{twice[0]}' appears {len(twice)} times in the header: keep one")
    _check_shape(text, separator, len(header), name)
    return Table(name, text, separator, header)


def _check_shape(text: str, separator: str, width: int, name: str) -> None:
    """Every non-blank row as wide as the header and no field over MAX_FIELD (pandas would pad a
    short row silently, and the csv module raises on a long field without saying where)."""
    if '"' in text:
        reader, bad = csv.reader(io.StringIO(text, newline=""), delimiter=separator), []
        try:
            bad = [
                f"line {reader.line_num} has {len(row)}"
                for row in reader
                if len(row) != width and any(c.strip() for c in row)
            ]
        except csv.Error as e:
            reason = f"a field is longer than {MAX_FIELD:,} characters" if "limit" in str(e) else str(e)
            raise refuse(f"{name}: line {reader.line_num}: {reason}") from e
    else:  # no quoting: counting separators is the same check, done on all the bytes at once
        raw = text.encode("utf-8", "surrogatepass")
        counts, starts, stops = _line_shapes(raw, separator)

        def line(i: int) -> str:
            return raw[starts[i] : stops[i]].decode("utf-8", "surrogatepass")

        wrong = np.flatnonzero(counts != width)
        bad = [f"line {i + 1} has {counts[i]}" for i in wrong if line(i).replace(separator, "").strip()]
        for i in np.flatnonzero(stops - starts > MAX_FIELD):  # bytes >= characters: only these may
            if max(map(len, line(i).split(separator))) > MAX_FIELD:
                raise refuse(f"{name}: line {i + 1}: a field is longer than {MAX_FIELD:,} characters")
    if bad:
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        raise refuse(f"{name}: the header has {width} fields but {', '.join(bad[:3])}{more}")


def _line_shapes(raw: bytes, separator: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each line of the text (split on LF): its fields (separators + 1), and where its bytes
    start and stop."""
    codes = np.frombuffer(raw, np.uint8)
    ends = np.flatnonzero(codes == 10)
    starts, stops = np.concatenate(([0], ends + 1)), np.append(ends, len(codes))
    separators = np.flatnonzero(codes == ord(separator))
    fields = np.searchsorted(separators, stops) - np.searchsorted(separators, starts) + 1
    return fields, starts, stops


def read_rows(data: bytes, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column as matched: trimmed text}) for every non-blank row of a file with a
    header of our own (participants, benefits, concerns): required columns by name, others kept."""
    table = open_table(data, name)
    table.require(required)
    names = table.names
    rows = [
        (line, {h: unquote(c.strip()) for h, c in zip(names, cells, strict=True)})
        for line, cells in table.rows()
    ]
    if not rows:
        raise refuse(f"{name} has a header but no data rows")
    return rows


def unquote(cell: str) -> str:
    """Undo the quote our CSV exports put before formula-like text ('=1+1 gives =1+1), so that
    export then import gives back the same text."""
    return cell[1:] if cell.startswith("'") and formula_like(cell[1:]) else cell


def formula_like(text: str) -> bool:
    """Text a spreadsheet would run (OWASP: it starts with = + - @ tab or CR), also behind
    apostrophes: '=1+1 typed as such is quoted once more, so that it comes back as typed."""
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def capped(errors: list[str], limit: int = 20) -> list[str]:
    """At most `limit` messages, so a wholly wrong file still gives a readable answer."""
    if len(errors) <= limit:
        return errors
    return [*errors[:limit], f"... and {len(errors) - limit} more problems"]


def safe_cell(value: object) -> object:
    """A text cell that would run as a formula in Excel, LibreOffice or Sheets (OWASP: it starts
    with = + - @ tab or CR) gets a leading apostrophe, which our CSV readers take off again."""
    if isinstance(value, str) and formula_like(value):
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
