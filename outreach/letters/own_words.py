"""The own-words score: how much of a sent text is the writer's, not the template's.

Pure functions on two texts: whether the draft was edited, and the share of
words the writer wrote themselves, with a message that encourages more.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from outreach.letters.drafts import Draft

#: The share of one's own words from which the meter says "great" (write.js agrees).
GOOD_SHARE = 15
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


# --------------------------------------------------------------------------- the writer's text


def normalize_text(text: str) -> str:
    """Line ends as ``\\n``, no trailing spaces on lines, no blank lines at either end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def is_edited(draft: Draft, subject: str, body: str) -> bool:
    """Whether the text sent differs from a fresh render (beyond spaces at line ends)."""
    return normalize_text(subject) != normalize_text(draft.subject) or normalize_text(
        body
    ) != normalize_text(draft.body)


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (letters and digits, inner apostrophes kept)."""
    return WORD_RE.findall(text.lower())


@dataclass(frozen=True)
class Share:
    """How much of a message is the writer's own words."""

    own: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.own / self.total) if self.total else 0

    @property
    def level(self) -> str:
        """``none``, ``some`` or ``good``: how the meter reads."""
        if self.percent >= GOOD_SHARE:
            return "good"
        return "some" if self.own else "none"

    @property
    def message(self) -> str:
        """What the meter says, for this level."""
        return SHARE_MESSAGES[self.level]

    @property
    def messages(self) -> dict[str, str]:
        """What the meter says at each level (``write.js`` switches between them)."""
        return SHARE_MESSAGES


SHARE_MESSAGES = {
    "none": "This is all template text. It still counts, but a sentence or two about why "
    "this matters to you makes it count for more.",
    "some": "A good start. A sentence or two more about why this matters to you makes your "
    "message count for more.",
    "good": "Great: this is clearly your own message. Offices notice that.",
}


#: A passage borrowed from a talking point counts from this many words in a row.
BORROWED_RUN = 3


def own_words_share(baseline: str, text: str, borrowed: Iterable[str] = ()) -> Share:
    """The words of ``text`` that are the writer's own.

    A word is not the writer's own when it is matched, in order, in the
    template's ``baseline``, or when it belongs to a run of at least
    :data:`BORROWED_RUN` words taken from one of the ``borrowed`` texts (the
    talking points offered beside the message, wherever they were pasted).
    Word sequences are compared with :class:`difflib.SequenceMatcher` without
    its automatic junk heuristic, so the result does not depend on length;
    ``write.js`` computes the same live.
    """
    mine = words(text)
    if not mine:
        return Share(0, 0)
    taken = [False] * len(mine)
    _mark(words(baseline), mine, range(len(mine)), taken, 1)
    for source in borrowed:
        free = [i for i, used in enumerate(taken) if not used]
        if not free:
            break
        _mark(words(source), [mine[i] for i in free], free, taken, BORROWED_RUN)
    return Share(own=taken.count(False), total=len(mine))


def _mark(
    source: list[str], target: list[str], where: Sequence[int], taken: list[bool], run: int
) -> None:
    """Mark as taken the words of ``target`` (at ``where``) matched in ``source``."""
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size >= run:
            for j in range(block.b, block.b + block.size):
                taken[where[j]] = True
