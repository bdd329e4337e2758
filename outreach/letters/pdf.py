"""Print-ready letters: a PDF with one letter per official, and plain text.

Each letter has the sender's address, the date, the official's name, office
and postal address, a subject line, and the body with its signature block,
laid out as a U.S. business letter on Letter paper. Text typed by people is
escaped before layout, so markup in it prints as the characters typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from outreach.directory import labels as presentation
from outreach.letters.officials import LetterOfficial
from outreach.web import printed

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, Paragraph

# reportlab's layout modules are imported by the functions that draw a PDF: a web
# worker that never prints a letter never loads them.

MAX_LETTERS = 60


@dataclass(frozen=True)
class PrintedLetter:
    """What one printed letter says and to whom."""

    sender_lines: tuple[str, ...]
    date: str
    recipient_lines: tuple[str, ...]
    subject: str
    body: str


def _styles() -> dict[str, ParagraphStyle]:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    regular, bold, _ = printed.fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15.5, alignment=TA_LEFT)
    return {
        "body": base,
        "block": ParagraphStyle("block", parent=base, leading=14),
        "subject": ParagraphStyle("subject", parent=base, fontName=bold),
    }


def recipient_lines(official: LetterOfficial) -> tuple[str, ...]:
    """``The Honorable …``, the office, and the best postal address on record."""
    role = official.role
    lines = [f"The Honorable {official.name}", presentation.office_label(role)]
    office = next(
        (o for o in official.offices if o.kind.startswith("capitol") and (o.street or o.address)),
        next((o for o in official.offices if o.street or o.address), None),
    )
    if office is not None:
        lines.extend(presentation.address_lines(office))
    return tuple(line for line in lines if line)


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Paragraphs split on blank lines; single line breaks kept (signature blocks)."""
    from reportlab.platypus import Paragraph, Spacer

    flow: list[Flowable] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        markup = "<br/>".join(escape(line) for line in block.strip("\n").split("\n"))
        flow.append(Paragraph(markup, style))
        flow.append(Spacer(1, 9))
    return flow


def _block(lines: Iterable[str], style: ParagraphStyle) -> Paragraph:
    from reportlab.platypus import Paragraph

    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def letter_pdf(letters: Sequence[PrintedLetter], *, title: str = "Letters") -> bytes:
    """A PDF with each letter starting on a new page.

    :raise ValueError: for no letters, or more than :data:`MAX_LETTERS`.
    """
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

    if not letters:
        raise ValueError("no letters to print")
    if len(letters) > MAX_LETTERS:
        raise ValueError(f"at most {MAX_LETTERS} letters at once")
    styles = _styles()
    story: list[Flowable] = []
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        story.append(_block(letter.sender_lines, styles["block"]))
        story.append(Spacer(1, 14))
        story.append(Paragraph(escape(letter.date), styles["body"]))
        story.append(Spacer(1, 14))
        story.append(KeepTogether([_block(letter.recipient_lines, styles["block"])]))
        story.append(Spacer(1, 16))
        story.append(Paragraph(f"Re: {escape(letter.subject)}", styles["subject"]))
        story.append(Spacer(1, 12))
        story.extend(_paragraphs(letter.body, styles["body"]))
    subject = letters[0].subject if len(letters) == 1 else title
    return printed.build_pdf(story, title=title, subject=subject)


def plain_text(letters: Sequence[PrintedLetter]) -> str:
    """The same letters as plain text, separated by a form feed line."""
    parts = []
    for letter in letters:
        parts.append(
            "\n".join(
                [
                    *letter.sender_lines,
                    "",
                    letter.date,
                    "",
                    *letter.recipient_lines,
                    "",
                    f"Re: {letter.subject}",
                    "",
                    letter.body.strip(),
                ]
            )
            + "\n"
        )
    return "\n\f\n".join(parts)
