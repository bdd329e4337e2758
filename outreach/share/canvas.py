"""The drawing surface of the share images, its fonts and colours, and the pieces every
layout uses (the footer, the score panel, a pill).

Type is big: the smallest text on an image is at least :data:`MIN_TEXT_RATIO`
of its shorter side. The fonts are the Bitstream Vera faces that ship with the
pinned reportlab package, so every machine draws the same pixels. Images are
reduced to a palette of at most :data:`PALETTE_COLOURS` colours.
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
from outreach.share.cards import Card, ScoreMark

#: The smallest text drawn, as a share of the image's shorter side.
MIN_TEXT_RATIO = 0.025
MAX_BYTES = 300_000
PALETTE_COLOURS = 256
#: zlib level of the PNGs. Pillow's ``optimize=True`` (level 9) makes these flat images
#: 8–15 % smaller for five times the time (about 50 ms at 1200×630); the pixels are the same.
PNG_COMPRESS_LEVEL = 6

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

    def box(
        self, xy: Sequence[float], fill: str, radius: float = 0, outline: str | None = None
    ) -> None:
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
        """The image as a palette PNG (see :func:`to_palette`, :data:`PNG_COMPRESS_LEVEL`)."""
        out = io.BytesIO()
        to_palette(self.image).save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
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


def draw_footer(c: Canvas, card: Card, height: float, *, centred: bool = False) -> None:
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


def draw_score_panel(
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


def draw_pill(
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
