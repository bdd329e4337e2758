"""The campaign's share image: the national tile map, its legend and headline, in the
wide, square and story layouts.
"""

from __future__ import annotations

from outreach.campaign import tile_map as tm
from outreach.share.canvas import ACCENT, BRAND, INK, MUTED, Canvas, draw_footer
from outreach.share.cards import CampaignCard

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
    cell = scale_w / 10
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


def campaign_wide(c: Canvas, card: CampaignCard) -> None:
    footer = c.height * 0.13
    draw_footer(c, card, footer)
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


def campaign_square(c: Canvas, card: CampaignCard) -> None:
    footer = c.height * 0.1
    draw_footer(c, card, footer)
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


def campaign_story(c: Canvas, card: CampaignCard) -> None:
    footer = c.height * 0.085
    draw_footer(c, card, footer, centred=True)
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
