"""Checking an organizer's edit: the problems found, the errors raised, and the validation
by the content file's own pydantic models (:mod:`outreach.campaign.content`).

An invalid edit raises :class:`EditError` listing every problem by field (a
path like the content file's) and changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


# ----------------------------------------------------------------------------- results, errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an edit: where (a path like the content file's) and what."""

    loc: Loc
    message: str

    @property
    def where(self) -> str:
        return ".".join(str(part) for part in self.loc)


class EditError(ValueError):
    """An edit that was refused; nothing changed. ``problems`` say why, field by field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.where or 'edit'}: {p.message}" for p in problems))


class EditConflict(EditError):
    """Someone changed the row after the editor opened it; nothing changed."""


class NotFound(LookupError):
    """No record or bill with that key."""


# ----------------------------------------------------------------------------- validation

_MESSAGES = {
    "date_parsing": "Enter a real date as YYYY-MM-DD, like 2026-03-01.",
    "date_from_datetime_parsing": "Enter a real date as YYYY-MM-DD, like 2026-03-01.",
    "date_from_datetime_inexact": "Enter a date without a time, as YYYY-MM-DD.",
    "date_type": "Enter a real date as YYYY-MM-DD, like 2026-03-01.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "bool_parsing": "Answer yes or no.",
    "bool_type": "Answer yes or no.",
    "string_type": "Enter text here.",
    "extra_forbidden": "This field is not part of the content.",
}
#: Rules of a whole model that belong to one field, found by their wording.
_MODEL_RULE_FIELDS = (("cannot be active", "active"), ("give a congress", "congress"))
_ALLOWED_CONTROLS = {"\n", "\t"}


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _message(item: Mapping[str, Any], loc: Loc = ()) -> str:
    """A message for one pydantic error, written for the organizer filling in the form."""
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "missing" or (isinstance(value, str) and not value.strip()) or value is None:
        return "This is required."
    if kind == "string_too_short":
        return "This is required."
    if kind == "string_too_long":
        return (
            f"Use at most {ctx.get('max_length')} characters "
            f"(this has {len(value) if isinstance(value, str) else 'more'})."
        )
    if kind == "too_short":
        if loc and loc[-1] == "sources":
            return "Add at least one source: a title and a link."
        return f"Give at least {ctx.get('min_length')}."
    if kind == "too_long":
        return f"Give at most {ctx.get('max_length')}."
    if kind == "enum":
        return "Choose one of the options in the list."
    if kind == "greater_than_equal":
        return f"Enter a number of at least {ctx.get('ge')}."
    if kind == "less_than_equal":
        return f"Enter a number of at most {ctx.get('le')}."
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = str(item.get("msg", "is not valid")).removeprefix("Value error, ")
    if "http(s) link" in message:
        return "Enter a link that starts with http:// or https://, without spaces."
    return _sentence(message)


def _loc(raw: Iterable[Any], prefix: Loc, message: str) -> Loc:
    loc = prefix + tuple(p for p in raw if not str(p).startswith("function-"))
    if loc and loc[0] == "assessment" and len(loc) == 2:
        return (*loc, "source")  # "a rating of met needs a source link"
    if loc == prefix:
        for words, name in _MODEL_RULE_FIELDS:
            if words in message:
                return (*prefix, name)
    return loc


def _control_problems(value: Any, loc: Loc = ()) -> list[Problem]:
    """Problems for strings anywhere in ``value`` holding control or invisible characters."""
    if isinstance(value, str):
        bad = any(
            unicodedata.category(c).startswith("C") and c not in _ALLOWED_CONTROLS for c in value
        )
        return [Problem(loc, "Remove the invisible or control characters.")] if bad else []
    if isinstance(value, Mapping):
        return [p for k, v in value.items() for p in _control_problems(v, (*loc, k))]
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in _control_problems(v, (*loc, i))]
    return []


def validate(
    model: type[M], payload: Mapping[str, Any], prefix: Loc = ()
) -> tuple[M | None, list[Problem]]:
    """Validate ``payload`` with a content model; ``(parsed or None, problems)``."""
    problems = _control_problems(dict(payload), prefix)
    if problems:
        return None, problems
    try:
        return model.model_validate(dict(payload)), []
    except ValidationError as error:
        for item in error.errors():
            loc = _loc(item["loc"], prefix, str(item.get("msg")))
            problems.append(Problem(loc, _message(item, loc)))
        return None, problems
