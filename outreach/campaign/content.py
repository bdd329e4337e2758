"""Load the campaign's content file, all or nothing.

``content/campaign.yaml`` is validated whole before anything is written: a
file with any error is rejected with the line of each problem, and the content
already in the database stays exactly as it was. A valid file replaces the
content in one transaction and bumps the content version (share images and
caches key on it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from outreach.campaign.partial_dates import PartialDate
from outreach.directory import jurisdictions
from outreach.directory.version import bump_version
from outreach.models import (
    Assessment,
    AuditEntry,
    Bill,
    BillStage,
    Campaign,
    Criterion,
    Place,
    QiEffect,
    Rating,
    ReformRecord,
    ReformStatus,
)
from outreach.models.clock import utcnow

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "campaign.yaml"
FEDERAL = "US"
MAX_TEXT = 4000
M = TypeVar("M", bound=BaseModel)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML (libyaml's parser where installed), with dates left as text so that
    a bad date is reported with its line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class ContentError(ValueError):
    """A content file that cannot be loaded; ``problems`` are ``(line, message)``."""

    def __init__(self, file: str, problems: list[tuple[int | None, str]]) -> None:
        self.file = file
        self.problems = problems
        lines = [
            f"{file}:{line}: {message}" if line else f"{file}: {message}"
            for line, message in problems
        ]
        super().__init__("\n".join(lines))


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"]+$", value):
        raise ValueError("must be an http(s) link without spaces")
    return value


def _iso_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"“{value}” is not a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
#: A date as precise as its source: ``2021-03-08``, ``2021-03``, ``2021`` or ``unknown``.
Partial = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(lambda value: value.iso, return_type=str),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True
    )


class SourceIn(Strict):
    title: Short
    url: Url


class CampaignIn(Strict):
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
    name: Short
    summary: Text
    as_of: IsoDate


class CriterionIn(Strict):
    number: int = Field(ge=1, le=9)
    group: Literal["end", "start"]
    title: Short
    explanation: Text


class PlaceIn(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,8}$")]
    name: Short
    kind: Literal["city", "county"] = "city"
    state: str

    @model_validator(mode="after")
    def _codes(self) -> PlaceIn:
        if self.code in jurisdictions.JURISDICTIONS or self.code == FEDERAL:
            raise ValueError(f"code {self.code} is already a state or territory code")
        if self.state not in jurisdictions.JURISDICTIONS:
            raise ValueError(f"state “{self.state}” is not a state code")
        return self


class RecordIn(Strict):
    jurisdiction: str
    status: ReformStatus
    summary: Text
    as_of: IsoDate
    sources: list[SourceIn] = Field(min_length=1, max_length=20)


class EventIn(Strict):
    date: Partial
    text: Short
    source: Url | None = None


class AssessmentIn(Strict):
    rating: Rating
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)] = ""
    source: Url | None = None

    @model_validator(mode="after")
    def _sourced(self) -> AssessmentIn:
        if self.rating != Rating.UNKNOWN and not self.source:
            raise ValueError(f"a rating of {self.rating.value} needs a source link")
        return self


class BillIn(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
    jurisdiction: str
    identifier: Short
    title: Short
    session: Short
    congress: int | None = Field(default=None, ge=1, le=200)
    stage: BillStage
    active: bool = False
    last_action: Partial
    #: When the session of a pending bill ends (as precise as the source).
    session_end: Partial | None = None
    session_end_source: Url | None = None
    #: What the bill does to qualified immunity; missing means not yet set (unknown).
    qi_effect: QiEffect | None = None
    #: Who and which claims it covers, in plain words.
    qi_scope: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] = ""
    #: The id of the same bill in the other chamber of Congress.
    companion: Slug | None = None
    url: Url
    sponsors: list[Short] = Field(default_factory=list, max_length=50)
    summary: Text
    events: list[EventIn] = Field(default_factory=list, max_length=50)
    assessment: dict[int, AssessmentIn]

    @field_validator("assessment")
    @classmethod
    def _all_nine(cls, value: dict[int, AssessmentIn]) -> dict[int, AssessmentIn]:
        if sorted(value) != list(range(1, 10)):
            missing = sorted(set(range(1, 10)) - set(value))
            extra = sorted(set(value) - set(range(1, 10)))
            raise ValueError(
                "needs criteria 1 to 9 exactly"
                + (f"; missing {missing}" if missing else "")
                + (f"; unknown {extra}" if extra else "")
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> BillIn:
        if self.active and self.stage in (BillStage.ENACTED, BillStage.FAILED, BillStage.VETOED):
            raise ValueError(f"a bill at stage {self.stage.value} cannot be active")
        if (self.jurisdiction == FEDERAL) != (self.congress is not None):
            raise ValueError("federal bills (jurisdiction US), and only they, give a congress")
        if self.session_end is not None and self.session_end.known:
            introduced = self.introduced
            end = self.session_end.end
            if introduced is not None and end is not None and end < introduced.start:
                raise ValueError(
                    f"session_end {self.session_end.iso} is before the bill was introduced "
                    f"({introduced.iso})"
                )
        return self

    @property
    def introduced(self) -> PartialDate | None:
        """The earliest known date of the bill (its first event, else its last action)."""
        dates = [e.date for e in self.events if e.date.known]
        if self.last_action.known:
            dates.append(self.last_action)
        return min(dates, key=lambda d: d.start) if dates else None

    @property
    def effect(self) -> QiEffect:
        return self.qi_effect or QiEffect.UNKNOWN


class ContentFile(Strict):
    campaign: CampaignIn
    rubric: list[CriterionIn] = Field(min_length=9, max_length=9)
    places: list[PlaceIn] = Field(default_factory=list)
    records: list[RecordIn] = Field(default_factory=list)
    bills: list[BillIn] = Field(default_factory=list)


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at ``loc`` (or of its nearest parent)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key_node, value_node in node.value:
                if str(key_node.value) == str(key):
                    found = value_node
                    line = key_node.start_mark.line + 1
                    break
            if found is None:
                return line
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return line
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if not str(part).startswith("function-"))


def _compose_and_load(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, from one parse."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


#: A validated file's problems beyond its schema: ``(line, message)`` each.
CrossChecks = Callable[[M, "yaml.Node | None"], Iterable[tuple[int | None, str]]]
#: A better message for one of pydantic's errors, or None to keep its own.
Rewording = Callable[[tuple[Any, ...], Mapping[str, Any]], str | None]


def parse_yaml_file(
    text: str,
    file: str,
    model: type[M],
    *,
    expected: str,
    cross_checks: CrossChecks[M],
    reword: Rewording | None = None,
) -> M:
    """Parse ``text`` once, validate it as ``model`` and run ``cross_checks``.

    :param expected: what the top level must hold, said when it is not a mapping.
    :raise ContentError: listing every problem with its line.
    """
    try:
        root, data = _compose_and_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(
            file, [(mark.line + 1 if mark else None, f"not valid YAML: {problem}")]
        ) from None
    if not isinstance(data, dict):
        raise ContentError(file, [(1, f"expected a mapping with {expected}")])
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = tuple(p for p in item["loc"] if not str(p).startswith("function-"))
            message = (reword and reword(loc, item)) or item["msg"].removeprefix("Value error, ")
            problems.append((_line_of(root, loc), f"{_where(loc)}: {message}"))
        raise ContentError(file, problems) from None
    problems = list(cross_checks(parsed, root))
    if problems:
        raise ContentError(file, problems)
    return parsed


def read_text_file(path: Path) -> str:
    """The text of a content file.

    :raise ContentError: for a missing or unreadable file.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(str(path.name), [(None, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(str(path.name), [(None, f"cannot be read ({error})")]) from None


def parse_content(text: str, file: str = "campaign.yaml") -> ContentFile:
    """Validate the content file's text.

    :raise ContentError: listing every problem with its line.
    """
    return parse_yaml_file(
        text,
        file,
        ContentFile,
        expected="campaign, rubric, records and bills",
        cross_checks=_cross_checks,
    )


def _cross_checks(
    content: ContentFile, root: yaml.Node | None
) -> Iterator[tuple[int | None, str]]:
    numbers = [c.number for c in content.rubric]
    if sorted(numbers) != list(range(1, 10)):
        yield _line_of(root, ("rubric",)), "rubric: needs criteria numbered 1 to 9, once each"
    for i, criterion in enumerate(content.rubric):
        expected = "end" if criterion.number <= 4 else "start"
        if criterion.group != expected:
            yield (
                _line_of(root, ("rubric", i, "group")),
                f"rubric.{i}.group: criterion {criterion.number} belongs to {expected}",
            )
    places = {p.code for p in content.places}
    known = set(jurisdictions.STATE_DATA_JURISDICTIONS) | set(jurisdictions.JURISDICTIONS) | places
    seen: set[str] = set()
    for i, record in enumerate(content.records):
        if record.jurisdiction not in known:
            yield (
                _line_of(root, ("records", i, "jurisdiction")),
                f"records.{i}.jurisdiction: unknown jurisdiction “{record.jurisdiction}”",
            )
        if record.jurisdiction in seen:
            yield (
                _line_of(root, ("records", i, "jurisdiction")),
                f"records.{i}.jurisdiction: {record.jurisdiction} has a record already",
            )
        seen.add(record.jurisdiction)
    ids: set[str] = set()
    for i, bill in enumerate(content.bills):
        if bill.jurisdiction not in known | {FEDERAL}:
            yield (
                _line_of(root, ("bills", i, "jurisdiction")),
                f"bills.{i}.jurisdiction: unknown jurisdiction “{bill.jurisdiction}”",
            )
        if bill.id in ids:
            yield _line_of(root, ("bills", i, "id")), f"bills.{i}.id: “{bill.id}” is used twice"
        ids.add(bill.id)
    all_ids = {bill.id for bill in content.bills}
    for i, bill in enumerate(content.bills):
        if bill.companion is not None and bill.companion not in all_ids:
            yield (
                _line_of(root, ("bills", i, "companion")),
                f"bills.{i}.companion: no bill has the id “{bill.companion}”",
            )


def bill_fields(bill: BillIn) -> dict[str, Any]:
    """The columns of a :class:`Bill` row for a validated ``bills`` entry (not slug, ratings)."""
    data = bill.model_dump(
        mode="json", exclude={"id", "assessment", "last_action", "session_end", "qi_effect"}
    )
    data["last_action"] = bill.last_action.start
    data["last_action_precision"] = bill.last_action.precision
    data["session_end"] = bill.session_end.iso if bill.session_end else None
    data["qi_effect"] = bill.effect.value
    return data


def read_content(path: Path) -> ContentFile:
    """Read and validate the content file at ``path``.

    :raise ContentError: for a missing, unreadable or invalid file.
    """
    return parse_content(read_text_file(path), path.name)


def content_is_empty(session: Session) -> bool:
    """True before any campaign content was loaded."""
    return (session.scalar(select(func.count()).select_from(Campaign)) or 0) == 0


def load_content(session: Session, content: ContentFile, *, source: str) -> dict[str, int]:
    """Replace all campaign content with ``content``; the caller commits.

    :returns: counts of what was loaded.
    """
    for model in (Assessment, Bill, ReformRecord, Place, Criterion, Campaign):
        session.execute(delete(model))
    campaign = Campaign(**content.campaign.model_dump())
    campaign.criteria = [Criterion(**c.model_dump()) for c in content.rubric]
    session.add(campaign)
    session.add_all(Place(**p.model_dump()) for p in content.places)
    now = utcnow()
    for record in content.records:
        data = record.model_dump(mode="json")
        data["as_of"] = record.as_of
        session.add(ReformRecord(**data, updated_at=now))
    for bill in content.bills:
        data = bill_fields(bill)
        row = Bill(slug=bill.id, updated_at=now, **data)
        row.assessments = [
            Assessment(criterion=n, rating=a.rating.value, note=a.note, source=a.source)
            for n, a in sorted(bill.assessment.items())
        ]
        session.add(row)
    counts = {
        "criteria": len(content.rubric),
        "places": len(content.places),
        "records": len(content.records),
        "bills": len(content.bills),
    }
    version = bump_version(session, loaded_from=source)
    session.add(
        AuditEntry(
            at=now,
            actor="content load",
            action="load",
            entity="content",
            entity_key=source,
            before=None,
            after={**counts, "version": version},
        )
    )
    session.flush()
    return counts
