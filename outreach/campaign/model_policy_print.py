"""The model policy as a download: a PDF and plain text, from the same outline.

The PDF is laid out with reportlab on Letter paper, in the Vera fonts that ship
with it (as the printed letters are). Text from the content file is escaped
before layout, so markup in it prints as written.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from outreach.campaign.model_policy import ModelPolicy
from outreach.web import printed

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

GROUPS = {"end": "End", "start": "Start"}


@dataclass(frozen=True)
class Block:
    """One piece of the outline: a ``title``, ``heading``, ``label``, ``text`` or ``item``."""

    kind: str
    text: str


def section_label(number: int, titles: Mapping[int, str]) -> str:
    """``Rubric criterion 1 (end): Qualified immunity for all police officers``."""
    group = "end" if number <= 4 else "start"
    title = titles.get(number)
    return f"Rubric criterion {number} ({group})" + (f": {title}" if title else "")


def outline(
    policy: ModelPolicy, titles: Mapping[int, str], *, campaign: str, url: str = ""
) -> list[Block]:
    """The document, in reading order: sections numbered from 1, general ones first."""
    info = policy.policy
    blocks = [
        Block("title", info.title),
        Block("label", f"A model state bill from the {campaign} campaign"),
        Block("label", f"Text reviewed {info.as_of:%B} {info.as_of.day}, {info.as_of.year}"),
    ]
    if url:
        blocks.append(Block("label", f"Online: {url}"))
    blocks += [Block("text", info.summary), Block("text", info.caution)]
    number = 0
    for general in policy.general:
        number += 1
        blocks += [
            Block("heading", f"Sec. {number}. {general.heading}"),
            Block("text", general.text),
            Block("note", f"In plain words: {general.note}"),
        ]
    for section in sorted(policy.sections, key=lambda s: s.criterion):
        number += 1
        blocks += [
            Block("heading", f"Sec. {number}. {section.heading}"),
            Block("label", section_label(section.criterion, titles)),
            Block("text", section.text),
            Block("note", f"In plain words: {section.note}"),
            Block("label", "What existing laws show:"),
        ]
        for lesson in section.learns_from:
            name = policy.law(lesson.law).name
            blocks.append(Block("item", f"{name}: {lesson.point} (Source: {lesson.source})"))
    blocks.append(Block("heading", "The laws this model learns from"))
    for law in policy.laws:
        blocks.append(Block("label", f"{law.name} ({law.year})"))
        blocks.append(Block("text", law.summary))
        for source in law.sources:
            blocks.append(Block("item", f"{source.title}: {source.url}"))
    return blocks


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Wrapped lines that never break a word or a link in two."""
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def plain_text(blocks: list[Block], width: int = 78) -> str:
    """The outline as wrapped plain text (links kept whole on their lines)."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "title":
            lines += [block.text.upper(), "=" * min(width, len(block.text)), ""]
        elif block.kind == "heading":
            lines += ["", block.text, "-" * min(width, len(block.text))]
        elif block.kind == "item":
            lines += _wrap(block.text, width, "- ", "  ")
        elif block.kind == "label":
            lines += _wrap(block.text, width)
        else:
            if lines and lines[-1]:
                lines.append("")
            lines += [*_wrap(block.text, width), ""]
    return "\n".join(lines).strip() + "\n"


def _styles() -> dict[str, ParagraphStyle]:
    from reportlab.lib.styles import ParagraphStyle

    regular, bold, italic = printed.fonts()
    base = ParagraphStyle("text", fontName=regular, fontSize=10.5, leading=14.5, spaceAfter=7)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=18, leading=22, spaceAfter=8
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=bold,
            fontSize=13,
            leading=17,
            spaceBefore=12,
            keepWithNext=1,
        ),
        "label": ParagraphStyle("label", parent=base, fontName=bold, spaceAfter=4, keepWithNext=1),
        "text": base,
        "note": ParagraphStyle("note", parent=base, fontName=italic),
        "item": ParagraphStyle(
            "item", parent=base, fontSize=9.5, leading=13, leftIndent=14, bulletIndent=2
        ),
    }


def pdf(blocks: list[Block], *, title: str) -> bytes:
    """The outline as a PDF on Letter paper."""
    from reportlab.platypus import Paragraph

    styles = _styles()
    story: list[Flowable] = []
    for block in blocks:
        markup = escape(block.text)
        if block.kind == "item":
            story.append(Paragraph(markup, styles["item"], bulletText="•"))
        else:
            story.append(Paragraph(markup, styles[block.kind]))
    return printed.build_pdf(story, title=title, subject="A model state bill")


@lru_cache(maxsize=4)
def cached_pdf(blocks: tuple[Block, ...], title: str) -> bytes:
    """:func:`pdf`, kept for the same document (laying it out takes a fifth of a second)."""
    return pdf(list(blocks), title=title)
