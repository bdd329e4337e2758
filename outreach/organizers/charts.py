"""Charts drawn on the server as inline SVG: no script, no outside chart service.

Two kinds: a horizontal bar chart (categories: states, offices, templates…)
and a line chart (a count per day). Each chart is an ``<svg role="img">``
named by its ``<title>`` and described by its ``<desc>`` (which should say
what the chart shows and its main figure); the page puts a data table beside
it for screen readers and for anyone who wants the numbers.

Sizes are in SVG user units on a fixed ``viewBox``; the page's CSS scales the
chart to its column. Colours are set as attributes so the SVG stands alone,
and carry classes (``chart__bar``, ``chart__line``…) for the stylesheet.

Pure functions on plain values: no Flask, no database.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#17202e"
MUTED = "#4a5568"
GRID = "#d5dce6"
BAR = "#0b5cad"
AREA = "#e8f1fc"
#: Roughly how wide a character of the 12-unit font is, to fit labels.
CHAR_WIDTH = 7.0


def _format_count(value: float) -> str:
    return f"{round(value):,}"


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to just above ``maximum``, at most ``count`` of them.

    Steps are 1, 2, 2.5 or 5 × 10ⁿ; the lowest top wins, then the finer step.
    ``nice_ticks(37)`` is ``[0, 10, 20, 30, 40]``, ``nice_ticks(422)`` is
    ``[0, 250, 500]``. Counts get whole-number steps (when ``maximum`` ≥ 1).
    """
    if maximum <= 0:
        return [0, 1]
    raw = maximum / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    best: tuple[float, float] | None = None
    for scale in (magnitude, magnitude * 10):
        for factor in (1, 2, 2.5, 5):
            step = round(factor * scale, 10)
            if maximum >= 1 and (step < 1 or step != int(step)):
                continue
            steps = math.ceil(maximum / step - 1e-9)
            if steps > count - 1:
                continue
            candidate = (round(steps * step, 10), step)
            if best is None or candidate < best:
                best = candidate
    assert best is not None
    top, step = best
    return [round(i * step, 10) for i in range(round(top / step) + 1)]


def truncate(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit about ``width`` units of the label font."""
    limit = max(3, int(width / CHAR_WIDTH))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _open(chart_id: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" class="chart" id={quoteattr(chart_id)} role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", cls: str, **attrs: object
) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items())
    return (
        f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    value_label: str = "Actions",
    width: float = 360,
    label_share: float = 0.42,
    bar_height: float = 18,
    gap: float = 8,
    format_value: Callable[[float], str] = _format_count,
    empty_text: str = "No data for this period",
) -> Markup:
    """A horizontal bar per ``(label, value)``, in the order given.

    Labels on the left (cut to fit, whole in each bar's tooltip), the value at
    the end of each bar, and a value axis with gridlines and ``value_label``
    underneath.
    """
    longest = max((len(label) for label, _ in items), default=8)
    left = min(width * label_share, max(48.0, longest * CHAR_WIDTH + 12))
    right = 40.0
    top = 8.0
    bottom = 40.0
    rows = max(1, len(items))
    plot_height = rows * (bar_height + gap) - gap
    height = top + plot_height + 8 + bottom
    plot_width = width - left - right
    maximum = max((value for _, value in items), default=0)
    ticks = nice_ticks(maximum)
    scale = plot_width / ticks[-1]
    axis_y = top + plot_height + 8

    out = _open(chart_id, width, height, title, desc)
    out.append('<g class="chart__grid">')
    for tick in ticks:
        x = left + tick * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            _text(
                x, axis_y + 14, format_value(tick), anchor="middle", cls="chart__tick", fill=MUTED
            )
        )
    out.append("</g>")
    out.append(
        _text(
            left + plot_width / 2,
            height - 6,
            value_label,
            anchor="middle",
            cls="chart__axis-label",
            fill=INK,
        )
    )
    out.append(
        f'<line class="chart__axis" x1="{left:.1f}" y1="{top:.1f}" x2="{left:.1f}" '
        f'y2="{axis_y:.1f}" stroke="{MUTED}" stroke-width="1"/>'
    )
    if not items:
        out.append(
            _text(
                left + plot_width / 2,
                top + plot_height / 2 + 4,
                empty_text,
                anchor="middle",
                cls="chart__empty",
                fill=MUTED,
            )
        )
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        length = max(0.0, value * scale)
        middle = y + bar_height / 2 + 4
        out.append(
            f'<rect class="chart__bar" x="{left:.1f}" y="{y:.1f}" width="{length:.1f}" '
            f'height="{bar_height:g}" fill="{BAR}">'
            f"<title>{escape(label)}: {escape(format_value(value))}</title></rect>"
        )
        out.append(
            _text(
                left - 6,
                middle,
                truncate(label, left - 10),
                anchor="end",
                cls="chart__label",
                fill=INK,
            )
        )
        out.append(
            _text(
                left + length + 4,
                middle,
                format_value(value),
                cls="chart__value",
                fill=INK,
                font_weight="600",
            )
        )
    out.append("</svg>")
    return Markup("".join(out))


def short_day(day: date) -> str:
    """``Jun 5``."""
    return f"{day:%b} {day.day}"


def long_day(day: date) -> str:
    """``June 5, 2026``."""
    return f"{day:%B} {day.day}, {day.year}"


def line_chart(
    points: Sequence[tuple[date, float]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    y_label: str = "Actions",
    x_label: str = "Day",
    width: float = 360,
    height: float = 230,
    max_x_labels: int = 6,
    format_value: Callable[[float], str] = _format_count,
) -> Markup:
    """A line through one point per day (consecutive days), with both axes labelled.

    Each point is a small circle whose tooltip gives the day and value.
    """
    left, right, top, bottom = 52.0, 14.0, 12.0, 44.0
    plot_width = width - left - right
    plot_height = height - top - bottom
    axis_y = top + plot_height
    maximum = max((value for _, value in points), default=0)
    ticks = nice_ticks(maximum)
    y_scale = plot_height / ticks[-1]
    n = len(points)
    x_step = plot_width / (n - 1) if n > 1 else 0.0

    def x_at(index: int) -> float:
        return left + (index * x_step if n > 1 else plot_width / 2)

    def y_at(value: float) -> float:
        return axis_y - value * y_scale

    out = _open(chart_id, width, height, title, desc)
    out.append('<g class="chart__grid">')
    for tick in ticks:
        y = y_at(tick)
        out.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            _text(left - 6, y + 4, format_value(tick), anchor="end", cls="chart__tick", fill=MUTED)
        )
    out.append("</g>")
    out.append(
        f'<line class="chart__axis" x1="{left:.1f}" y1="{axis_y:.1f}" '
        f'x2="{width - right:.1f}" y2="{axis_y:.1f}" stroke="{MUTED}" stroke-width="1"/>'
    )
    every = max(1, math.ceil(n / max_x_labels)) if n else 1
    for index in range(0, n, every):
        x = x_at(index)
        out.append(
            f'<line x1="{x:.1f}" y1="{axis_y:.1f}" x2="{x:.1f}" y2="{axis_y + 4:.1f}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        out.append(
            _text(
                x,
                axis_y + 17,
                short_day(points[index][0]),
                anchor="middle",
                cls="chart__tick",
                fill=MUTED,
            )
        )
    mid_y = top + plot_height / 2
    out.append(
        _text(
            14,
            mid_y,
            y_label,
            anchor="middle",
            cls="chart__axis-label",
            fill=INK,
            transform=f"rotate(-90 14 {mid_y:.1f})",
        )
    )
    out.append(
        _text(
            left + plot_width / 2,
            height - 6,
            x_label,
            anchor="middle",
            cls="chart__axis-label",
            fill=INK,
        )
    )
    if n:
        coords = [(x_at(i), y_at(value)) for i, (_, value) in enumerate(points)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        area = f"{coords[0][0]:.1f},{axis_y:.1f} {line} {coords[-1][0]:.1f},{axis_y:.1f}"
        out.append(f'<polygon class="chart__area" points="{area}" fill="{AREA}"/>')
        out.append(
            f'<polyline class="chart__line" points="{line}" fill="none" stroke="{BAR}" '
            'stroke-width="2" stroke-linejoin="round"/>'
        )
        radius = 2.5 if n <= 45 else 1.6
        for (day, value), (x, y) in zip(points, coords, strict=True):
            out.append(
                f'<circle class="chart__point" cx="{x:.1f}" cy="{y:.1f}" r="{radius:g}" '
                f'fill="{BAR}"><title>{escape(long_day(day))}: '
                f"{escape(format_value(value))}</title></circle>"
            )
    out.append("</svg>")
    return Markup("".join(out))
