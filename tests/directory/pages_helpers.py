"""Helpers of the page tests: a page's HTML and its sections."""

from __future__ import annotations


def html_of(response) -> str:
    return response.get_data(as_text=True)


def between(html: str, start: str, end: str | None = None) -> str:
    """The part of ``html`` from the marker ``start`` up to ``end`` (or the end)."""
    assert start in html, f"{start!r} not in page"
    rest = html.split(start, 1)[1]
    return rest.split(end, 1)[0] if end and end in rest else rest


def federal_section(html: str) -> str:
    return between(html, 'id="federal-title"', 'id="state-title"')


def state_section(html: str) -> str:
    return between(html, 'id="state-title"', 'id="search-again"')


def picker_section(html: str) -> str:
    return between(html, 'id="picker-title"', 'id="federal-title"')
