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
anti-aliased text) and written with ``optimize=True``: well under
:data:`MAX_BYTES` each.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont

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
#: The smallest text drawn, as a share of the image's shorter side.
MIN_TEXT_RATIO = 0.025
MAX_BYTES = 300_000
PALETTE_COLOURS = 256
#: Bump when the drawing changes, so cached images are drawn again.
REVISION = 3

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "Vera.ttf"
BOLD = FONT_DIR / "VeraBd.ttf"

INK = tm.INK
MUTED = "#4a5568"
BRAND = "#12355b"
BRAND_SOFT = "#c9d8ea"
ACCENT = "#0b5cad"
PAGE = "#ffffff"
PANEL = "#eef3f9"
LINE = "#d5dce6"
WHITE = "#ffffff"
WARNING = tm.STRENGTHENED_FILL


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


Card = CampaignCard | JurisdictionCard | BillCard


# --------------------------------------------------------------------------- drawing


@lru_cache(maxsize=512)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Bitstream Vera (Sans or Sans Bold) at ``size`` pixels."""
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


@dataclass
class RenderStats:
    """What a drawing used: the smallest font size, in pixels."""

    min_font: int = 10_000
    fonts: set[int] = field(default_factory=set)


class Canvas:
    """An RGB image with the drawing helpers the layouts use."""

    def __init__(self, width: int, height: int, background: str = PAGE) -> None:
        self.width = width
        self.height = height
        self.image = Image.new("RGB", (width, height), background)
        self.draw = ImageDraw.Draw(self.image)
        self.stats = RenderStats()
        self.min_font = max(1, round(MIN_TEXT_RATIO * min(width, height) + 0.4999))

    # -- type

    def font(self, size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
        px = max(1, round(size))
        self.stats.min_font = min(self.stats.min_font, px)
        self.stats.fonts.add(px)
        return font(px, bold)

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: float,
        *,
        bold: bool = False,
        fill: str = INK,
        anchor: str = "la",
    ) -> float:
        """Draw one line; return its width."""
        f = self.font(size, bold)
        self.draw.text(xy, text, font=f, fill=fill, anchor=anchor)
        return f.getlength(text)

    def lines(
        self,
        x: float,
        y: float,
        lines: Sequence[str],
        f: ImageFont.FreeTypeFont,
        *,
        fill: str = INK,
        leading: float = 1.2,
        align: str = "left",
        width: float = 0,
    ) -> float:
        """Draw lines top-down from ``y`` (the top of the first); return the bottom."""
        step = f.size * leading
        ascent = f.getmetrics()[0]
        for i, line in enumerate(lines):
            baseline = y + i * step + ascent
            if align == "center":
                self.draw.text((x + width / 2, baseline), line, font=f, fill=fill, anchor="ms")
            else:
                self.draw.text((x, baseline), line, font=f, fill=fill, anchor="ls")
        return y + len(lines) * step

    def fit(
        self,
        text: str,
        width: float,
        max_size: float,
        *,
        bold: bool = False,
        max_lines: int = 2,
        min_size: float = 0,
    ) -> tuple[ImageFont.FreeTypeFont, list[str]]:
        """The largest font (down to ``min_size``) at which ``text`` wraps into
        ``max_lines`` lines of ``width``; at the smallest, the last line is cut
        with an ellipsis."""
        low = max(self.min_font, round(min_size))
        size = max(low, round(max_size))
        while True:
            f = self.font(size, bold)
            wrapped = wrap(text, f, width)
            if len(wrapped) <= max_lines or size <= low:
                break
            size = max(low, int(size * 0.93))
        if len(wrapped) > max_lines:
            wrapped = wrapped[:max_lines]
            wrapped[-1] = ellipsize(wrapped[-1] + " …", f, width)
        return f, wrapped

    # -- shapes

    def box(self, xy: Sequence[float], fill: str, radius: float = 0, outline: str | None = None):
        x0, y0, x1, y1 = (round(v) for v in xy)
        if radius:
            self.draw.rounded_rectangle(
                (x0, y0, x1, y1), radius=round(radius), fill=fill, outline=outline
            )
        else:
            self.draw.rectangle((x0, y0, x1, y1), fill=fill, outline=outline)

    def hatch(self, xy: Sequence[float], radius: float = 0) -> None:
        """The "no action recorded" hatch of the map, in a (rounded) box."""
        x0, y0, x1, y1 = (round(v) for v in xy)
        w, h = x1 - x0, y1 - y0
        short = min(w, h)
        tile = _hatch(w, h, max(6, min(20, round(short / 7))), max(2, min(4, round(short / 28))))
        mask = _rounded_mask(w, h, round(radius))
        self.image.paste(tile, (x0, y0), mask)
        self.draw.rounded_rectangle(
            (x0, y0, x1 - 1, y1 - 1), radius=round(radius), outline=tm.TILE_STROKE, width=2
        )

    def score_swatch(self, xy: Sequence[float], mark: ScoreMark, radius: float) -> None:
        if mark.hatched:
            self.hatch(xy, radius)
        else:
            self.box(xy, mark.fill, radius)
            if mark.fill.lower() in ("#ffffd9", "#eff9b5", "#ffffff"):
                x0, y0, x1, y1 = xy
                self.draw.rounded_rectangle(
                    (round(x0), round(y0), round(x1) - 1, round(y1) - 1),
                    radius=round(radius),
                    outline=tm.TILE_STROKE,
                    width=2,
                )

    def ring(self, cx: float, cy: float, r: float, colour: str, width: int) -> None:
        """A ring, anti-aliased (drawn four times larger and reduced)."""
        sprite = _ring(round(r), width, colour)
        self.image.paste(
            sprite, (round(cx - sprite.width / 2), round(cy - sprite.height / 2)), sprite
        )

    def png(self) -> bytes:
        """The image as an optimized palette PNG (see :func:`to_palette`)."""
        out = io.BytesIO()
        to_palette(self.image).save(out, format="PNG", optimize=True)
        return out.getvalue()


def to_palette(image: Image.Image) -> Image.Image:
    """``image`` with at most :data:`PALETTE_COLOURS` colours, its flat colours exact.

    The drawings are flat fills plus anti-aliased edges: median cut gives
    each colour that covers many pixels (the fills, the map's score colours,
    the ink) a palette entry of its own, so those stay exactly as on the site;
    only the edges' in-between shades move a little. No dithering: flat
    areas stay flat and compress well.
    """
    return image.quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )


@lru_cache(maxsize=64)
def _hatch(w: int, h: int, spacing: int, width: int) -> Image.Image:
    img = Image.new("RGB", (w, h), tm.HATCH_BACKGROUND)
    draw = ImageDraw.Draw(img)
    for offset in range(-h, w + h, spacing):
        draw.line((offset, h, offset + h, 0), fill=tm.HATCH_LINE, width=width)
    return img


@lru_cache(maxsize=64)
def _rounded_mask(w: int, h: int, radius: int) -> Image.Image:
    scale = 4
    big = Image.new("L", (w * scale, h * scale), 0)
    ImageDraw.Draw(big).rounded_rectangle(
        (0, 0, w * scale - 1, h * scale - 1), radius=radius * scale, fill=255
    )
    return big.resize((w, h), Image.Resampling.LANCZOS)


@lru_cache(maxsize=64)
def _ring(r: int, width: int, colour: str) -> Image.Image:
    scale = 4
    size = (2 * r + 2 * width + 2) * scale
    big = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    c = size / 2
    outer = (r + width / 2) * scale
    ImageDraw.Draw(big).ellipse(
        (c - outer, c - outer, c + outer, c + outer), outline=colour, width=width * scale
    )
    return big.resize((size // scale, size // scale), Image.Resampling.LANCZOS)


def wrap(text: str, f: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap; a word wider than ``width`` is cut with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in (w for w in text.split(" ") if w):
        candidate = f"{current} {word}" if current else word
        if f.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word if f.getlength(word) <= width else ellipsize(word, f, width)
    if current:
        lines.append(current)
    return [line.replace("\u00a0", " ") for line in lines] or [""]


def ellipsize(text: str, f: ImageFont.FreeTypeFont, width: float) -> str:
    """``text`` cut (with "…") to fit ``width``."""
    if f.getlength(text) <= width:
        return text
    while text and f.getlength(text.rstrip() + "…") > width:
        text = text[:-1]
    return text.rstrip(" ,;:·–—") + "…"


# --------------------------------------------------------------------------- pieces


def _footer(c: Canvas, card: Card, height: float, *, centred: bool = False) -> None:
    """The navy band at the bottom: the campaign's name and the site."""
    top = c.height - height
    c.box((0, top, c.width, c.height), BRAND)
    unit = min(c.width, c.height)
    margin = unit * 0.06
    name_size = max(c.min_font, height * 0.3)
    name = card.campaign.upper()
    mid = top + height / 2
    if card.site and not centred:
        f = c.font(name_size, bold=True)
        need = f.getlength(name) + c.font(name_size).getlength(card.site) + 3 * margin
        centred = need > c.width
    if centred:
        if card.site:
            c.text(
                (c.width / 2, mid - height * 0.04),
                name,
                name_size,
                bold=True,
                fill=WHITE,
                anchor="md",
            )
            c.text(
                (c.width / 2, mid + height * 0.1),
                card.site,
                name_size * 0.95,
                fill=BRAND_SOFT,
                anchor="ma",
            )
        else:
            c.text((c.width / 2, mid), name, name_size, bold=True, fill=WHITE, anchor="mm")
        return
    c.text((margin, mid), name, name_size, bold=True, fill=WHITE, anchor="lm")
    if card.site:
        c.text((c.width - margin, mid), card.site, name_size, fill=WHITE, anchor="rm")


def _score_panel(
    c: Canvas, xy: tuple[float, float, float, float], mark: ScoreMark, label: str
) -> None:
    """A square in the score's colour: the label, the big score, "/9"."""
    x0, y0, x1, y1 = xy
    side = min(x1 - x0, y1 - y0)
    c.score_swatch(xy, mark, radius=side * 0.08)
    ink = mark.text
    c.text(
        ((x0 + x1) / 2, y0 + side * 0.11),
        label.upper(),
        max(c.min_font, side * 0.085),
        bold=True,
        fill=ink,
        anchor="ma",
    )
    big = c.font(side * 0.42, bold=True)
    small = c.font(side * 0.16, bold=True)
    w_big = big.getlength(mark.points)
    w_small = small.getlength("/9")
    while w_big + w_small > side * 0.86 and big.size > c.min_font:
        big = c.font(big.size * 0.9, bold=True)
        w_big = big.getlength(mark.points)
    baseline = y0 + side * 0.7
    left = (x0 + x1) / 2 - (w_big + w_small) / 2
    c.draw.text((left, baseline), mark.points, font=big, fill=ink, anchor="ls")
    c.draw.text((left + w_big, baseline), "/9", font=small, fill=ink, anchor="ls")
    note = c.font(max(c.min_font, side * 0.07))
    for text in ("on the 9-point rubric", "9-point rubric"):
        if note.getlength(text) <= side * 0.88:
            c.draw.text(((x0 + x1) / 2, y0 + side * 0.8), text, font=note, fill=ink, anchor="ma")
            break


def _pill(
    c: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    fill: str,
    ink: str,
    *,
    centre: bool = False,
    max_width: float = 0,
) -> float:
    """A rounded label (its type shrinks to fit ``max_width``); returns its bottom."""
    size = max(c.min_font, round(size))
    f = c.font(size, bold=True)
    while max_width and f.getlength(text) + 1.2 * size > max_width and size > c.min_font:
        size = max(c.min_font, int(size * 0.93))
        f = c.font(size, bold=True)
    text = ellipsize(text, f, max_width - 1.2 * size) if max_width else text
    w = f.getlength(text)
    pad_x, pad_y = size * 0.6, size * 0.38
    h = size + 2 * pad_y
    left = x - (w + 2 * pad_x) / 2 if centre else x
    c.box((left, y, left + w + 2 * pad_x, y + h), fill, radius=h / 2)
    c.draw.text((left + pad_x, y + h / 2), text, font=f, fill=ink, anchor="lm")
    return y + h


# --------------------------------------------------------------------------- campaign


def _draw_map(c: Canvas, tiles: tm.TileMap, x: float, y: float, pitch: float) -> None:
    """The tile map, each tile placed as on the site, ``pitch`` pixels apart."""
    gap = max(3, round(pitch * tm.GAP / tm.PITCH))
    side = pitch - gap
    abbr_px = max(c.min_font, round(side * 0.34))
    score_px = max(c.min_font, round(side * 0.29))
    radius = side * 0.1
    for tile in tiles.tiles:
        x0 = x + tile.col * pitch
        y0 = y + tile.row * pitch
        box = (x0, y0, x0 + side, y0 + side)
        fill = tile.swatch.fill
        if fill.startswith("#"):
            c.box(box, fill, radius=radius)
            if fill.lower() in ("#ffffd9", "#eff9b5"):
                c.draw.rounded_rectangle(
                    tuple(round(v) for v in box), radius=round(radius), outline=tm.TILE_STROKE
                )
        else:
            c.hatch(box, radius)
        ink = tile.swatch.text
        cx = x0 + side / 2
        c.text((cx, y0 + side * 0.5), tile.code, abbr_px, bold=True, fill=ink, anchor="ms")
        short = tile.short.split("/")[0]
        c.text((cx, y0 + side * 0.9), short, score_px, fill=ink, anchor="ms")
        if tile.pending:
            r = side * 0.085
            inset = side * 0.05
            c.ring(x0 + side - r - inset, y0 + r + inset, r, ink, max(2, round(side / 30)))


LEGEND_KEYS = (
    ("hatch", "No action recorded"),
    ("strong", "Written into law"),
    ("ring", "Bill pending"),
)


def _legend(
    c: Canvas, x: float, y: float, width: float, size: float, *, draw: bool = True
) -> float:
    """The score scale 0–9 with its label, then the hatch, "written into law" and the
    pending ring, wrapped to ``width``; returns the bottom (draws nothing when
    ``draw`` is false, to measure)."""
    f = c.font(size)
    label = "Score, 0 to 9"
    label_w = f.getlength(label) + size * 0.6
    scale_w = min(width, size * 2.2 * 10)
    side_label = width - scale_w >= label_w
    cell = (scale_w - (label_w if not side_label and False else 0)) / 10
    h = size * 1.6
    if draw:
        for band, fill in enumerate(tm.BAND_FILLS):
            x0 = x + band * cell
            c.box((x0, y, x0 + cell, y + h), fill)
            colour = tm.text_colour(fill)
            c.draw.text((x0 + cell / 2, y + h / 2), str(band), font=f, fill=colour, anchor="mm")
        c.draw.rectangle(
            (round(x), round(y), round(x + 10 * cell), round(y + h)), outline=tm.TILE_STROKE
        )
    if side_label:
        if draw:
            c.draw.text(
                (x + 10 * cell + size * 0.6, y + h / 2), label, font=f, fill=MUTED, anchor="lm"
            )
        y += h + size * 0.6
    else:
        y += h + size * 0.3
        if draw:
            c.draw.text((x, y), label, font=f, fill=MUTED, anchor="la")
        y += size * 1.5
    sw = size * 1.2
    cursor = x
    row_y = y
    for kind, text in LEGEND_KEYS:
        need = sw + size * 0.4 + f.getlength(text)
        if cursor > x and cursor + need > x + width:
            cursor = x
            row_y += sw + size * 0.45
        if draw:
            box = (cursor, row_y, cursor + sw, row_y + sw)
            if kind == "hatch":
                c.hatch(box, 3)
            elif kind == "strong":
                c.box(box, tm.STRENGTHENED_FILL, radius=3)
            else:
                c.ring(cursor + sw / 2, row_y + sw / 2, sw * 0.34, INK, max(2, round(size / 8)))
            c.draw.text(
                (cursor + sw + size * 0.4, row_y + sw / 2), text, font=f, fill=INK, anchor="lm"
            )
        cursor += need + size * 0.9
    return row_y + sw


def _headline(
    c: Canvas,
    card: CampaignCard,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    beside: bool,
    centred: bool = False,
) -> float:
    """The big count and "states have a law that ends or limits …", in ``width`` × ``height``:
    the text beside the number or under it; returns the bottom."""
    count = str(card.acted)
    if beside:
        num = c.font(height * 0.95, bold=True)
        ascent = num.getmetrics()[0]
        c.draw.text((x, y + ascent * 0.97), count, font=num, fill=BRAND, anchor="ls")
        text_x = x + num.getlength(count) + width * 0.04
        f, lines = c.fit(
            card.headline, x + width - text_x, height / 3 / 1.15, bold=True, max_lines=3
        )
        block = len(lines) * f.size * 1.15
        c.lines(text_x, y + (height - block) / 2, lines, f, leading=1.15)
        return y + height
    # stacked: the number, then the text; the number takes what the text leaves
    f, lines = c.fit(
        card.headline, width, min(height * 0.13, width * 0.09), bold=True, max_lines=3
    )
    block = len(lines) * f.size * 1.17
    num = c.font(max(c.min_font, (height - block) * 0.92), bold=True)
    ascent = num.getmetrics()[0]
    if centred:
        c.draw.text((x + width / 2, y + ascent * 0.95), count, font=num, fill=BRAND, anchor="ms")
    else:
        c.draw.text(
            (x - num.size * 0.04, y + ascent * 0.95), count, font=num, fill=BRAND, anchor="ls"
        )
    top = y + ascent * 0.95 + (height - block - ascent * 0.95) * 0.6
    return c.lines(
        x, top, lines, f, leading=1.17, align="center" if centred else "left", width=width
    )


EYEBROW = "Qualified immunity, state by state"


def _campaign_wide(c: Canvas, card: CampaignCard) -> None:
    footer = c.height * 0.13
    _footer(c, card, footer)
    body = c.height - footer
    pad = c.height * 0.06
    pitch = min((body - 2 * pad + 6) / tm.ROWS, (c.width * 0.57) / tm.COLUMNS)
    map_w = tm.COLUMNS * pitch
    map_x = c.width - pad - map_w
    map_y = (body - tm.ROWS * pitch) / 2 + pitch * 0.05
    _draw_map(c, card.tiles, map_x, map_y, pitch)
    left = pad * 1.2
    col_w = map_x - left - pad
    y = pad
    f, lines = c.fit(EYEBROW.upper(), col_w, c.min_font * 1.1, bold=True, max_lines=1)
    y = c.lines(left, y, lines, f, fill=ACCENT)
    size = c.min_font
    legend_h = _legend(c, left, 0, col_w, size, draw=False)
    legend_y = body - pad - legend_h
    pending = c.font(max(c.min_font, body * 0.042))
    pending_h = pending.size * 1.5
    bottom = _headline(
        c, card, left, y + body * 0.02, col_w, legend_y - pending_h - y - body * 0.06, beside=False
    )
    c.draw.text(
        (left, bottom + pending.size * 0.2),
        card.pending_line,
        font=pending,
        fill=MUTED,
        anchor="la",
    )
    _legend(c, left, legend_y, col_w, size)


def _campaign_square(c: Canvas, card: CampaignCard) -> None:
    footer = c.height * 0.1
    _footer(c, card, footer)
    pitch = (c.width * 0.89 + 6) / tm.COLUMNS
    map_w = tm.COLUMNS * pitch - 6
    map_x = (c.width - map_w) / 2
    map_y = c.height * 0.055
    _draw_map(c, card.tiles, map_x, map_y, pitch)
    # the headline sits in the empty top of the grid (columns 1–8, rows 0–1)
    _headline(c, card, map_x + pitch * 1.15, map_y, pitch * 7.7, pitch * 2 - 8, beside=True)
    legend_y = map_y + tm.ROWS * pitch + c.height * 0.02
    bottom = _legend(c, map_x, legend_y, map_w, c.min_font)
    line = f"{card.pending_line}. {card.call}" if card.pending else card.call
    f, lines = c.fit(line, map_w, c.min_font * 1.15, bold=True, max_lines=1)
    c.lines(map_x, bottom + c.height * 0.025, lines, f, fill=BRAND)


def _campaign_story(c: Canvas, card: CampaignCard) -> None:
    footer = c.height * 0.085
    _footer(c, card, footer, centred=True)
    pad = c.width * 0.06
    width = c.width - 2 * pad
    y = c.height * 0.11
    f, lines = c.fit(EYEBROW.upper(), width, c.width * 0.036, bold=True, max_lines=1)
    y = c.lines(pad, y, lines, f, fill=ACCENT, align="center", width=width)
    pitch = (c.width * 0.9 + 6) / tm.COLUMNS
    map_w = tm.COLUMNS * pitch - 6
    size = c.min_font
    legend_h = _legend(c, 0, 0, map_w, size, draw=False)
    call = c.font(c.width * 0.05, bold=True)
    pending = c.font(c.width * 0.034)
    call_h = call.size * 1.25 + pending.size * 1.5
    map_h = tm.ROWS * pitch
    bottom = c.height - footer - c.height * 0.045
    call_y = bottom - call_h
    legend_y = call_y - c.height * 0.03 - legend_h
    map_y = legend_y - c.height * 0.02 - map_h
    _headline(
        c,
        card,
        pad,
        y + c.height * 0.01,
        width,
        map_y - y - c.height * 0.035,
        beside=False,
        centred=True,
    )
    _draw_map(c, card.tiles, (c.width - map_w) / 2, map_y, pitch)
    _legend(c, (c.width - map_w) / 2, legend_y, map_w, size)
    c.draw.text(
        (c.width / 2, call_y + pending.size),
        card.pending_line,
        font=pending,
        fill=MUTED,
        anchor="ms",
    )
    c.draw.text(
        (c.width / 2, call_y + pending.size * 1.5 + call.size),
        card.call,
        font=call,
        fill=INK,
        anchor="ms",
    )


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
            y = _pill(
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


def _sheet_wide(c: Canvas, card: JurisdictionCard | BillCard) -> None:
    """Two columns: the words on the left, the score on the right; the ask at the bottom."""
    sheet = _sheet(card)
    footer = c.height * 0.13
    _footer(c, card, footer)
    body = c.height - footer
    margin = c.height * 0.085
    side = min(body - 2 * margin, c.width * (0.34 if sheet.heading_lines == 2 else 0.3))
    px0 = c.width - margin - side
    py0 = (body - side) / 2
    _score_panel(c, (px0, py0, px0 + side, py0 + side), sheet.score, sheet.panel_label)
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


def _sheet_square(c: Canvas, card: JurisdictionCard | BillCard) -> None:
    """The words on top, the score beside the status, the ask at the bottom."""
    sheet = _sheet(card)
    footer = c.height * 0.1
    _footer(c, card, footer)
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
    _score_panel(c, (margin, y, margin + side, y + side), sheet.score, sheet.panel_label)
    rx = margin + side + c.width * 0.05
    rw = c.width - margin - rx
    ry = _pill(
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


def _sheet_story(c: Canvas, card: JurisdictionCard | BillCard) -> None:
    """One centred column, kept clear of the bands the apps cover at the top and the
    bottom; the score panel gives up height when the words need it."""
    sheet = _sheet(card)
    footer = c.height * 0.075
    _footer(c, card, footer, centred=True)
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
    _score_panel(c, (x0, y, x0 + side, y + side), sheet.score, sheet.panel_label)
    y += side + sizes.gap
    _draw_blocks(c, sheet, after, margin, y, width, centred=True)


# --------------------------------------------------------------------------- entry points


def parse_size(raw: str | None) -> tuple[int, int] | None:
    """``(1200, 630)`` for ``"1200x630"`` (default when empty); None for any other size."""
    if not raw:
        return SIZES[DEFAULT_SIZE]
    return SIZES.get(raw.strip().lower())


def size_name(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


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
            _campaign_wide(c, card)
        elif story:
            _campaign_story(c, card)
        else:
            _campaign_square(c, card)
    elif isinstance(card, JurisdictionCard | BillCard):
        if wide:
            _sheet_wide(c, card)
        elif story:
            _sheet_story(c, card)
        else:
            _sheet_square(c, card)
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
