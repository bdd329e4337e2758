"""What can be shared: the image keys, the places and pending bills that have an image,
and resolving a key to its data (:class:`NotShareable` for anything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.campaign import records as campaign
from outreach.campaign import standings
from outreach.campaign.scoring import Score, bill_score
from outreach.campaign.standings import Standing
from outreach.directory import jurisdictions
from outreach.directory.errors import UnknownJurisdiction
from outreach.models import Bill, Case, Place
from outreach.share import cards

DEFAULT_CAMPAIGN = "End Qualified Immunity"
FEDERAL = "US"


class NotShareable(LookupError):
    """No image for that key: not a known jurisdiction, or not a pending bill."""


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True)
class ImageKey:
    """Which image: ``campaign``, a ``place`` (state, DC, PR, city) or a pending ``bill``."""

    kind: str
    key: str = ""

    @classmethod
    def campaign(cls) -> ImageKey:
        return cls("campaign")

    @classmethod
    def place(cls, code: str) -> ImageKey:
        return cls("place", code.lower())

    @classmethod
    def bill(cls, slug: str) -> ImageKey:
        return cls("bill", slug.lower())

    @classmethod
    def case(cls, slug: str) -> ImageKey:
        return cls("case", slug.lower())

    def alt_name(self) -> str:
        """``campaign-alt.txt``, ``co-alt.txt``, ``bill-co-sb26-005-alt.txt``."""
        return self.file_name((0, 0)).replace("-0x0.png", "-alt.txt")

    def file_name(self, size: tuple[int, int]) -> str:
        """``campaign-1200x630.png``, ``co-1080x1080.png``, ``bill-co-sb26-005-1200x675.png``."""
        suffix = cards.size_name(size)
        if self.kind == "campaign":
            return f"campaign-{suffix}.png"
        if self.kind == "place":
            return f"{self.key}-{suffix}.png"
        if self.kind == "case":
            return f"case-{self.key}-{suffix}.png"
        return f"bill-{self.key}-{suffix}.png"


def site_label(base: str, path: str) -> str:
    """``example.org/states/co`` from ``https://example.org`` and ``/states/co``."""
    if not base:
        return ""
    parts = urlsplit(base if "//" in base else f"//{base}")
    host = (parts.netloc or parts.path).removeprefix("www.")
    return f"{host}{parts.path.rstrip('/') if parts.netloc else ''}{path}"


#: Paths printed on the images under the site's address (the site's own routes).
def place_path(code: str) -> str:
    return f"/states/{code.lower()}"


def bill_path(bill: Bill) -> str:
    return "/federal" if bill.jurisdiction == FEDERAL else place_path(bill.jurisdiction)


# --------------------------------------------------------------------------- reading


def campaign_name(session: Session) -> str:
    found = campaign.get_campaign(session)
    return found.name if found else DEFAULT_CAMPAIGN


def pending_bills(session: Session, jurisdiction: str | None = None) -> list[tuple[Bill, Score]]:
    """Pending reform bills (to pass) and pending rollbacks (to oppose), newest first."""
    query = (
        select(Bill)
        .where(standings.alive_clause())
        .order_by(Bill.last_action.desc(), Bill.identifier)
    )
    if jurisdiction:
        query = query.where(Bill.jurisdiction == jurisdiction.upper())
    today = date.today()
    return [
        (bill, bill_score(bill))
        for bill in session.scalars(query)
        if standings.is_pending(bill, today) or standings.is_pending_rollback(bill, today)
    ]


def place_codes(session: Session) -> list[str]:
    """Every jurisdiction with an image: the map's, then cities with records."""
    places = session.scalars(select(Place.code).order_by(Place.code))
    return [*campaign.MAP_JURISDICTIONS, *places]


def image_keys(session: Session) -> list[ImageKey]:
    """Every image that can exist for the current content."""
    return [
        ImageKey.campaign(),
        *(ImageKey.place(code) for code in place_codes(session)),
        *(ImageKey.bill(bill.slug) for bill, _ in pending_bills(session)),
        *(ImageKey.case(slug) for slug in session.scalars(select(Case.slug).order_by(Case.slug))),
    ]


def key_limit(session: Session) -> int:
    """How many images one content version may store: (places + bills + cases + 1) × sizes."""
    places = session.scalar(select(func.count()).select_from(Place)) or 0
    bills = (
        session.scalar(select(func.count()).select_from(Bill).where(standings.alive_clause())) or 0
    )
    found = session.scalar(select(func.count()).select_from(Case)) or 0
    return (len(campaign.MAP_JURISDICTIONS) + places + bills + found + 1) * len(cards.SIZES)


def resolve_place(session: Session, raw: str) -> Standing:
    """The standing of a map jurisdiction or a city.

    :raise NotShareable: for anything else (territories off the map, unknown codes).
    """
    code = (raw or "").strip().upper()[:8]
    if not code.isalpha():
        raise NotShareable(raw)
    if code not in campaign.MAP_JURISDICTIONS and session.get(Place, code) is None:
        raise NotShareable(raw)
    try:
        return campaign.standing(session, code, date.today())
    except UnknownJurisdiction:
        raise NotShareable(raw) from None


def resolve_bill(session: Session, slug: str) -> tuple[Bill, Score]:
    """A pending bill by slug.

    :raise NotShareable: when there is none.
    """
    bill = campaign.get_bill(session, (slug or "").lower())
    if bill is None or not standings.is_alive(bill):
        raise NotShareable(slug)
    return bill, bill_score(bill)


def resolve_case(session: Session, slug: str) -> Case:
    """A case by slug.

    :raise NotShareable: when there is none.
    """
    found = session.scalars(select(Case).where(Case.slug == (slug or "").lower()[:80])).first()
    if found is None:
        raise NotShareable(slug)
    return found


def where_name(session: Session, code: str) -> str:
    """``Colorado``, ``New York City``, ``Congress``."""
    if code == FEDERAL:
        return "Congress"
    info = jurisdictions.JURISDICTIONS.get(code)
    if info is not None:
        return info.name
    place = session.get(Place, code)
    return place.name if place else code
