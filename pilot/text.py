"""Text as people type or paste it: cells that may be blank, emails with stray invisible characters.

Every place that takes an email in (participants file, reports, forms, the pilot's sponsor)
normalises it here, so that one person always matches themselves.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INVISIBLE = "\u00a0\u200b\u200c\u200d\u2060\ufeff"  # pasted from web pages and Excel


def as_text(value: object) -> str:
    """A cell as a string: None, NaN and pandas' NA (empty editor cells) become ''."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def normalize_email(value: object) -> str:
    """The key reports match on: NFC, no invisible characters or spaces, lower case."""
    text = unicodedata.normalize("NFC", as_text(value))
    return text.strip(" \t\r\n" + INVISIBLE).translate({ord(c): None for c in INVISIBLE}).lower()
