"""The map of where the cases come from: the same tile grid as the national map, each
tile shaded by how many cases the library has from that state, and marked with its
circuit. Pure functions on plain values (counts, circuits); the page draws the tiles
as inline SVG links, so it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from outreach.campaign.tile_map import GAP, GRID, HEIGHT, PITCH, TILE, WIDTH, text_colour

#: Fills by number of cases: none, one, two, three or more (light to dark blue).
COUNT_FILLS = ("#f4f6f9", "#c6dbef", "#6baed6", "#08519c")
COUNT_LABELS = ("No case yet", "1 case", "2 cases", "3 or more cases")
STROKE = "#8a96a8"


def count_band(count: int) -> int:
    """0, 1, 2, or 3 for three or more."""
    return max(0, min(count, len(COUNT_FILLS) - 1))


@dataclass(frozen=True)
class CaseTile:
    """One state's tile: where it is drawn, its count and circuit."""

    code: str
    name: str
    count: int
    circuit: str  # "5th", "dc", or "" when unknown
    circuit_name: str
    x: int
    y: int

    @property
    def size(self) -> int:
        return TILE

    @property
    def centre_x(self) -> float:
        return self.x + TILE / 2

    @property
    def fill(self) -> str:
        return COUNT_FILLS[count_band(self.count)]

    @property
    def text(self) -> str:
        return text_colour(self.fill)

    @property
    def count_text(self) -> str:
        return f"{self.count} case{'s' if self.count != 1 else ''}"

    @property
    def aria_label(self) -> str:
        where = f", {self.circuit_name}" if self.circuit_name else ""
        return f"{self.name}: {self.count_text}{where}"


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    text: str
    label: str


@dataclass(frozen=True)
class CaseMap:
    tiles: list[CaseTile]
    legend: list[LegendEntry]
    width: int = WIDTH
    height: int = HEIGHT
    stroke: str = STROKE

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def case_map(
    counts: Mapping[str, int], circuits: Mapping[str, tuple[str, str]], names: Mapping[str, str]
) -> CaseMap:
    """The tiles of every state on the grid.

    :param counts: cases per state code.
    :param circuits: each state code's ``(circuit code, circuit name)``.
    :param names: each state code's name.
    """
    tiles = []
    for code, (column, row) in GRID.items():
        circuit, circuit_name = circuits.get(code, ("", ""))
        tiles.append(
            CaseTile(
                code=code,
                name=names.get(code, code),
                count=counts.get(code, 0),
                circuit=circuit,
                circuit_name=circuit_name,
                x=column * PITCH,
                y=row * PITCH,
            )
        )
    legend = [
        LegendEntry(fill, text_colour(fill), label)
        for fill, label in zip(COUNT_FILLS, COUNT_LABELS, strict=True)
    ]
    return CaseMap(tiles, legend)


__all__ = ["GAP", "CaseMap", "CaseTile", "case_map", "count_band"]
