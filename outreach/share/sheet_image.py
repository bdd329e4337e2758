"""The share image of a place or a bill: a sheet of blocks (where, the score, the status,
the ask) fitted to the wide, square and story layouts.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import ImageFont

from outreach.share.canvas import (
    ACCENT,
    BRAND,
    INK,
    MUTED,
    PANEL,
    WARNING,
    WHITE,
    Canvas,
    draw_footer,
    draw_pill,
    draw_score_panel,
    ellipsize,
    wrap,
)
from outreach.share.cards import BillCard, JurisdictionCard, ScoreMark

# ------------------------------------------------------------------------- a place, a bill


@dataclass(frozen=True)
class Sheet:
    """What a jurisdiction's or a bill's image shows, in the order it is read."""

    eyebrow: str
    heading: str
    heading_lines: int
    sub: str
    panel_label: str
    score: ScoreMark
    pill: str
    pill_fill: str
    pill_ink: str
    details: tuple[str, ...]
    ask: str


def _sheet(card: JurisdictionCard | BillCard) -> Sheet:
    if isinstance(card, JurisdictionCard):
        return Sheet(
            eyebrow=card.eyebrow.upper(),
            heading=card.name,
            heading_lines=2,
            sub="",
            panel_label="Score",
            score=card.score,
            pill=card.status,
            pill_fill=card.status_fill,
            pill_ink=card.status_text,
            details=card.details,
            ask=card.ask,
        )
    return Sheet(
        eyebrow=f"Pending bill · {card.where}".upper(),
        heading=card.identifier,
        heading_lines=1,
        sub=card.title,
        panel_label="Its score",
        score=card.score,
        pill=card.warning or card.stage,
        pill_fill=WARNING if card.warning else PANEL,
        pill_ink=WHITE if card.warning else BRAND,
        details=(card.stage,) if card.warning else (),
        ask=card.ask,
    )


@dataclass(frozen=True)
class Sizes:
    """Type sizes (pixels) and the gap between blocks, for one layout."""

    eyebrow: float
    heading: float
    heading_min: float
    sub: float
    pill: float
    detail: float
    ask: float
    gap: float


@dataclass
class Block:
    """A piece of text laid out: its font, lines and spacing."""

    kind: str
    font: ImageFont.FreeTypeFont
    lines: list[str]
    leading: float = 1.2
    gap: float = 0.0  # space above it

    @property
    def height(self) -> float:
        if self.kind == "pill":
            return self.font.size * 1.76
        return len(self.lines) * self.font.size * self.leading


def _fit_box(
    c: Canvas,
    text: str,
    width: float,
    height: float,
    size: float,
    *,
    bold: bool,
    max_lines: int,
    min_size: float,
    leading: float,
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest type (down to ``min_size``) at which ``text`` fits ``width`` ×
    ``height`` in at most ``max_lines`` lines."""
    low = max(c.min_font, min_size)
    while True:
        f, lines = c.fit(text, width, size, bold=bold, max_lines=max_lines, min_size=low)
        if len(lines) * f.size * leading <= height or f.size <= low:
            return f, lines
        size = max(low, f.size * 0.92)


def _plan(
    c: Canvas,
    sheet: Sheet,
    width: float,
    height: float,
    sizes: Sizes,
    *,
    parts: tuple[str, ...],
    sub_lines: int = 2,
    ask_lines: int = 3,
) -> list[Block]:
    """Lay ``parts`` of ``sheet`` out in a column of ``width`` × ``height``: everything
    at its size, the heading as big as the rest leaves room for; fewer detail and
    subtitle lines when even the smallest heading would not fit."""
    tries = ((2, sub_lines), (1, sub_lines), (1, 1), (0, 1))
    blocks: list[Block] = []
    for details_n, sub_n in tries:
        blocks = []
        for part in parts:
            gap = sizes.gap * (0.45 if part in ("heading",) else 1.0) if blocks else 0.0
            if part == "eyebrow":
                f, lines = c.fit(sheet.eyebrow, width, sizes.eyebrow, bold=True, max_lines=1)
                blocks.append(Block(part, f, lines, 1.2, gap))
            elif part == "heading":
                blocks.append(Block(part, c.font(sizes.heading, bold=True), [], 1.08, gap))
            elif part == "sub" and sheet.sub:
                f, lines = c.fit(
                    sheet.sub, width, sizes.sub, max_lines=sub_n, min_size=sizes.sub * 0.75
                )
                blocks.append(Block(part, f, lines, 1.2, sizes.gap * 0.15))
            elif part == "pill":
                blocks.append(Block(part, c.font(sizes.pill, bold=True), [sheet.pill], 1.0, gap))
            elif part == "details" and sheet.details and details_n:
                f = c.font(max(c.min_font, sizes.detail))
                lines = [ellipsize(d, f, width) for d in sheet.details[:details_n]]
                blocks.append(Block(part, f, lines, 1.35, sizes.gap * 0.6))
            elif part == "ask":
                f, lines = c.fit(sheet.ask, width, sizes.ask, bold=True, max_lines=ask_lines)
                blocks.append(Block(part, f, lines, 1.18, gap))
        heading = next((b for b in blocks if b.kind == "heading"), None)
        if heading is None:
            return blocks
        left = height - sum(b.height + b.gap for b in blocks if b is not heading)
        f, lines = _fit_box(
            c,
            sheet.heading,
            width,
            left,
            sizes.heading,
            bold=True,
            max_lines=sheet.heading_lines,
            min_size=sizes.heading_min,
            leading=1.08,
        )
        heading.font, heading.lines = f, lines
        if heading.height <= left + 0.5:
            return blocks
    return blocks


def _draw_blocks(
    c: Canvas,
    sheet: Sheet,
    blocks: list[Block],
    x: float,
    y: float,
    width: float,
    *,
    centred: bool = False,
) -> float:
    """Draw ``blocks`` from ``y`` down; return the bottom."""
    colours = {"eyebrow": ACCENT, "heading": INK, "sub": INK, "details": MUTED, "ask": BRAND}
    for block in blocks:
        y += block.gap
        if block.kind == "pill":
            left = x + width / 2 if centred else x
            y = draw_pill(
                c,
                left,
                y,
                sheet.pill,
                block.font.size,
                sheet.pill_fill,
                sheet.pill_ink,
                centre=centred,
                max_width=width,
            )
            continue
        align = "center" if centred else "left"
        y = c.lines(
            x,
            y,
            block.lines,
            block.font,
            fill=colours[block.kind],
            leading=block.leading,
            align=align,
            width=width,
        )
    return y


def sheet_wide(c: Canvas, card: JurisdictionCard | BillCard) -> None:
    """Two columns: the words on the left, the score on the right; the ask at the bottom."""
    sheet = _sheet(card)
    footer = c.height * 0.13
    draw_footer(c, card, footer)
    body = c.height - footer
    margin = c.height * 0.085
    side = min(body - 2 * margin, c.width * (0.34 if sheet.heading_lines == 2 else 0.3))
    px0 = c.width - margin - side
    py0 = (body - side) / 2
    draw_score_panel(c, (px0, py0, px0 + side, py0 + side), sheet.score, sheet.panel_label)
    x, width = margin, px0 - margin * 1.8
    top, bottom = margin * 0.95, body - margin * 0.7
    sizes = Sizes(
        eyebrow=c.min_font * 1.15,
        heading=body * (0.17 if sheet.heading_lines == 2 else 0.15),
        heading_min=body * 0.07,
        sub=body * 0.06,
        pill=body * 0.052,
        detail=body * 0.042,
        ask=body * 0.062,
        gap=body * 0.035,
    )
    parts = ("eyebrow", "heading", "sub", "pill", "details", "ask")
    blocks = _plan(c, sheet, width, bottom - top, sizes, parts=parts)
    ask = blocks[-1]
    _draw_blocks(c, sheet, blocks[:-1], x, top, width)
    c.lines(x, bottom - ask.height, ask.lines, ask.font, fill=BRAND, leading=ask.leading)


def sheet_square(c: Canvas, card: JurisdictionCard | BillCard) -> None:
    """The words on top, the score beside the status, the ask at the bottom."""
    sheet = _sheet(card)
    footer = c.height * 0.1
    draw_footer(c, card, footer)
    margin = c.width * 0.07
    width = c.width - 2 * margin
    top, bottom = margin * 0.85, c.height - footer - margin * 0.6
    sizes = Sizes(
        eyebrow=c.min_font * 1.15,
        heading=c.width * (0.11 if sheet.heading_lines == 2 else 0.12),
        heading_min=c.width * 0.06,
        sub=c.width * 0.05,
        pill=c.width * 0.042,
        detail=c.width * 0.032,
        ask=c.width * 0.058,
        gap=c.width * 0.04,
    )
    ask = _plan(c, sheet, width, bottom - top, sizes, parts=("ask",), ask_lines=2)[0]
    panel_max = c.width * (0.38 if sheet.heading_lines == 2 else 0.34)
    panel_min = c.width * 0.26
    head_room = bottom - top - ask.height - 2 * sizes.gap - panel_min
    head = _plan(c, sheet, width, head_room, sizes, parts=("eyebrow", "heading", "sub"))
    used = sum(b.height + b.gap for b in head)
    side = max(panel_min, min(panel_max, bottom - top - used - ask.height - 2 * sizes.gap))
    y = _draw_blocks(c, sheet, head, margin, top, width) + sizes.gap
    draw_score_panel(c, (margin, y, margin + side, y + side), sheet.score, sheet.panel_label)
    rx = margin + side + c.width * 0.05
    rw = c.width - margin - rx
    ry = draw_pill(
        c,
        rx,
        y + side * 0.08,
        sheet.pill,
        sizes.pill,
        sheet.pill_fill,
        sheet.pill_ink,
        max_width=rw,
    )
    small = c.font(max(c.min_font, sizes.detail))
    ry += c.width * 0.035
    for detail in sheet.details[:3]:
        lines = wrap(detail, small, rw)[:2]
        if ry + len(lines) * small.size * 1.25 > y + side:
            break
        ry = c.lines(rx, ry, lines, small, fill=MUTED, leading=1.25) + small.size * 0.45
    ask_y = max(y + side + sizes.gap, bottom - ask.height)
    c.lines(margin, ask_y, ask.lines, ask.font, fill=BRAND, leading=ask.leading)


def sheet_story(c: Canvas, card: JurisdictionCard | BillCard) -> None:
    """One centred column, kept clear of the bands the apps cover at the top and the
    bottom; the score panel gives up height when the words need it."""
    sheet = _sheet(card)
    footer = c.height * 0.075
    draw_footer(c, card, footer, centred=True)
    margin = c.width * 0.07
    width = c.width - 2 * margin
    top, bottom = c.height * 0.11, c.height - footer - c.height * 0.04
    sizes = Sizes(
        eyebrow=c.width * 0.034,
        heading=c.width * (0.13 if sheet.heading_lines == 2 else 0.12),
        heading_min=c.width * 0.07,
        sub=c.width * 0.05,
        pill=c.width * 0.045,
        detail=c.width * 0.036,
        ask=c.width * 0.062,
        gap=c.width * 0.045,
    )
    panel_max = c.width * (0.56 if sheet.heading_lines == 2 else 0.5)
    panel_min = c.width * 0.34
    before = _plan(
        c,
        sheet,
        width,
        bottom - top - panel_min,
        sizes,
        parts=("eyebrow", "heading", "sub"),
        sub_lines=3,
    )
    after = _plan(c, sheet, width, c.height, sizes, parts=("pill", "details", "ask"))
    after[0].gap = 0.0
    words = sum(b.height + b.gap for b in before + after)
    side = max(panel_min, min(panel_max, bottom - top - words - 2 * sizes.gap))
    spare = max(0.0, bottom - top - words - side - 2 * sizes.gap)
    y = top + spare / 3
    y = _draw_blocks(c, sheet, before, margin, y, width, centred=True) + sizes.gap
    x0 = (c.width - side) / 2
    draw_score_panel(c, (x0, y, x0 + side, y + side), sheet.score, sheet.panel_label)
    y += side + sizes.gap
    _draw_blocks(c, sheet, after, margin, y, width, centred=True)
