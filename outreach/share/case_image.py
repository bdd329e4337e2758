"""The share image of a qualified-immunity case: one column of blocks (where, the case's
name, its citation and court, the outcome, the story in one sentence), fitted to the
wide, square and story layouts.
"""

from __future__ import annotations

from outreach.share.canvas import PANEL, Canvas, draw_footer
from outreach.share.cards import CaseCard, ScoreMark
from outreach.share.sheet_image import Sheet, Sizes, _draw_blocks, _plan

#: The score panel of a sheet is not drawn for a case; its mark is a placeholder.
_NO_SCORE = ScoreMark("", PANEL, "")


def _sheet(card: CaseCard) -> Sheet:
    return Sheet(
        eyebrow=card.eyebrow.upper(),
        heading=card.name,
        heading_lines=2,
        sub=card.sub,
        panel_label="",
        score=_NO_SCORE,
        pill=card.outcome,
        pill_fill=card.outcome_fill,
        pill_ink=card.outcome_ink,
        details=(),
        ask=card.brief,
    )


def case_sheet(c: Canvas, card: CaseCard) -> None:
    """The case in one column above the footer; centred and lower in a story."""
    sheet = _sheet(card)
    story = c.height > c.width
    wide = c.width > c.height
    footer = c.height * (0.075 if story else 0.13 if wide else 0.1)
    draw_footer(c, card, footer, centred=story)
    unit = min(c.width, c.height)
    margin = c.width * 0.07 if not wide else c.height * 0.085
    width = c.width - 2 * margin
    top = c.height * 0.11 if story else margin * 0.9
    bottom = c.height - footer - (c.height * 0.04 if story else margin * 0.6)
    sizes = Sizes(
        eyebrow=c.min_font * 1.15 if not story else c.width * 0.034,
        heading=unit * (0.12 if wide else 0.1),
        heading_min=unit * 0.06,
        sub=unit * 0.045,
        pill=unit * 0.05,
        detail=unit * 0.04,
        ask=unit * (0.052 if wide else 0.055),
        gap=unit * 0.035,
    )
    parts = ("eyebrow", "heading", "sub", "pill", "ask")
    blocks = _plan(c, sheet, width, bottom - top, sizes, parts=parts, ask_lines=5 if story else 4)
    used = sum(b.height + b.gap for b in blocks)
    y = top + (max(0.0, bottom - top - used) / 3 if story else 0.0)
    _draw_blocks(c, sheet, blocks, margin, y, width, centred=story)
