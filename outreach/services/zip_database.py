"""USPS ZIP codes to state and city, from the offline ``zipcodes`` package.

The Census crosswalk only knows ZCTAs; PO-box and single-organisation ZIPs
are missing from it. This database knows every USPS ZIP, so such a ZIP still
resolves to its state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import zipcodes


@dataclass(frozen=True)
class ZipPlace:
    """Where a USPS ZIP code is: its state, main city and kind."""

    zip_code: str
    state: str
    city: str
    kind: str  # STANDARD | PO BOX | UNIQUE | MILITARY


@cache
def _index() -> dict[str, ZipPlace]:
    return {
        row["zip_code"]: ZipPlace(row["zip_code"], row["state"], row["city"], row["zip_code_type"])
        for row in zipcodes.list_all()
    }


def lookup(zip5: str) -> ZipPlace | None:
    """Return the place of a 5-digit ZIP code, or None when it does not exist."""
    return _index().get(zip5)


def warm() -> None:
    """Load the index now (it takes a fraction of a second) rather than on first use."""
    _index()
