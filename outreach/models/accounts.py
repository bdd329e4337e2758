"""Organizer accounts and the record of every change they make."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.extensions import Model


class Organizer(UserMixin, Model):
    """Someone who may edit the campaign's content and see supporters' activity."""

    __tablename__ = "organizers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    #: Part of every session cookie of this organizer: raising it (sign-out, a new
    #: password, deactivation) ends every session signed in before.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @property
    def is_active(self) -> bool:  # Flask-Login asks
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version."""
        return f"{self.id}.{self.session_version}"

    def __repr__(self) -> str:
        return f"<Organizer {self.email}>"


class SignInThrottle(Model):
    """Wrong sign-ins counted for one email address (known or not) or one client address.

    ``key`` is a hash (see :func:`outreach.organizers.accounts.throttle_key`), so
    the table neither grows with long input nor lists who tried which address.
    Counted with one conditional UPDATE at a time, in the database, so that
    parallel requests on any number of workers and hosts cannot overwrite each
    other's count.
    """

    __tablename__ = "sign_in_throttles"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class AuditEntry(Model):
    """One change to the content: who, when, what, before and after."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    organizer_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="SET NULL")
    )
    actor: Mapped[str] = mapped_column(String(254))  # email, or "content load"
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete | load
    entity: Mapped[str] = mapped_column(String(32))  # reform_record | bill | content
    entity_key: Mapped[str] = mapped_column(String(120))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    organizer: Mapped[Organizer | None] = relationship()
