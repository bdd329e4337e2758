"""Organizer accounts: creating them, checking passwords, locking out guessers.

Passwords are stored as Werkzeug scrypt hashes. After :data:`MAX_FAILURES`
wrong passwords in a row an account is locked for :data:`LOCKOUT`; a correct
password resets the count. A sign-in with an unknown email address costs the
same password hash check as one with a known address, and both answer with
the same outcome, so the form does not reveal who has an account.

Functions here change rows but never commit: the caller does.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import Organizer

MIN_PASSWORD_LENGTH = 12
#: Longer input is refused before hashing (it cannot be anyone's password).
MAX_PASSWORD_LENGTH = 1024
MAX_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 254
#: Wrong passwords in a row that lock an account.
MAX_FAILURES = 5
#: How long a locked account stays locked.
LOCKOUT = timedelta(minutes=15)


class AccountError(ValueError):
    """An account that cannot be created or changed as asked."""


class WeakPassword(AccountError):
    """A password too short (or otherwise unfit) to protect the organizer area."""


class DuplicateEmail(AccountError):
    """An organizer with that email address exists already."""


class SignIn(enum.Enum):
    """What became of a sign-in attempt."""

    OK = "ok"
    WRONG = "wrong"  # unknown email, wrong password or deactivated account
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    """The outcome of :func:`authenticate`, with the organizer when it succeeded."""

    outcome: SignIn
    organizer: Organizer | None = None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is SignIn.OK


def utcnow() -> datetime:
    """Now, in UTC, without a time zone (as the database stores it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def normalize_email(raw: str) -> str:
    """The address trimmed and lower-cased, the form it is stored and looked up in."""
    return (raw or "").strip().lower()


def check_email(raw: str) -> str:
    """A well-formed email address, normalized.

    :raise AccountError: when it is not an email address.
    """
    email = normalize_email(raw)
    if not email or len(email) > MAX_EMAIL_LENGTH:
        raise AccountError("Give an email address (at most 254 characters).")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(f"“{email[:60]}” is not an email address: {error}") from None
    return email


def check_password_strength(password: str, *, email: str = "") -> None:
    """Refuse passwords too weak for the organizer area.

    :raise WeakPassword: with a message saying why.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            f"Use a password of at least {MIN_PASSWORD_LENGTH} characters "
            f"(this one has {len(password)}). A few unrelated words make a good one."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"Use a password of at most {MAX_PASSWORD_LENGTH} characters.")
    if len(set(password)) < 4:
        raise WeakPassword("That password repeats too few characters: choose another.")
    if email and password.strip().lower() in {email.lower(), email.split("@")[0].lower()}:
        raise WeakPassword("The password must not be your email address.")
    if any(unicodedata.category(c) == "Cc" for c in password):
        raise WeakPassword("The password must not contain control characters.")


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    return generate_password_hash(password, method="scrypt")


@cache
def _dummy_hash() -> str:
    """A hash to check unknown addresses against, so they take as long as known ones."""
    return hash_password("not-a-password-of-anyone")


def get_organizer(session: Session, email: str) -> Organizer | None:
    """The organizer with that email address (in any case), or None."""
    return session.scalars(
        select(Organizer).where(func.lower(Organizer.email) == normalize_email(email))
    ).first()


def create_organizer(
    session: Session, *, email: str, name: str, password: str, now: datetime | None = None
) -> Organizer:
    """Add an organizer with a hashed password; the caller commits.

    :raise AccountError: for a bad email address or name.
    :raise WeakPassword: for a password too weak.
    :raise DuplicateEmail: when the address has an account already.
    """
    email = check_email(email)
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise AccountError(f"Give a name of 1 to {MAX_NAME_LENGTH} characters.")
    check_password_strength(password, email=email)
    if get_organizer(session, email) is not None:
        raise DuplicateEmail(f"An organizer with the email address {email} exists already.")
    organizer = Organizer(
        email=email,
        name=name,
        password_hash=hash_password(password),
        active=True,
        created_at=now or utcnow(),
        failed_logins=0,
        locked_until=None,
    )
    session.add(organizer)
    session.flush()
    return organizer


def set_password(session: Session, organizer: Organizer, password: str) -> None:
    """Give ``organizer`` a new password and lift any lockout; the caller commits.

    :raise WeakPassword: for a password too weak.
    """
    check_password_strength(password, email=organizer.email)
    organizer.password_hash = hash_password(password)
    organizer.failed_logins = 0
    organizer.locked_until = None
    session.flush()


def list_organizers(session: Session) -> list[Organizer]:
    """Every organizer, by email address."""
    return list(session.scalars(select(Organizer).order_by(Organizer.email)))


def is_locked(organizer: Organizer, now: datetime | None = None) -> bool:
    """Whether the account is locked out at ``now``."""
    return organizer.locked_until is not None and organizer.locked_until > (now or utcnow())


def authenticate(
    session: Session, email: str, password: str, *, now: datetime | None = None
) -> SignInResult:
    """Check an email address and password, counting failures; the caller commits.

    A locked account answers ``LOCKED`` without checking the password (so
    guessing goes on costing nothing but time). The :data:`MAX_FAILURES`-th
    wrong password in a row locks the account for :data:`LOCKOUT` and answers
    ``LOCKED``; once the lock expires the count starts again from zero. Unknown
    addresses, wrong passwords and deactivated accounts all answer ``WRONG``.
    """
    now = now or utcnow()
    organizer = get_organizer(session, email) if len(email or "") <= MAX_EMAIL_LENGTH else None
    if len(password or "") > MAX_PASSWORD_LENGTH:
        password = ""
    if organizer is None:
        check_password_hash(_dummy_hash(), password or "")
        return SignInResult(SignIn.WRONG)
    if is_locked(organizer, now):
        return SignInResult(SignIn.LOCKED, locked_until=organizer.locked_until)
    if organizer.locked_until is not None:  # an expired lock: start counting afresh
        organizer.locked_until = None
        organizer.failed_logins = 0
    password_ok = bool(password) and check_password_hash(organizer.password_hash, password)
    if password_ok and organizer.active:
        organizer.failed_logins = 0
        return SignInResult(SignIn.OK, organizer=organizer)
    organizer.failed_logins = (organizer.failed_logins or 0) + 1
    if organizer.failed_logins >= MAX_FAILURES:
        organizer.failed_logins = 0
        organizer.locked_until = now + LOCKOUT
        return SignInResult(SignIn.LOCKED, locked_until=organizer.locked_until)
    return SignInResult(SignIn.WRONG)
