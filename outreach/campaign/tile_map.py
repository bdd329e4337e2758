"""The national map: a tile grid of the states, DC and Puerto Rico, and its colours.

Pure functions on :class:`~outreach.campaign.standings.Standing` values: no
request, no database, no Flask. The page draws the tiles as inline SVG from
what :func:`tile_map` returns, so the layout, the colour of every score and
the marks for pending and recently passed legislation are decided (and
tested) here.

The colour scale is sequential (light yellow to dark blue, after ColorBrewer's
YlGnBu, which stays ordered for the common kinds of colour blindness), one
colour per whole point of the 0–9 score; each colour carries the text colour
that reads on it at 4.5:1 or better. A jurisdiction with no record is drawn
with a hatch instead of a colour, and one that wrote the immunity into law
(``strengthened``) in a colour outside the scale, so neither can be taken for
a score. The score is printed on every tile, and the status is given in words
on hover and focus and in the table, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from math import cos, pi, sin

from outreach.campaign.standings import Standing
from outreach.models import ReformStatus

#: Column and row of each tile, after the common U.S. tile-grid layout.
GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2),
    "WI": (6, 2), "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3),
    "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4),
    "WV": (6, 4), "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5),
    "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7), "PR": (10, 7),
}  # fmt: skip
COLUMNS = 11
ROWS = 8
#: Side of a tile and the gap between tiles, in SVG user units.
TILE = 56
GAP = 6
PITCH = TILE + GAP
WIDTH = COLUMNS * PITCH - GAP
HEIGHT = ROWS * PITCH - GAP

INK = "#17202e"
WHITE = "#ffffff"
#: One fill per whole point, 0 to 9 (YlGnBu, 10 steps; step 6 darkened for white text).
BAND_FILLS = (
    "#ffffd9",
    "#eff9b5",
    "#cfecb3",
    "#97d6b9",
    "#5dc0c0",
    "#31a6c2",
    "#1b72b0",
    "#2355a4",
    "#22318d",
    "#081d58",
)
#: Tiles written into law (``strengthened``): a colour outside the blue-green scale.
STRENGTHENED_FILL = "#8c2d04"
#: The hatch pattern for "no action recorded" (defined in the page's SVG).
HATCH_ID = "map-hatch-none"
NO_RECORD_FILL = f"url(#{HATCH_ID})"
HATCH_BACKGROUND = "#f4f6f9"
HATCH_LINE = "#b8c2d0"
TILE_STROKE = "#8a96a8"
NO_RECORD_LABEL = "No action recorded"
#: Where the hover/focus detail is drawn: the empty top-left of the grid (rows 0–1).
DETAIL_BOX = (PITCH + GAP, 0, 8 * PITCH - 3 * GAP, 2 * PITCH - GAP)


# --------------------------------------------------------------------------- colour


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """The WCAG relative luminance of ``#rrggbb``."""
    value = hex_colour.lstrip("#")
    r, g, b = (_channel(int(value[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(fill: str) -> str:
    """Dark ink or white: whichever reads better on ``fill``."""
    return INK if contrast(fill, INK) >= contrast(fill, WHITE) else WHITE


def band_fill(band: int) -> str:
    """The fill of a whole-point score band (clamped to 0–9)."""
    return BAND_FILLS[max(0, min(band, len(BAND_FILLS) - 1))]


@dataclass(frozen=True)
class Swatch:
    """How one kind of tile looks: its CSS class, fill and text colour."""

    css_class: str
    fill: str
    text: str


def swatch_for(standing: Standing) -> Swatch:
    """The look of a jurisdiction's tile: by status first, else by score band."""
    if standing.status is None:
        return Swatch("tile--none-recorded", NO_RECORD_FILL, INK)
    if standing.status == ReformStatus.STRENGTHENED:
        return Swatch("tile--strengthened", STRENGTHENED_FILL, text_colour(STRENGTHENED_FILL))
    band = standing.score.band
    fill = band_fill(band)
    return Swatch(f"tile--band-{band}", fill, text_colour(fill))


@dataclass(frozen=True)
class LegendItem:
    """One entry of the map's legend."""

    key: str
    label: str
    swatch: Swatch


def legend() -> list[LegendItem]:
    """The score bands 0–9, then "no action recorded" and "written into law"."""
    items = [
        LegendItem(
            f"band-{band}",
            f"{band}/9" if band < 9 else "9/9",
            Swatch(f"tile--band-{band}", fill, text_colour(fill)),
        )
        for band, fill in enumerate(BAND_FILLS)
    ]
    items.append(
        LegendItem("none-recorded", NO_RECORD_LABEL, Swatch("tile--none-recorded", "", INK))
    )
    items.append(
        LegendItem(
            "strengthened",
            ReformStatus.STRENGTHENED.label,
            Swatch("tile--strengthened", STRENGTHENED_FILL, text_colour(STRENGTHENED_FILL)),
        )
    )
    return items


# --------------------------------------------------------------------------- tiles


def star_points(cx: float, cy: float, outer: float, inner: float | None = None) -> str:
    """The ``points`` of a five-pointed star centred on ``(cx, cy)``, top point up."""
    inner = inner if inner is not None else outer * 0.45
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -pi / 2 + i * pi / 5
        points.append(f"{cx + radius * cos(angle):.1f},{cy + radius * sin(angle):.1f}")
    return " ".join(points)


@dataclass(frozen=True)
class Tile:
    """One jurisdiction on the map, placed and coloured."""

    code: str
    name: str
    col: int
    row: int
    x: int
    y: int
    swatch: Swatch
    #: Printed under the abbreviation: the score, or a dash without a record.
    short: str
    score_label: str
    status_label: str
    pending: bool
    recently_passed: bool
    unknown: int

    @property
    def size(self) -> int:
        return TILE

    @property
    def centre_x(self) -> float:
        return self.x + TILE / 2

    @property
    def notes(self) -> list[str]:
        """``["Bill pending", "Recently passed"]``: the marks on the tile, in words."""
        notes = []
        # A status that already says "Bill pending" is not repeated.
        if self.pending and self.status_label != "Bill pending":
            notes.append("Bill pending")
        if self.recently_passed:
            notes.append("Recently passed")
        return notes

    @property
    def aria_label(self) -> str:
        """What a screen reader says for the tile's link."""
        parts = [f"{self.name}: score {self.score_label}", self.status_label, *self.notes]
        return ", ".join(parts)

    @property
    def detail_lines(self) -> list[str]:
        """The text shown on hover and focus, under the name."""
        lines = [f"Score {self.score_label} · {self.status_label}"]
        if self.notes:
            lines.append(" · ".join(self.notes))
        return lines

    @property
    def pending_marker(self) -> tuple[float, float, float]:
        """``(cx, cy, r)`` of the ring marking a pending bill (top right)."""
        return (self.x + TILE - 8, self.y + 8, 5)

    @property
    def recent_marker(self) -> str:
        """The ``points`` of the star marking a recently passed law (top left)."""
        return star_points(self.x + 8.5, self.y + 8.5, 7)


def make_tile(standing: Standing) -> Tile:
    """Place and colour one jurisdiction on the grid.

    :raise KeyError: for a code that is not on the map.
    """
    col, row = GRID[standing.code]
    return Tile(
        code=standing.code,
        name=standing.name,
        col=col,
        row=row,
        x=col * PITCH,
        y=row * PITCH,
        swatch=swatch_for(standing),
        short=standing.score.label if standing.status is not None else "–",
        score_label=standing.score.label,
        status_label=standing.status_label,
        pending=standing.has_pending,
        recently_passed=standing.recently_passed,
        unknown=standing.score.unknown,
    )


@dataclass(frozen=True)
class TileMap:
    """Every tile, in reading order (row by row), and the drawing's size."""

    tiles: list[Tile]
    width: int = WIDTH
    height: int = HEIGHT
    hatch_id: str = HATCH_ID
    hatch_background: str = HATCH_BACKGROUND
    hatch_line: str = HATCH_LINE
    stroke: str = TILE_STROKE
    detail_box: tuple[int, int, int, int] = DETAIL_BOX
    #: The star of the legend, in a 24-unit square.
    legend_star: str = star_points(12, 12.5, 10)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def pending_count(self) -> int:
        return sum(1 for t in self.tiles if t.pending)


def tile_map(standings: Iterable[Standing]) -> TileMap:
    """The map of ``standings``; jurisdictions not on the grid are left out.

    Tiles come row by row, left to right, so keyboard focus moves across the
    map the way the eye reads it.
    """
    tiles = [make_tile(s) for s in standings if s.code in GRID]
    tiles.sort(key=lambda t: (t.row, t.col))
    return TileMap(tiles=tiles)
