"""Printed letters: a real PDF, read back with pypdf."""

from __future__ import annotations

import io

import pypdf
import pytest

from outreach.letters.pdf import MAX_LETTERS, PrintedLetter, letter_pdf, plain_text


def letter(name: str = "Pat Doe", official: str = "Aisha Wahab") -> PrintedLetter:
    return PrintedLetter(
        sender_lines=(name, "1 Main St", "Fresno, CA 93721"),
        date="November 21, 2026",
        recipient_lines=(
            f"The Honorable {official}",
            "State Senator",
            "1021 O St.",
            "Sacramento, CA 95814",
        ),
        subject="Please end qualified immunity",
        body=f"Dear Senator {official.split()[-1]},\n\nI ask you to act.\n\nSincerely,\n{name}",
    )


def text_of(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages]


def test_pdf_holds_every_part_of_the_letter():
    pages = text_of(letter_pdf([letter()]))
    assert len(pages) == 1
    text = pages[0]
    for part in (
        "Pat Doe",
        "1 Main St",
        "Fresno, CA 93721",
        "November 21, 2026",
        "The Honorable Aisha Wahab",
        "1021 O St.",
        "Sacramento, CA 95814",
        "Re: Please end qualified immunity",
        "Dear Senator Wahab,",
        "I ask you to act.",
        "Sincerely,",
    ):
        assert part in text, part
    # The sender's block comes before the date, the date before the official.
    assert text.index("Fresno") < text.index("November 21") < text.index("The Honorable")


def test_one_letter_per_official_each_on_its_own_page():
    pages = text_of(letter_pdf([letter(official="Ann Alpha"), letter(official="Ben Beta")]))
    assert len(pages) == 2
    assert "Ann Alpha" in pages[0]
    assert "Ben Beta" not in pages[0]
    assert "Ben Beta" in pages[1]


def test_markup_typed_by_people_prints_as_typed():
    typed = "Pat <b>Doe</b> & {{ 7*7 }}"
    text = text_of(letter_pdf([letter(name=typed)]))[0]
    assert typed in text


def test_limits():
    with pytest.raises(ValueError, match="no letters"):
        letter_pdf([])
    with pytest.raises(ValueError, match="at most"):
        letter_pdf([letter()] * (MAX_LETTERS + 1))


def test_plain_text():
    text = plain_text([letter(), letter(official="Ben Beta")])
    first, second = text.split("\n\f\n")
    assert first.startswith("Pat Doe\n1 Main St\nFresno, CA 93721\n\nNovember 21, 2026\n")
    assert "Re: Please end qualified immunity" in first
    assert "Ben Beta" in second
