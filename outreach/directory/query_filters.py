"""Filters read from a query string (or CLI options): one way for every list that filters.

The exports (:mod:`outreach.directory.export_filters`), the state lookups
(:func:`outreach.directory.lookup.state_officials`) and the JSON API read
their filters here, so that a value is stripped, a blank one treated, and an
unknown one refused with the same sentence everywhere:
``Unknown office “x”. Valid values: a, b.``
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from outreach.directory.errors import BlankFilters, InvalidFilter

#: How much of a refused value a message repeats.
SHOWN_LENGTH = 40


def read_query(
    args: Mapping[str, str | None], names: Iterable[str], *, refuse_blank: bool = False
) -> dict[str, str | None]:
    """Each filter of ``names`` stripped of spaces; None when absent or blank.

    Parameters that are not filters are ignored (a form's button, a cache buster).

    :param refuse_blank: refuse a filter given blank (``office=``) rather than ignore it.
    :raise BlankFilters: naming the blank filters, when ``refuse_blank``.
    """
    names = tuple(names)
    values = {name: (args.get(name) or "").strip() or None for name in names}
    if refuse_blank:
        blank = [name for name in names if name in args and values[name] is None]
        if blank:
            raise BlankFilters(blank)
    return values


def unknown(
    name: str, raw: str, valid: Iterable[str], *, shown: int = SHOWN_LENGTH, none: str = ""
) -> InvalidFilter:
    """The error for a value of ``name`` that is none of ``valid`` (``none`` if there are none)."""
    listed = ", ".join(valid) or none
    return InvalidFilter(name, f"Unknown {name} “{raw[:shown]}”. Valid values: {listed}.")


def choice(name: str, raw: str, valid: Collection[str], *, fold_case: bool = False) -> str:
    """``raw`` (lower-cased with ``fold_case``) when it is one of ``valid``.

    :raise InvalidFilter: listing the valid values.
    """
    value = raw.lower() if fold_case else raw
    if value not in valid:
        raise unknown(name, raw, valid)
    return value


def at_most(name: str, raw: str, limit: int, message: str) -> str:
    """``raw`` when it has at most ``limit`` characters.

    :raise InvalidFilter: with ``message``, for a longer one.
    """
    if len(raw) > limit:
        raise InvalidFilter(name, message)
    return raw
