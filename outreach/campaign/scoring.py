"""Scoring bills and jurisdictions against the campaign's nine-criteria rubric.

A criterion that is met counts 1, a partly met one 0.5; not met and unknown
count nothing. Unknown ratings are counted separately so a page can say a
score may be higher than shown. Where a jurisdiction stands (its strongest law,
its pending bills) is :mod:`outreach.campaign.standings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from outreach.models import Bill, Rating

CRITERIA = range(1, 10)


@dataclass(frozen=True)
class Score:
    """Points out of nine, and how many criteria fell in each rating."""

    points: float
    met: int = 0
    partial: int = 0
    not_met: int = 0
    unknown: int = 9
    total: int = 9

    @property
    def label(self) -> str:
        """``6/9`` or ``6.5/9``."""
        return f"{format_points(self.points)}/{self.total}"

    @property
    def band(self) -> int:
        """The whole-point colour band, 0–9 (a half point rounds down)."""
        return int(self.points)


ZERO = Score(points=0.0)


def format_points(points: float) -> str:
    """``6`` for 6.0 and ``6.5`` for 6.5."""
    return f"{points:g}"


def score_ratings(ratings: Mapping[int, Rating | str]) -> Score:
    """Score a mapping of criterion number to rating; missing criteria are unknown."""
    counts = {rating: 0 for rating in Rating}
    for number in CRITERIA:
        counts[Rating(ratings.get(number, Rating.UNKNOWN))] += 1
    points = sum(rating.points * n for rating, n in counts.items())
    return Score(
        points=points,
        met=counts[Rating.MET],
        partial=counts[Rating.PARTIAL],
        not_met=counts[Rating.NOT_MET],
        unknown=counts[Rating.UNKNOWN],
    )


def bill_score(bill: Bill) -> Score:
    """The score of one bill or law from its assessments."""
    return score_ratings({a.criterion: a.rating for a in bill.assessments})
