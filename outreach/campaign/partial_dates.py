"""Dates as precise as the sources: a day, a month, a year, or unknown.

A source that gives only "2021" must not become "January 1, 2021" on a page
or in a letter. Content writes such dates as ``2021-03-08``, ``2021-03``,
``2021`` or ``unknown``; each is kept with its precision, sorted by the first
day of its period and compared by the last.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year", "unknown")
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month, a year, or not at all."""

    precision: str
    year: int = 0
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``unknown``.

        :raise ValueError: naming the value and the accepted forms.
        """
        if isinstance(value, date):
            return cls("day", value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        text = value.strip() if isinstance(value, str) else ""
        if text.lower() == "unknown":
            return cls("unknown")
        match = _PATTERN.match(text)
        if match:
            year, month, day = (int(part) if part else 0 for part in match.groups())
            try:
                if day:
                    date(year, month, day)
                    return cls("day", year, month, day)
                if month:
                    date(year, month, 1)
                    return cls("month", year, month)
                date(year, 1, 1)
                return cls("year", year)
            except ValueError:
                pass
        raise ValueError(
            f"“{str(value)[:40]}” is not a date: write YYYY-MM-DD, YYYY-MM, YYYY or unknown"
        )

    @classmethod
    def of(cls, day: date | None, precision: str | None) -> PartialDate:
        """From a stored first day and precision."""
        if day is None or precision == "unknown":
            return cls("unknown")
        precision = precision if precision in PRECISIONS else "day"
        return cls(
            precision,
            day.year,
            day.month if precision != "year" else 0,
            day.day if precision == "day" else 0,
        )

    @property
    def known(self) -> bool:
        return self.precision != "unknown"

    @property
    def start(self) -> date:
        """The first day of the period (a sort key; the oldest possible for unknown)."""
        if not self.known:
            return date(1900, 1, 1)
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date | None:
        """The last day of the period; None when unknown."""
        if not self.known:
            return None
        if self.precision == "day":
            return date(self.year, self.month, self.day)
        if self.precision == "month":
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @property
    def iso(self) -> str:
        """``2021-03-08``, ``2021-03``, ``2021`` or ``unknown``."""
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        return "unknown"

    @property
    def label(self) -> str:
        """``March 8, 2021``, ``March 2021``, ``2021`` or ``date unknown``."""
        if self.precision == "day":
            return f"{MONTHS[self.month - 1]} {self.day}, {self.year}"
        if self.precision == "month":
            return f"{MONTHS[self.month - 1]} {self.year}"
        if self.precision == "year":
            return str(self.year)
        return "date unknown"

    def __str__(self) -> str:
        return self.iso


def label(value: object) -> str:
    """The display form of a stored partial date (text) or a date; ``date unknown`` if bad."""
    try:
        return PartialDate.parse(value).label
    except ValueError:
        return "date unknown"
