"""Database models: the officials directory and its provenance.

The directory is rebuilt from public data by ``flask directory sync``; rows
keep their source ids (bioguide for Congress, ``ocd-person/…`` for Open
States) so that a second sync updates the same rows instead of adding new ones.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.extensions import Model


class OfficeKind(enum.StrEnum):
    """The offices the directory knows, as stored in ``roles.office``."""

    US_SENATOR = "us_senator"
    US_REPRESENTATIVE = "us_representative"
    GOVERNOR = "governor"
    LT_GOVERNOR = "lt_governor"
    ATTORNEY_GENERAL = "attorney_general"
    SECRETARY_OF_STATE = "secretary_of_state"
    STATE_SENATOR = "state_senator"
    STATE_REPRESENTATIVE = "state_representative"
    STATE_LEGISLATOR = "state_legislator"

    @property
    def label(self) -> str:
        return OFFICE_LABELS[self]

    @property
    def level(self) -> str:
        """``federal`` or ``state``."""
        return "federal" if self in FEDERAL_OFFICES else "state"


OFFICE_LABELS: dict[OfficeKind, str] = {
    OfficeKind.US_SENATOR: "U.S. Senator",
    OfficeKind.US_REPRESENTATIVE: "U.S. Representative",
    OfficeKind.GOVERNOR: "Governor",
    OfficeKind.LT_GOVERNOR: "Lieutenant Governor",
    OfficeKind.ATTORNEY_GENERAL: "Attorney General",
    OfficeKind.SECRETARY_OF_STATE: "Secretary of State",
    OfficeKind.STATE_SENATOR: "State Senator",
    OfficeKind.STATE_REPRESENTATIVE: "State Representative",
    OfficeKind.STATE_LEGISLATOR: "State Legislator",
}
FEDERAL_OFFICES = frozenset({OfficeKind.US_SENATOR, OfficeKind.US_REPRESENTATIVE})
STATEWIDE_OFFICES = (
    OfficeKind.GOVERNOR,
    OfficeKind.LT_GOVERNOR,
    OfficeKind.ATTORNEY_GENERAL,
    OfficeKind.SECRETARY_OF_STATE,
)
LEGISLATIVE_OFFICES = (
    OfficeKind.STATE_SENATOR,
    OfficeKind.STATE_REPRESENTATIVE,
    OfficeKind.STATE_LEGISLATOR,
)
#: Display order of offices on every page.
OFFICE_ORDER: dict[str, int] = {
    kind.value: i
    for i, kind in enumerate(
        [
            OfficeKind.US_SENATOR,
            OfficeKind.US_REPRESENTATIVE,
            *STATEWIDE_OFFICES,
            *LEGISLATIVE_OFFICES,
        ]
    )
}


class Jurisdiction(Model):
    """A state, the District of Columbia, Puerto Rico or another territory."""

    __tablename__ = "jurisdictions"

    abbr: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    ocd_id: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # state | district | territory
    fips: Mapped[str | None] = mapped_column(String(2))

    def __repr__(self) -> str:
        return f"<Jurisdiction {self.abbr}>"


class HasPhones(Protocol):
    """What :class:`PersonBehaviour` reads of an office: its phone and fax."""

    @property
    def phone(self) -> str | None: ...

    @property
    def fax(self) -> str | None: ...


RoleT = TypeVar("RoleT", bound="RoleBehaviour")
OfficeT = TypeVar("OfficeT", bound=HasPhones)


class PersonBehaviour(Generic[RoleT, OfficeT]):
    """What every official knows about itself, as a model row or a read-only view."""

    roles: Sequence[RoleT]
    offices: Sequence[OfficeT]

    @property
    def role(self) -> RoleT | None:
        """The office this person holds (the directory keeps the latest one)."""
        return self.roles[0] if self.roles else None

    @property
    def phones(self) -> list[str]:
        """Each distinct phone number of the person's offices, in office order."""
        return list(dict.fromkeys(o.phone for o in self.offices if o.phone))

    @property
    def faxes(self) -> list[str]:
        """Each distinct fax number of the person's offices, in office order."""
        return list(dict.fromkeys(o.fax for o in self.offices if o.fax))


class RoleBehaviour:
    """What every office held knows about itself."""

    office: str
    end_date: date | None

    @property
    def kind(self) -> OfficeKind:
        return OfficeKind(self.office)

    def is_stale(self, today: date) -> bool:
        """Whether the recorded term has ended (the data may be out of date)."""
        return self.end_date is not None and self.end_date < today


#: The columns of a person that come from the public data (everything but the id).
PERSON_DATA_COLUMNS = (
    "source",
    "source_id",
    "bioguide_id",
    "ocd_person_id",
    "name",
    "sort_name",
    "given_name",
    "family_name",
    "middle_name",
    "suffix",
    "nickname",
    "gender",
    "party",
    "party_detail",
    "photo_url",
    "email",
    "contact_form_url",
    "website_url",
)


# mypy does not match the columns (descriptors) against the protocol's properties.
class Person(PersonBehaviour["Role", "ContactOffice"], Model):  # type: ignore[type-var]
    """Someone who holds (at least) one office in the directory."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))  # congress-legislators | openstates
    source_id: Mapped[str] = mapped_column(String(80), unique=True)
    bioguide_id: Mapped[str | None] = mapped_column(String(16), index=True)
    ocd_person_id: Mapped[str | None] = mapped_column(String(80), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sort_name: Mapped[str] = mapped_column(String(200))
    given_name: Mapped[str | None] = mapped_column(String(100))
    family_name: Mapped[str | None] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    suffix: Mapped[str | None] = mapped_column(String(40))
    nickname: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(20))
    party: Mapped[str | None] = mapped_column(String(80), index=True)
    party_detail: Mapped[str | None] = mapped_column(String(200))
    photo_url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(254))
    contact_form_url: Mapped[str | None] = mapped_column(String(500))
    #: What the web form asks (see ``importers.contact_forms``): fields in order,
    #: required ones, topic options, captcha, two-step; None when unknown.
    contact_form_fields: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    website_url: Mapped[str | None] = mapped_column(String(500))

    roles: Mapped[list[Role]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Role.id"
    )
    offices: Mapped[list[ContactOffice]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="ContactOffice.position",
    )
    social_accounts: Mapped[list[SocialAccount]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="SocialAccount.platform",
    )
    memberships: Mapped[list[CommitteeMembership]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.source_id} {self.name!r}>"


class Role(RoleBehaviour, Model):
    """An office a person holds: its kind, jurisdiction, district and term."""

    __tablename__ = "roles"
    __table_args__ = (Index("ix_roles_lookup", "jurisdiction_abbr", "office", "district"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    office: Mapped[str] = mapped_column(String(32))
    jurisdiction_abbr: Mapped[str] = mapped_column(ForeignKey("jurisdictions.abbr"))
    chamber: Mapped[str | None] = mapped_column(String(16))  # upper | lower | legislature
    district: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(String(80))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="roles")
    jurisdiction: Mapped[Jurisdiction] = relationship()

    def __repr__(self) -> str:
        return f"<Role {self.office} {self.jurisdiction_abbr} {self.district}>"


class ContactOffice(Model):
    """A postal office with its phone and fax: capitol, DC or district office."""

    __tablename__ = "contact_offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(24))  # capitol | district | *-mail | primary
    label: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(Text)  # the whole address as published
    street: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))
    hours: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    person: Mapped[Person] = relationship(back_populates="offices")

    def __repr__(self) -> str:
        return f"<ContactOffice {self.kind} {self.city}>"


class SocialAccount(Model):
    """A social media account: platform and handle."""

    __tablename__ = "social_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    handle: Mapped[str] = mapped_column(String(200))

    person: Mapped[Person] = relationship(back_populates="social_accounts")


class Committee(Model):
    """A legislative committee or subcommittee, federal or state."""

    __tablename__ = "committees"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # source id
    level: Mapped[str] = mapped_column(String(8))  # federal | state
    jurisdiction_abbr: Mapped[str | None] = mapped_column(
        ForeignKey("jurisdictions.abbr"), index=True
    )
    chamber: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))
    parent_id: Mapped[str | None] = mapped_column(String(80))
    url: Mapped[str | None] = mapped_column(String(500))

    memberships: Mapped[list[CommitteeMembership]] = relationship(
        back_populates="committee", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Committee {self.id} {self.name!r}>"


class CommitteeMembership(Model):
    """A person's seat on a committee, with their role (chair, member, …)."""

    __tablename__ = "committee_memberships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[str] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(80), default="member")

    committee: Mapped[Committee] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship(back_populates="memberships")


class ZipDistrict(Model):
    """One (ZCTA, congressional district) pair from the Census crosswalk."""

    __tablename__ = "zip_districts"
    __table_args__ = (UniqueConstraint("zcta", "state_abbr", "district"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zcta: Mapped[str] = mapped_column(String(5), index=True)
    state_abbr: Mapped[str] = mapped_column(String(2))
    district: Mapped[str] = mapped_column(String(4))  # "0" = at-large


class DirectorySync(Model):
    """A record of one run of ``flask directory sync``, successful or not."""

    __tablename__ = "directory_syncs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16))  # ok | failed
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    upstream: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)

    @property
    def as_of(self) -> date | None:
        return self.finished_at.date() if self.finished_at else None

    def __repr__(self) -> str:
        return f"<DirectorySync {self.id} {self.status}>"
