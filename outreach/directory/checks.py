"""Checks of what people type or send: the limits of each input and the tests they pass.

Pure functions and constants, no database: the forms, the lookups, the
exports and the API share them so that one input is judged the same way
everywhere.
"""

from __future__ import annotations

import re
import unicodedata

#: A ZIP code: five digits, optionally ZIP+4 (``12345-6789`` or ``123456789``).
ZIP_RE = re.compile(r"^([0-9]{5})(?:-?([0-9]{4}))?$")
#: Longest district name accepted (in a lookup, a filter or a form).
MAX_DISTRICT_LENGTH = 80
#: Largest id the people table (INTEGER on PostgreSQL) can hold: larger ones are not found.
MAX_ID = 2**31 - 1


def has_control_characters(value: str) -> bool:
    """Whether ``value`` holds control, format or unassigned characters (category C)."""
    return any(unicodedata.category(c).startswith("C") for c in value)
