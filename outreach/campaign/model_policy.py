"""The campaign's model state bill, read from ``content/model-policy.yaml``.

The file is reviewed content like ``campaign.yaml``: organizers change the
wording by editing it. It is checked whole when read; a file with any problem
is refused with a :class:`~outreach.campaign.content.ContentError` that names
the line of each problem. The model has one section per rubric criterion, each
with the bill's words, a plain note, and what existing laws show, each point
with its source. Reads are cached per file until it changes on disk.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import Field

from outreach.campaign.content import (
    ContentError,
    IsoDate,
    Short,
    Slug,
    SourceIn,
    Strict,
    Text,
    Url,
    _line_of,
    parse_yaml_file,
    read_text_file,
)
from outreach.campaign.scoring import CRITERIA

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "model-policy.yaml"
logger = logging.getLogger(__name__)


class PolicyInfo(Strict):
    """The model bill's title, what it does, and what it is not."""

    title: Short
    summary: Text
    caution: Text
    as_of: IsoDate


class GeneralSection(Strict):
    """A section that serves every criterion (short title, definitions)."""

    heading: Short
    text: Text
    note: Text


class Lesson(Strict):
    """What one existing law shows about a criterion, with its source."""

    law: Slug
    point: Text
    source: Url


class CriterionSection(Strict):
    """The model's section for one rubric criterion."""

    criterion: int = Field(ge=1, le=9)
    heading: Short
    text: Text
    note: Text
    learns_from: list[Lesson] = Field(min_length=1, max_length=10)


class LawIn(Strict):
    """An existing law the model learns from."""

    id: Slug
    name: Short
    year: int = Field(ge=1800, le=2200)
    summary: Text
    sources: list[SourceIn] = Field(min_length=1, max_length=10)


class ModelPolicy(Strict):
    """The whole file, checked."""

    policy: PolicyInfo
    general: list[GeneralSection] = Field(default_factory=list, max_length=10)
    sections: list[CriterionSection] = Field(min_length=9, max_length=9)
    laws: list[LawIn] = Field(min_length=1, max_length=20)

    def law(self, law_id: str) -> LawIn:
        """The law with ``law_id`` (every lesson's law exists: the loader checks it)."""
        return next(law for law in self.laws if law.id == law_id)

    @property
    def by_criterion(self) -> Mapping[int, CriterionSection]:
        return {section.criterion: section for section in self.sections}


def parse_policy(text: str, file: str = "model-policy.yaml") -> ModelPolicy:
    """Check the YAML ``text`` of the model policy.

    :raise ContentError: listing every problem with its line.
    """
    return parse_yaml_file(
        text,
        file,
        ModelPolicy,
        expected="policy, sections and laws",
        cross_checks=_cross_checks,
    )


def _cross_checks(policy: ModelPolicy, root: yaml.Node | None) -> Iterator[tuple[int | None, str]]:
    """One section per criterion, unique law ids, every lesson naming a known law."""
    seen: set[int] = set()
    for i, section in enumerate(policy.sections):
        if section.criterion in seen:
            yield (
                _line_of(root, ("sections", i, "criterion")),
                f"sections.{i}.criterion: criterion {section.criterion} has a section already",
            )
        seen.add(section.criterion)
    missing = sorted(set(CRITERIA) - seen)
    if missing:
        yield (
            _line_of(root, ("sections",)),
            f"sections: no section for criteria {', '.join(map(str, missing))}",
        )
    ids: set[str] = set()
    for i, law in enumerate(policy.laws):
        if law.id in ids:
            yield _line_of(root, ("laws", i, "id")), f"laws.{i}.id: “{law.id}” is used twice"
        ids.add(law.id)
    for i, section in enumerate(policy.sections):
        for j, lesson in enumerate(section.learns_from):
            if lesson.law not in ids:
                yield (
                    _line_of(root, ("sections", i, "learns_from", j, "law")),
                    f"sections.{i}.learns_from.{j}.law: no law has the id “{lesson.law}”",
                )


def load_policy(path: Path = DEFAULT_PATH) -> ModelPolicy:
    """The model policy at ``path``, cached until the file changes.

    :raise ContentError: for a missing, unreadable or invalid file.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise ContentError(path.name, [(None, "file not found")]) from None
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> ModelPolicy:
    """Read and check ``path``; the stat arguments only key the cache."""
    return parse_policy(read_text_file(path), path.name)


def try_load(path: Path = DEFAULT_PATH) -> ModelPolicy | None:
    """The model policy, or None (logged) when the file has a problem."""
    try:
        return load_policy(path)
    except ContentError as error:
        logger.warning("Model policy not available: %s", error)
        return None
