"""Printed documents: the fonts and the page every PDF of the site uses.

reportlab is imported when a PDF is first made, not at start-up. The Vera
fonts ship with reportlab, so no system font is needed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


@cache
def fonts() -> tuple[str, str, str]:
    """Register the regular, bold and italic Vera fonts once; their names."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).resolve().parent / "fonts"
    for name, file in (
        ("Vera", "Vera.ttf"),
        ("Vera-Bold", "VeraBd.ttf"),
        ("Vera-Italic", "VeraIt.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    return "Vera", "Vera-Bold", "Vera-Italic"


def build_pdf(story: Sequence[Flowable], *, title: str, subject: str) -> bytes:
    """``story`` laid out on US Letter pages with one-inch side margins."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.units import inch
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.9 * inch,
        bottomMargin=0.9 * inch,
        title=title,
        author="",
        subject=subject,
        creator="Outreach",
    )
    document.build(list(story))
    return buffer.getvalue()
