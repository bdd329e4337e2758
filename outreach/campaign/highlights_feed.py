"""The highlights as an Atom feed (RFC 4287), written with the standard library.

Each entry is one step of one bill. Its ``updated`` is when the campaign last
changed that bill's content, since a step's own date may be only a month or a
year; the step's date is given in the title as precisely as the source gives
it. Entry ids are stable URNs made from the bill and the step, so a reader
shows an entry once however often the content is reloaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from outreach.campaign.highlights import Highlight

ATOM = "http://www.w3.org/2005/Atom"
#: The namespace the entry ids are made in (a fixed, random UUID).
ID_NAMESPACE = uuid.UUID("6f1b7f2e-43c6-4e55-9d0f-0c2a3f5e8b71")


def rfc3339(moment: datetime) -> str:
    """``2026-12-03T10:00:00Z`` (naive datetimes are UTC, as the database keeps them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(item: Highlight) -> str:
    """A stable id for one step of one bill."""
    key = f"{item.bill_slug}|{item.date.iso}|{item.kind}|{item.text}"
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, key)}"


def entry_title(item: Highlight) -> str:
    """``Colorado: SB 20-217 enacted (June 19, 2020)``."""
    return f"{item.place}: {item.identifier} {item.kind_label.lower()} ({item.date.label})"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str = "alternate", **attrs: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "href": href, **attrs})


def atom_feed(
    items: Sequence[Highlight],
    *,
    title: str,
    author: str,
    self_url: str,
    site_url: str,
    updated: datetime,
    page_url: Callable[[Highlight], str],
) -> bytes:
    """The feed document: ``page_url`` gives each entry's absolute link."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", self_url)
    _text(feed, "title", title)
    _text(feed, "subtitle", "The latest steps of bills on qualified immunity, newest first.")
    _text(feed, "updated", rfc3339(updated))
    _link(feed, self_url, "self", type="application/atom+xml")
    _link(feed, site_url, type="text/html")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", author)
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", entry_id(item))
        _text(entry, "title", entry_title(item))
        _text(entry, "updated", rfc3339(item.updated_at or updated))
        _link(entry, page_url(item), type="text/html")
        if item.source:
            _link(entry, item.source, "related")
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item.kind, "label": item.kind_label})
        ET.SubElement(
            entry, f"{{{ATOM}}}category", {"term": item.direction, "label": item.direction_label}
        )
        effect = item.effect_label or item.direction_label
        summary = f"{item.date.label}: {item.text} {item.identifier}, {item.title}: {effect}."
        _text(entry, "summary", summary, type="text")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
