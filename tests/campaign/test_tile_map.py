"""The national map's tile grid, colour scale and tiles."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.campaign import tile_map
from outreach.campaign.records import MAP_JURISDICTIONS
from outreach.campaign.scoring import ZERO, score_ratings
from outreach.campaign.standings import Standing
from outreach.campaign.tile_map import (
    BAND_FILLS,
    GRID,
    INK,
    STRENGTHENED_FILL,
    WHITE,
    contrast,
    legend,
    luminance,
    make_tile,
    star_points,
    swatch_for,
    text_colour,
)
from outreach.models import Bill, ReformRecord


def standing(code: str, status: str | None = "enacted", points: int = 0, **extra) -> Standing:
    record = (
        ReformRecord(jurisdiction=code, status=status, summary="", as_of=date(2026, 1, 1))
        if status
        else None
    )
    score = score_ratings({n: "met" for n in range(1, points + 1)}) if points else ZERO
    # The status comes from the bills: an enacted law's effect, or a pending reform bill.
    effect = {"enacted": "ends", "limited": "limits", "strengthened": "rollback"}.get(status or "")
    law = Bill(identifier="L", stage="enacted", qi_effect=effect) if effect else None
    if status == "pending" and "pending" not in extra:
        extra["pending"] = [(Bill(identifier="P", stage="introduced", qi_effect="ends"), ZERO)]
    return Standing(
        code=code,
        name=extra.pop("name", f"State {code}"),
        kind="state",
        record=record,
        score=score,
        strongest_law=law,
        laws=[(law, score)] if law else [],
        **extra,
    )


# ----------------------------------------------------------------------------- grid


def test_grid_holds_every_map_jurisdiction_once():
    assert set(GRID) == set(MAP_JURISDICTIONS)
    assert len(GRID) == 52
    assert {"DC", "PR", "AK", "HI"} <= set(GRID)


def test_no_two_tiles_share_a_cell_and_all_fit():
    cells = list(GRID.values())
    assert len(cells) == len(set(cells))
    assert all(0 <= col < tile_map.COLUMNS and 0 <= row < tile_map.ROWS for col, row in cells)


def test_the_detail_box_covers_no_tile():
    x, y, w, h = tile_map.DETAIL_BOX
    for code, (col, row) in GRID.items():
        tx, ty = col * tile_map.PITCH, row * tile_map.PITCH
        overlaps = tx < x + w and x < tx + tile_map.TILE and ty < y + h and y < ty + tile_map.TILE
        assert not overlaps, code


def test_neighbours_sit_roughly_where_they_are():
    assert GRID["WA"][0] < GRID["ID"][0] < GRID["MT"][0]  # west to east
    assert GRID["WA"][1] < GRID["OR"][1] < GRID["CA"][1]  # north to south
    assert GRID["ME"][0] == tile_map.COLUMNS - 1


# ----------------------------------------------------------------------------- colours


def test_contrast_of_black_on_white_is_21():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert luminance("#ffffff") == pytest.approx(1)


def test_the_scale_runs_from_light_to_dark():
    lums = [luminance(fill) for fill in BAND_FILLS]
    assert len(BAND_FILLS) == 10
    assert lums == sorted(lums, reverse=True)
    assert len(set(BAND_FILLS)) == 10


@pytest.mark.parametrize("fill", [*BAND_FILLS, STRENGTHENED_FILL, tile_map.HATCH_BACKGROUND])
def test_text_on_every_fill_reads_at_4_5_to_1(fill):
    assert contrast(fill, text_colour(fill)) >= 4.5


def test_text_on_the_hatch_lines_reads_at_4_5_to_1():
    assert contrast(tile_map.HATCH_LINE, INK) >= 4.5


def test_text_colour_picks_ink_on_light_and_white_on_dark():
    assert text_colour(BAND_FILLS[0]) == INK
    assert text_colour(BAND_FILLS[-1]) == WHITE


def test_band_fill_clamps():
    assert tile_map.band_fill(-1) == BAND_FILLS[0]
    assert tile_map.band_fill(12) == BAND_FILLS[9]


def test_no_record_and_strengthened_are_not_on_the_scale():
    none = swatch_for(standing("WY", None))
    strengthened = swatch_for(standing("IA", "strengthened"))
    assert none.css_class == "tile--none-recorded"
    assert none.fill == f"url(#{tile_map.HATCH_ID})"
    assert strengthened.css_class == "tile--strengthened"
    assert strengthened.fill not in BAND_FILLS
    assert none.fill not in BAND_FILLS


@pytest.mark.parametrize(("points", "band"), [(0, 0), (3, 3), (9, 9)])
def test_a_score_gets_its_band(points, band):
    swatch = swatch_for(standing("CO", "enacted", points))
    assert swatch.css_class == f"tile--band-{band}"
    assert swatch.fill == BAND_FILLS[band]


def test_half_points_round_down_to_the_band_below():
    s = standing("CO")
    s.score = score_ratings({1: "met", 2: "met", 3: "partial"})
    assert swatch_for(s).css_class == "tile--band-2"


def test_legend_lists_ten_bands_then_the_special_tiles():
    items = legend()
    keys = [i.key for i in items]
    assert keys[:10] == [f"band-{n}" for n in range(10)]
    assert keys[10:] == ["none-recorded", "strengthened"]
    assert items[10].label == "No action recorded"


# ----------------------------------------------------------------------------- tiles


def test_a_tile_is_placed_by_the_grid():
    tile = make_tile(standing("CO", "enacted", 6, pending=[("bill", ZERO)]))
    col, row = GRID["CO"]
    assert (tile.x, tile.y) == (col * tile_map.PITCH, row * tile_map.PITCH)
    assert tile.short == "6/9"
    assert tile.pending is True
    assert tile.notes == ["Bill pending"]
    assert tile.aria_label == (
        "State CO: score 6/9, Has a law that ends qualified immunity, Bill pending"
    )
    assert tile.detail_lines == [
        "Score 6/9 · Has a law that ends qualified immunity",
        "Bill pending",
    ]


def test_a_tile_without_a_record_shows_a_dash_and_says_so():
    tile = make_tile(standing("WY", None, name="Wyoming"))
    assert tile.short == "–"
    assert tile.aria_label == "Wyoming: score 0/9, No action recorded"
    assert tile.detail_lines == ["Score 0/9 · No action recorded"]


def test_recently_passed_is_a_note_and_a_star():
    tile = make_tile(standing("CO", recently_passed=True))
    assert "Recently passed" in tile.aria_label
    assert len(tile.recent_marker.split()) == 10


def test_star_points_has_ten_vertices_with_the_top_one_up():
    points = [tuple(map(float, p.split(","))) for p in star_points(10, 10, 8).split()]
    assert len(points) == 10
    assert points[0] == (10.0, 2.0)


def test_map_tiles_come_row_by_row_and_skip_places_off_the_grid():
    standings = [standing(code) for code in sorted(MAP_JURISDICTIONS)] + [standing("NYC")]
    drawn = tile_map.tile_map(standings)
    assert len(drawn.tiles) == 52
    assert "NYC" not in {t.code for t in drawn.tiles}
    order = [(t.row, t.col) for t in drawn.tiles]
    assert order == sorted(order)
    assert drawn.tiles[0].code == "AK"
    assert drawn.view_box == f"0 0 {tile_map.WIDTH} {tile_map.HEIGHT}"


def test_unknown_code_is_not_a_tile():
    with pytest.raises(KeyError):
        make_tile(standing("ZZ"))


def test_a_pending_status_is_not_said_twice():
    """New York: the status "Bill pending" and the ring's note are one thing, said once."""
    tile = make_tile(standing("NY", "pending"))
    assert tile.status_label == "Bill pending"
    assert tile.notes == []
    assert tile.aria_label.count("pending") == 1
