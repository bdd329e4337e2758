"""Keeping exported cells from running as spreadsheet formulas (CSV injection).

Excel, LibreOffice Calc, Numbers and Google Sheets read a cell whose text
starts with ``=``, ``+``, ``-`` or ``@`` (and, in some of them, a tab or a
carriage return) as a formula, which can fetch URLs or, in old Excel, run
commands. The directory is public data that anyone can edit upstream (a name
field holding ``=HYPERLINK(…)`` has been seen), so every text cell of a CSV or
XLSX export goes through :func:`neutralize`.

The rule is OWASP's (CSV Injection page, and ASVS 1.2.10): prefix a single
quote ``'`` to any *text* cell that starts with one of those characters. It
is applied to text, however it looks: a phone published as ``+1 202 555 0100``
is text, so it becomes ``'+1 202 555 0100`` (a spreadsheet shows it as text,
which a phone number is anyway). Values that really are numbers (``int`` and
``float``, such as a directory id) are left alone: a number cannot hold a
formula, and XLSX stores it as a number.

Pure functions: no Flask, no database.
"""

from __future__ import annotations

from typing import TypeVar

#: What a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def is_dangerous(value: object) -> bool:
    """Whether ``value`` is text a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralize(value: T) -> T:
    """``'=1+2`` for ``=1+2``; other text, numbers, dates and None unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"  # type: ignore[return-value]
    return value
