"""Text as people type or paste it: cells that may be blank, emails and column names with stray
invisible characters.

Every place that takes an email in (participants file, reports, forms, the pilot's sponsor)
normalises it here, so that one person always matches themselves; every file we read matches
its column names here.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

PART = r"[^@\s\x00-\x1f\x7f]+"  # no spaces, no control characters
EMAIL = re.compile(rf"^{PART}@{PART}\.{PART}$")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # pasted from web pages and Excel
INVISIBLE = "\u00a0" + ZERO_WIDTH
DROP_ZERO_WIDTH = {ord(c): None for c in ZERO_WIDTH}
DROP_INVISIBLE = {ord(c): None for c in INVISIBLE}


MAX_NAME = 200  # a name: a person, a department, a pilot, a tool, a unit (README: "Text limits")
MAX_TEXT = 5_000  # a description: a story, a concern, a purpose, a rule, a note


def too_long(value: str, what: str, limit: int) -> list[str]:
    """The error for a text field over its limit (a pasted 9 MB name, a 200 KB story), or none."""
    if len(value) <= limit:
        return []
    return [f"{what} is {len(value):,} characters long: the limit is {limit:,}"]


def as_text(value: object) -> str:
    """A cell as a string: None, NaN and pandas' NA (empty editor cells) become ''."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def normalize_email(value: object) -> str:
    """The key reports match on: NFC, no invisible characters or spaces, lower case."""
    text = unicodedata.normalize("NFC", as_text(value))
    return text.strip(" \t\r\n" + INVISIBLE).translate(DROP_INVISIBLE).lower()


def visible(text: str) -> str:
    """Text with its control and format characters written out (ESC as \\x1b): a file name
    with ANSI escape codes cannot recolour a terminal or hide itself in a message."""
    return "".join(c if c.isprintable() or c == " " else _escaped(c) for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def normalize_emails(values: pd.Series) -> pd.Series:
    """`normalize_email` of a whole column: plain ASCII cells (nearly all) vectorised, which
    gives the same key; the rest one by one. A 100,000-row report in milliseconds."""
    text = values.fillna("").astype("str")
    ascii_only = text.str.isascii()
    out = text.str.strip(" \t\r\n").str.lower()
    if not ascii_only.all():
        out = out.where(ascii_only, text[~ascii_only].map(normalize_email))
    return out


def column_name(name: str) -> str:
    """A column name as matched: case, spacing and invisible characters ignored, so that
    'User Principal Name', ' user  principal name' and a BOM-led header all match."""
    return " ".join(name.translate(DROP_ZERO_WIDTH).split()).casefold()


# Characters that start Markdown syntax anywhere in a line: links, images, emphasis, code, tables, math.
# `(` needs no escape: with `[` and `]` escaped, no link or image can form.
INLINE = set("\\`*_[]!|~$#{}")
HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
ESCAPES = str.maketrans({**HTML, **{c: "\\" + c for c in INLINE}})  # one C pass: a table escapes every cell
BLOCK_START = re.compile(r"^(\d+)([.)])(?=\s|$)")  # "1. " would start a numbered list
# Bare URLs and emails become links by themselves in GitHub-flavoured Markdown (Streamlit's too),
# found in the text after escapes are read: an invisible word joiner after "https:", "www" or "@"
# breaks the autolink (GFM's email needs a letter, digit, "-" or "_" right after the "@").
AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)(?=\S)")
WORD_JOINER = "\u2060"
# Streamlit reads `:name` as a directive even before an escaped `\[`: `:red` alone draws a coloured
# span, `:material/x:` an icon. A directive's name starts with a letter, so a colon before one is escaped.
DIRECTIVE = re.compile(r":(?=[A-Za-z])")


def escape(value: object) -> str:
    """Text as inert Markdown: one line, every metacharacter escaped, no HTML."""
    flat = " ".join(str(value if value is not None else "").split())
    out = flat.translate(ESCAPES)
    if out[:1] in ("-", "+", "=", ">"):
        out = "\\" + out
    out = DIRECTIVE.sub(r"\\:", BLOCK_START.sub(r"\1\\\2", out))
    return AUTOLINK.sub(WORD_JOINER, out)


def pseudonym(participant_id: int, department: str) -> str:
    """A participant as viewers and summaries see them when names are hidden: stable (the row's
    number never changes) and still useful (their department), e.g. "Participant 17 (Sales)"."""
    return f"Participant {participant_id} ({department})"
