"""The cards of the share images, built from the database: the campaign's, a place's,
a bill's, each with its alt text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from outreach.campaign import cases as campaign_cases
from outreach.campaign import records as campaign
from outreach.campaign import standings
from outreach.campaign.scoring import Score
from outreach.campaign.standings import Standing
from outreach.campaign.tile_map import band_fill, swatch_for, text_colour, tile_map
from outreach.models import Bill, Case, CaseOutcome, ReformStatus
from outreach.share import texts as share_texts
from outreach.share.cards import (
    BillCard,
    CampaignCard,
    Card,
    CaseCard,
    JurisdictionCard,
    ScoreMark,
)
from outreach.share.shareable import (
    ImageKey,
    NotShareable,
    bill_path,
    campaign_name,
    place_path,
    resolve_bill,
    resolve_case,
    resolve_place,
    site_label,
    where_name,
)

#: The status label's colours on the images (text on fill meets 4.5:1).
STATUS_COLOURS: dict[ReformStatus | None, tuple[str, str]] = {
    ReformStatus.ENACTED: ("#12355b", "#ffffff"),
    ReformStatus.LIMITED: ("#1b72b0", "#ffffff"),
    ReformStatus.PENDING: ("#fff4db", "#5c3300"),
    ReformStatus.NONE: ("#eef3f9", "#17202e"),
    ReformStatus.STRENGTHENED: ("#8c2d04", "#ffffff"),
    None: ("#eef3f9", "#17202e"),
}


# --------------------------------------------------------------------------- cards


@dataclass(frozen=True)
class Overview:
    """The national figures the campaign image and posts use."""

    standings: list[Standing]
    acted: int
    pending: int

    @classmethod
    def read(cls, session: Session) -> Overview:
        standings = campaign.all_standings(session, date.today())
        acted = sum(
            1 for s in standings if s.status in (ReformStatus.ENACTED, ReformStatus.LIMITED)
        )
        pending = sum(1 for s in standings if s.has_pending)
        return cls(standings, acted, pending)


def campaign_card(session: Session, site: str = "") -> tuple[CampaignCard, str]:
    """The campaign's card and its alt text."""
    name = campaign_name(session)
    overview = Overview.read(session)
    states = "state has" if overview.acted == 1 else "states have"
    card = CampaignCard(
        campaign=name,
        tiles=tile_map(overview.standings),
        acted=overview.acted,
        pending=overview.pending,
        headline=f"{states} a law that ends or limits qualified immunity",
        pending_line=(
            f"Bills pending in {overview.pending} {'state' if overview.pending == 1 else 'states'}"
            if overview.pending
            else "Tiles show each state's score"
        ),
        call="Where does your state stand?",
        site=site_label(site, "/map"),
    )
    alt = share_texts.campaign_alt(name, overview.standings, overview.acted, overview.pending)
    return card, alt


def _glue(text: str, *identifiers: str) -> str:
    """``text`` with each bill identifier's spaces made non-breaking (kept on one line)."""
    for identifier in identifiers:
        text = text.replace(identifier, identifier.replace(" ", "\u00a0"))
    return text


def _mark(points: str, fill: str, text: str) -> ScoreMark:
    return ScoreMark(points=points, fill=fill, text=text)


def place_card(
    session: Session, standing: Standing, site: str = ""
) -> tuple[JurisdictionCard, str]:
    """A jurisdiction's card and its alt text."""
    name = campaign_name(session)
    swatch = swatch_for(standing)
    fill = swatch.fill if swatch.fill.startswith("#") else ""
    status_fill, status_text = STATUS_COLOURS.get(standing.status, STATUS_COLOURS[None])
    details = []
    law = standing.strongest_law
    if law is not None:
        details.append(f"Law in force: {law.identifier}")
    bill = standings.reform_bill_pending(standing)
    if bill is not None:
        details.append(f"Pending: {bill.identifier} ({bill.stage_kind.label.lower()})")
    elif standing.record is None:
        details.append("The campaign has no record of reform here yet")
    elif law is None:
        details.append("No law in force ends or limits it")
    kind_word = "city" if standing.kind in ("city", "county") else "state"
    card = JurisdictionCard(
        code=standing.code,
        name=standing.name,
        campaign=name,
        score=_mark(standing.score.label.split("/")[0], fill, swatch.text),
        status=standing.status_label,
        status_fill=status_fill,
        status_text=status_text,
        details=tuple(details),
        ask=_glue(share_texts.ask_for(standing), *(b.identifier for b, _ in standing.pending)),
        eyebrow=f"Qualified immunity: where this {kind_word} stands",
        site=site_label(site, place_path(standing.code)),
    )
    return card, share_texts.jurisdiction_alt(standing, name)


def bill_card(session: Session, bill: Bill, score: Score, site: str = "") -> tuple[BillCard, str]:
    """A pending bill's card and its alt text."""
    name = campaign_name(session)
    where = where_name(session, bill.jurisdiction)
    fill = band_fill(score.band)
    reform = standings.is_reform(bill)
    card = BillCard(
        slug=bill.slug,
        identifier=bill.identifier,
        title=bill.title,
        where=where,
        stage=bill.stage_kind.label,
        campaign=name,
        score=_mark(score.label.split("/")[0], fill, text_colour(fill)),
        ask=_glue(share_texts.bill_ask(bill), bill.identifier),
        warning="" if reform else share_texts.rollback_warning(bill),
        site=site_label(site, bill_path(bill)),
    )
    return card, share_texts.bill_alt(bill, score, where, name)


#: The outcome label's colours on a case's image (text on fill meets 4.5:1).
OUTCOME_COLOURS = {
    CaseOutcome.GRANTED: ("#8c2d04", "#ffffff"),
    CaseOutcome.DENIED: ("#12355b", "#ffffff"),
    CaseOutcome.OTHER: ("#eef3f9", "#17202e"),
}


def case_card(session: Session, case: Case, site: str = "") -> tuple[CaseCard, str]:
    """A case's card and its alt text."""
    circuit = campaign_cases.circuit_of(session, case.state)
    where = campaign_cases.jurisdiction_name(case.state)
    eyebrow = " · ".join(["Qualified immunity case", where, *([circuit.name] if circuit else [])])
    sub = " · ".join(part for part in (case.citation, case.court, str(case.year)) if part)
    fill, ink = OUTCOME_COLOURS[case.outcome_kind]
    card = CaseCard(
        slug=case.slug,
        name=case.name,
        eyebrow=eyebrow,
        sub=sub,
        outcome=case.outcome_label,
        outcome_fill=fill,
        outcome_ink=ink,
        brief=case.brief,
        campaign=campaign_name(session),
        site=site_label(site, f"/cases/{case.slug}"),
    )
    alt = (
        f"{case.name} ({case.year}), a qualified immunity case from {where}: "
        f"{case.outcome_label.lower()}. {case.brief}"
    )
    return card, alt


def card_for(session: Session, key: ImageKey, site: str = "") -> tuple[Card, str]:
    """The card and alt text of ``key``.

    :raise NotShareable: for a key with no image.
    """
    if key.kind == "campaign":
        return campaign_card(session, site)
    if key.kind == "place":
        return place_card(session, resolve_place(session, key.key), site)
    if key.kind == "bill":
        bill, score = resolve_bill(session, key.key)
        return bill_card(session, bill, score, site)
    if key.kind == "case":
        return case_card(session, resolve_case(session, key.key), site)
    raise NotShareable(key.kind)
