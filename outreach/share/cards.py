"""What a share image shows, as plain data: the cards, and the sizes offered.

A card is built from the database by :mod:`outreach.share.kit` and drawn by
:mod:`outreach.share.images`.
"""

from __future__ import annotations

from dataclasses import dataclass

from outreach.campaign import tile_map as tm

#: The sizes offered, by their name in URLs: link previews (Facebook, LinkedIn…), X,
#: the Instagram feed, stories.
SIZES: dict[str, tuple[int, int]] = {
    "1200x630": (1200, 630),
    "1200x675": (1200, 675),
    "1080x1080": (1080, 1080),
    "1080x1920": (1080, 1920),
}
DEFAULT_SIZE = "1200x630"
SIZE_LABELS = {
    "1200x630": "Link preview, Facebook, LinkedIn",
    "1200x675": "X (Twitter)",
    "1080x1080": "Instagram feed, square",
    "1080x1920": "Stories (Instagram, Facebook, WhatsApp)",
}


# --------------------------------------------------------------------------- cards


@dataclass(frozen=True)
class ScoreMark:
    """A score as drawn: ``6.5`` of 9, on the fill of its band (or the hatch)."""

    points: str
    fill: str  # "#rrggbb", or "" for the "no action recorded" hatch
    text: str

    @property
    def hatched(self) -> bool:
        return not self.fill.startswith("#")


@dataclass(frozen=True)
class CampaignCard:
    """The national picture: every tile, and how many jurisdictions have acted."""

    campaign: str
    tiles: tm.TileMap
    acted: int
    pending: int
    headline: str  # "states have a law that ends or limits qualified immunity"
    pending_line: str  # "Bills pending in 5 states"
    call: str  # "Where does your state stand?"
    site: str = ""  # "example.org/map", or "" for none


@dataclass(frozen=True)
class JurisdictionCard:
    """One state, DC, Puerto Rico or city: its score, status and the ask."""

    code: str
    name: str
    campaign: str
    score: ScoreMark
    status: str  # "Ended by law"
    status_fill: str
    status_text: str
    details: tuple[str, ...]  # "Law in force: SB20-217", "Pending: SB 26-005"
    ask: str
    eyebrow: str = "Where it stands on qualified immunity"
    site: str = ""


@dataclass(frozen=True)
class BillCard:
    """One pending bill: identifier, title, where, stage, score and the ask."""

    slug: str
    identifier: str
    title: str
    where: str  # "Colorado", "Congress"
    stage: str  # "Passed one chamber"
    campaign: str
    score: ScoreMark
    ask: str
    warning: str = ""  # for a bill that would write the immunity into law
    site: str = ""


@dataclass(frozen=True)
class CaseCard:
    """One qualified-immunity case: its name, where and which court, the outcome, the story."""

    slug: str
    name: str
    eyebrow: str  # "Qualified immunity case · Texas · Fifth Circuit"
    sub: str  # "747 F. App'x 950 · U.S. Court of Appeals for the Fifth Circuit · 2018"
    outcome: str  # "Immunity granted"
    outcome_fill: str
    outcome_ink: str
    brief: str
    campaign: str
    site: str = ""


Card = CampaignCard | JurisdictionCard | BillCard | CaseCard


# --------------------------------------------------------------------------- entry points


def parse_size(raw: str | None) -> tuple[int, int] | None:
    """``(1200, 630)`` for ``"1200x630"`` (default when empty); None for any other size."""
    if not raw:
        return SIZES[DEFAULT_SIZE]
    return SIZES.get(raw.strip().lower())


def size_name(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"
