"""What a directory correction is, and the reviewed file that ships them.

The schema of one correction (:class:`CorrectionIn`) and of the file
``content/corrections.yaml``, read all or nothing: :func:`read_corrections`
and :func:`parse_corrections` name every problem by correction key. What
corrections are and how a sync meets them: :mod:`outreach.directory.corrections`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from outreach.directory import jurisdictions
from outreach.models import (
    OfficeKind,
)

# The importers' address and phone checks are imported where a correction is
# checked or applied, so that the web app starts without the importers.

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "corrections.yaml"
#: The source of the officials a correction added (``source`` of their row).
CAMPAIGN_SOURCE = "campaign"


class CorrectionError(ValueError):
    """A correction (or a file of them) that is refused; ``problems`` name each reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"]+$", value):
        raise ValueError("must be an http(s) link without spaces")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OfficeIn(Strict):
    """A contact office as a correction gives it."""

    kind: Literal["capitol", "district", "primary", "capitol-mail", "district-mail"] = "capitol"
    label: Text | None = None
    address: Annotated[str, StringConstraints(max_length=400)] | None = None
    phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    fax: Annotated[str, StringConstraints(max_length=40)] | None = None

    @model_validator(mode="after")
    def _something(self) -> OfficeIn:
        if not (self.address or self.phone):
            raise ValueError("an office needs an address or a phone number")
        return self


class PersonIn(Strict):
    """A successor or a missing official."""

    name: Text
    given_name: Text | None = None
    family_name: Text | None = None
    party: Text | None = None
    title: Text | None = None
    start_date: date | None = None
    end_date: date | None = None
    email: Annotated[str, StringConstraints(max_length=254)] | None = None
    website: Url | None = None
    offices: list[OfficeIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> PersonIn:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(
                f"the term ends ({self.end_date}) before it starts ({self.start_date})"
            )
        return self


class CorrectionIn(Strict):
    """One correction, as written in the file or the organizer form."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]
    kind: Literal[
        "replace_officeholder",
        "end_role",
        "fix_end_date",
        "fix_office",
        "add_office",
        "add_official",
    ]
    jurisdiction: Annotated[str, StringConstraints(to_upper=True, min_length=2, max_length=2)]
    office: Literal[tuple(k.value for k in OfficeKind)]  # type: ignore[valid-type]
    district: Text | None = None
    #: The person corrected: their source id (``ocd-person/…`` or bioguide).
    person: Annotated[str, StringConstraints(max_length=80)] | None = None
    #: Their name as the data gives it, for the reader of the file.
    person_name: Text | None = None
    successor: PersonIn | None = None
    end_date: date | None = None
    office_details: OfficeIn | None = Field(default=None, alias="contact_office")
    source: Url
    date: date
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None

    @model_validator(mode="after")
    def _shape(self) -> CorrectionIn:
        if self.jurisdiction not in jurisdictions.JURISDICTIONS:
            raise ValueError(f"unknown jurisdiction {self.jurisdiction}")
        needs_person = self.kind != "add_official"
        if needs_person and not self.person:
            raise ValueError(f"a {self.kind} correction names the person it corrects (person)")
        if self.kind in ("replace_officeholder", "add_official") and self.successor is None:
            raise ValueError(f"a {self.kind} correction gives the official (successor)")
        if self.kind in ("end_role", "fix_end_date") and self.end_date is None:
            raise ValueError(f"a {self.kind} correction gives the end date (end_date)")
        if self.kind in ("fix_office", "add_office") and self.office_details is None:
            raise ValueError(f"a {self.kind} correction gives the office (contact_office)")
        offices = list(self.successor.offices if self.successor else [])
        if self.office_details:
            offices.append(self.office_details)
        from outreach.directory.importers import split_address
        from outreach.directory.importers.offices import foreign_office

        congress = self.office in ("us_senator", "us_representative")
        for office in offices:
            _street, _city, state, _zip = split_address(office.address)
            outside = foreign_office(
                self.jurisdiction,
                address=office.address,
                state=state,
                phones=(office.phone, office.fax),
                congress=congress,
            )
            if outside:
                raise ValueError(
                    f"the office “{office.address or office.phone}” is outside "
                    f"{self.jurisdiction}: {outside}"
                )
        return self


class CorrectionsFile(Strict):
    corrections: list[CorrectionIn]


# --------------------------------------------------------------------------- reading


def parse_corrections(text: str, file: str = "corrections.yaml") -> list[CorrectionIn]:
    """Validate a corrections file whole.

    :raise CorrectionError: naming every problem, by correction key.
    """
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CorrectionError([f"{file}: not valid YAML ({error})"]) from None
    try:
        parsed = CorrectionsFile.model_validate(raw)
    except ValidationError as error:
        raise CorrectionError(
            [f"{file}: {_where(raw, e['loc'])}: {e['msg']}" for e in error.errors()]
        ) from None
    seen: set[str] = set()
    problems = []
    for item in parsed.corrections:
        if item.key in seen:
            problems.append(f"{file}: {item.key}: the key is used twice")
        seen.add(item.key)
    if problems:
        raise CorrectionError(problems)
    return parsed.corrections


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "corrections" and isinstance(loc[1], int):
        try:
            key = raw["corrections"][loc[1]].get("key")
        except (KeyError, IndexError, TypeError, AttributeError):
            key = None
        rest = ".".join(str(p) for p in loc[2:])
        return f"correction {key or loc[1] + 1}" + (f" ({rest})" if rest else "")
    return ".".join(str(p) for p in loc) or "file"


def read_corrections(path: Path) -> list[CorrectionIn]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CorrectionError([f"{path.name}: cannot be read ({error.strerror})"]) from None
    return parse_corrections(text, path.name)
