"""The order officials are shown in, everywhere: federal, statewide, then legislators."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from outreach.directory.officials_read import Official
from outreach.models import OFFICE_ORDER

OfficialT = TypeVar("OfficialT", bound=Official)


def sort_officials(people: Iterable[OfficialT]) -> list[OfficialT]:
    """Order officials: federal first, then statewide, then legislators by district."""

    def key(person: OfficialT) -> tuple[int, str, tuple[tuple[int, int, str], ...], str]:
        role = person.role
        assert role is not None
        district = role.district or ""
        return (
            OFFICE_ORDER.get(role.office, 99),
            role.jurisdiction_abbr,
            natural_key(district),
            person.sort_name,
        )

    return sorted(people, key=key)


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort ``"2" < "10" < "10A" < "Ward 1"``: numbers by value, then text."""
    parts = re.split(r"(\d+)", text.lower())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)
