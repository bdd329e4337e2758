"""The rubric for everyone: anyone scores a bill against the nine criteria.

The answers travel in the page's address (``?bill=…&c1=met&n1=…``), so an
evaluation can be shared as a link and nothing is stored. A link whose values
were changed by hand keeps every valid answer and lists what it ignored, with
the values that are allowed. The score is :func:`outreach.campaign.scoring.score_ratings`,
the same the organizers' evaluator shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from outreach.campaign.scoring import CRITERIA, Score, score_ratings
from outreach.directory import checks, jurisdictions
from outreach.models import Rating

MAX_BILL = 120
MAX_NOTE = 500
FEDERAL = "US"
#: What the form calls each rating (``unknown`` is "not sure" here).
CHOICES = {
    Rating.MET: "Met",
    Rating.PARTIAL: "Partly met",
    Rating.NOT_MET: "Not met",
    Rating.UNKNOWN: "Not sure",
}
VALID_RATINGS = ", ".join(rating.value for rating in CHOICES)


@dataclass(frozen=True)
class Ignored:
    """A value of the link that was not used, and why."""

    name: str
    reason: str


@dataclass
class Answers:
    """What someone answered, as far as it is valid."""

    bill: str = ""
    jurisdiction: str = ""
    ratings: dict[int, Rating] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    ignored: list[Ignored] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """All nine criteria have a rating ("not sure" counts as one)."""
        return all(n in self.ratings for n in CRITERIA)

    @property
    def unanswered(self) -> list[int]:
        return [n for n in CRITERIA if n not in self.ratings]

    @property
    def score(self) -> Score | None:
        """The score once all nine are answered; the organizers' evaluator counts the same."""
        return score_ratings(self.ratings) if self.complete else None

    @property
    def started(self) -> bool:
        return bool(self.ratings or self.notes or self.bill)

    def missing(self) -> list[tuple[int, Rating]]:
        """The criteria the bill does not fully meet, with how it does on each."""
        return [(n, r) for n, r in sorted(self.ratings.items()) if r is not Rating.MET]

    def params(self) -> dict[str, str]:
        """The valid answers as the link's parameters, in a fixed order."""
        values: dict[str, str] = {}
        if self.bill:
            values["bill"] = self.bill
        if self.jurisdiction:
            values["where"] = self.jurisdiction
        for n in CRITERIA:
            if n in self.ratings:
                values[f"c{n}"] = self.ratings[n].value
            if self.notes.get(n):
                values[f"n{n}"] = self.notes[n]
        return values

    def as_report(self) -> dict[str, dict[str, str]]:
        """``{"1": {"rating": "met", "note": "…"}, …}`` for the criteria answered."""
        return {
            str(n): {"rating": self.ratings[n].value, "note": self.notes.get(n, "")}
            for n in CRITERIA
            if n in self.ratings
        }


def _text(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """The trimmed text, or None when it is too long or has control characters."""
    value = value.strip()
    if len(value) > limit:
        return None
    check = value.replace("\n", "").replace("\r", "").replace("\t", "") if multiline else value
    return None if checks.has_control_characters(check) else value


def _known_code(value: str) -> bool:
    return value in jurisdictions.JURISDICTIONS or value == FEDERAL


def _criterion_of(name: str) -> tuple[str, int] | None:
    """``("c", 3)`` for ``c3``; None for a name that is not a criterion's."""
    if len(name) >= 2 and name[0] in "cn" and name[1:].isdigit() and len(name) <= 4:
        return name[0], int(name[1:])
    return None


def _answer(answers: Answers, name: str, value: str) -> str | None:
    """Take one criterion's rating or note; the reason it is ignored, if it is."""
    parsed = _criterion_of(name)
    if parsed is None:
        return None
    kind, number = parsed
    if number not in CRITERIA:
        return "the rubric has criteria 1 to 9 only"
    if kind == "c":
        if not value:
            return None
        try:
            answers.ratings[number] = Rating(value)
        except ValueError:
            return f"“{value[:40]}” is not a rating: use one of {VALID_RATINGS}"
        return None
    note = _text(value, MAX_NOTE, multiline=True)
    if note is None:
        return f"a note is at most {MAX_NOTE} characters, with no control characters"
    if note:
        answers.notes[number] = note
    return None


def parse_answers(args: Mapping[str, str]) -> Answers:
    """The valid answers in ``args`` (a query string), and what was ignored.

    Parameters that are not the evaluator's (``utm_source`` …) are left alone.
    """
    answers = Answers()
    for name, raw in args.items():
        value = str(raw)
        reason: str | None = None
        if name == "bill":
            bill = _text(value, MAX_BILL)
            if bill is None:
                reason = f"the bill's name is at most {MAX_BILL} characters on one line"
            else:
                answers.bill = bill
        elif name == "where":
            code = value.strip().upper()
            if code and not _known_code(code):
                reason = f"“{value[:20]}” is not a state code (like CO) or US for Congress"
            else:
                answers.jurisdiction = code
        else:
            reason = _answer(answers, name, value)
        if reason:
            answers.ignored.append(Ignored(name[:20], reason))
    return answers


def jurisdiction_choices() -> list[tuple[str, str]]:
    """``(code, name)`` for the form: Congress, then every state and territory by name."""
    states = sorted(jurisdictions.JURISDICTIONS.values(), key=lambda info: info.name)
    return [(FEDERAL, "Congress (a federal bill)")] + [(info.abbr, info.name) for info in states]
