"""Share images: the campaign's map, a jurisdiction's score, a pending bill, drawn as PNG.

Pure drawing: a *card* (plain data, built from the database by
:mod:`outreach.share.kit`) goes in, PNG bytes come out; no request, no database, no
files. Each of the four sizes (:data:`SIZES`) has a layout of its own: two
columns for the wide link previews, a stack for the square feed post, a tall
stack that keeps clear of the app's buttons for stories.

The look follows the site: the national map reuses the tile layout and the
colour of every score from :mod:`outreach.campaign.tile_map` (so the image matches the map
page), the brand navy, and dark ink or white text on every fill, whichever
reads better. Type is big: the smallest text on an image is at least
:data:`MIN_TEXT_RATIO` of its shorter side, so it stays readable on a phone.
The fonts are the Bitstream Vera faces that ship with the pinned reportlab
package, so every machine draws the same pixels.

Images are drawn in RGB, then reduced to a palette of at most
:data:`PALETTE_COLOURS` colours (the drawings are flat colours and
anti-aliased text) and written at zlib level :data:`PNG_COMPRESS_LEVEL`: well
under :data:`MAX_BYTES` each."""

from __future__ import annotations

from outreach.share.campaign_image import campaign_square, campaign_story, campaign_wide
from outreach.share.canvas import Canvas, RenderStats
from outreach.share.cards import (
    SIZES,
    BillCard,
    CampaignCard,
    Card,
    CaseCard,
    JurisdictionCard,
    size_name,
)
from outreach.share.case_image import case_sheet
from outreach.share.sheet_image import sheet_square, sheet_story, sheet_wide

#: Bump when the drawing changes, so cached images are drawn again.
REVISION = 3


def draw(card: Card, size: tuple[int, int]) -> Canvas:
    """Lay ``card`` out at ``size`` (one of :data:`SIZES`) and draw it."""
    if size_name(size) not in SIZES:
        raise ValueError(f"unsupported size {size_name(size)}")
    width, height = size
    c = Canvas(width, height)
    wide = width > height
    story = height > width
    if isinstance(card, CampaignCard):
        if wide:
            campaign_wide(c, card)
        elif story:
            campaign_story(c, card)
        else:
            campaign_square(c, card)
    elif isinstance(card, JurisdictionCard | BillCard):
        if wide:
            sheet_wide(c, card)
        elif story:
            sheet_story(c, card)
        else:
            sheet_square(c, card)
    elif isinstance(card, CaseCard):
        case_sheet(c, card)
    else:  # pragma: no cover - typing guards this
        raise TypeError(f"not a card: {card!r}")
    return c


def render(card: Card, size: tuple[int, int]) -> bytes:
    """The PNG of ``card`` at ``size``."""
    return draw(card, size).png()


def render_with_stats(card: Card, size: tuple[int, int]) -> tuple[bytes, RenderStats]:
    """The PNG and what the drawing used (for tests: the smallest font)."""
    c = draw(card, size)
    return c.png(), c.stats
