"""Organizer accounts: creating them, checking passwords, slowing guessers down.

Passwords are stored as Werkzeug scrypt hashes.

Wrong sign-ins are counted in the database (table ``sign_in_throttles``), per
email address — known or not — and per client address. Each attempt first
*claims* its try with one conditional UPDATE (a compare-and-set on the count),
committed before the password is checked; so parallel requests on any number of
workers or hosts cannot overwrite each other's count, and at most
:data:`MAX_FAILURES` passwords are ever checked for an address before it pauses.
From then on every further wrong password pauses signing in for that address
longer (:func:`pause_after`: 1, 2, 4, 8 … minutes, at most :data:`MAX_PAUSE`),
instead of a fixed lockout; a client address pauses the same way after
:data:`MAX_ADDRESS_FAILURES`. A right password clears the address's count.

An unknown email address is counted and paused exactly like a real one and
costs the same password hash check, so neither the answer nor its timing tells
who has an account — and a pause is all anyone can cause, never a lockout that
outlasts :data:`MAX_PAUSE`.

Functions here change rows but never commit, except :func:`authenticate`,
which commits its claim before checking the password (see above).
"""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from outreach.models import Organizer, SignInThrottle
from outreach.models.clock import utcnow

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

MIN_PASSWORD_LENGTH = 12
#: Longer input is refused before hashing (it cannot be anyone's password).
MAX_PASSWORD_LENGTH = 1024
MAX_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 254
#: Wrong passwords in a row for one email address before signing in with it pauses.
MAX_FAILURES = 5
#: Wrong passwords from one client address (any email) before it pauses.
MAX_ADDRESS_FAILURES = 20
#: The first pause; each further wrong password doubles it, up to :data:`MAX_PAUSE`.
FIRST_PAUSE = timedelta(minutes=1)
MAX_PAUSE = timedelta(minutes=15)
#: A count with no new failure for this long (and no pause running) starts afresh.
FORGET_AFTER = timedelta(hours=1)
#: Rows untouched for this long are deleted when someone signs in.
KEEP_THROTTLES = timedelta(days=2)
#: Tries of the compare-and-set before giving up (each loss means another request won).
CLAIM_TRIES = 20


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
    PAUSED = "paused"  # too many wrong passwords: no password checked until ``retry_at``


@dataclass(frozen=True)
class SignInResult:
    """The outcome of :func:`authenticate`, with the organizer when it succeeded."""

    outcome: SignIn
    organizer: Organizer | None = None
    retry_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is SignIn.OK


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
    from email_validator import EmailNotValidError, validate_email  # loaded on first use

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


#: Werkzeug's scrypt with its own cost (N=32768, r=8, p=1), or ``scrypt:N:r:p``.
_HASH_METHOD = re.compile(r"scrypt(:[1-9][0-9]{0,8}:[1-9][0-9]{0,2}:[1-9][0-9]{0,2})?")
_hash_method = "scrypt"


def use_hash_method(method: str) -> None:
    """Hash passwords set from now on with ``method`` (setting ``PASSWORD_HASH_METHOD``).

    Process-wide, like the hash library itself: the app factory calls it.

    :raise ValueError: for anything but ``scrypt`` or ``scrypt:N:r:p``.
    """
    global _hash_method
    if not _HASH_METHOD.fullmatch(method or ""):
        raise ValueError(
            f"PASSWORD_HASH_METHOD {method!r} is not 'scrypt' or 'scrypt:N:r:p' "
            "(for example scrypt:65536:8:1)."
        )
    _hash_method = method


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``, made with the configured method."""
    return generate_password_hash(password, method=_hash_method)


def _dummy_hash() -> str:
    """A hash to check unknown addresses against, so they take as long as known ones."""
    return _dummy_hash_for(_hash_method)


@cache
def _dummy_hash_for(method: str) -> str:
    """The dummy hash made with ``method`` (once per method)."""
    return generate_password_hash("not-a-password-of-anyone", method=method)


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
        session_version=1,
    )
    session.add(organizer)
    session.flush()
    return organizer


def end_sessions(organizer: Organizer) -> None:
    """End every session of ``organizer`` (their cookies stop working); the caller commits."""
    organizer.session_version = (organizer.session_version or 1) + 1


def set_password(session: Session, organizer: Organizer, password: str) -> None:
    """Give ``organizer`` a new password, end their sessions and lift any pause.

    The caller commits.

    :raise WeakPassword: for a password too weak.
    """
    check_password_strength(password, email=organizer.email)
    organizer.password_hash = hash_password(password)
    end_sessions(organizer)
    clear_throttle(session, throttle_key("account", organizer.email))
    session.flush()


def deactivate(session: Session, organizer: Organizer) -> None:
    """Deactivate ``organizer``: no sign-in any more, every session ended; the caller commits."""
    organizer.active = False
    end_sessions(organizer)
    session.flush()


def list_organizers(session: Session) -> list[Organizer]:
    """Every organizer, by email address."""
    return list(session.scalars(select(Organizer).order_by(Organizer.email)))


# ----------------------------------------------------------------------------- throttling


def throttle_key(kind: str, value: str) -> str:
    """``account:<sha256>`` of a normalized email, ``address:<sha256>`` of a client address."""
    value = normalize_email(value) if kind == "account" else (value or "")
    return f"{kind}:{hashlib.sha256(value.encode('utf-8', 'replace')).hexdigest()}"


def pause_after(failures: int, limit: int = MAX_FAILURES) -> timedelta | None:
    """The pause that the ``failures``-th wrong password in a row starts (None: no pause)."""
    if failures < limit:
        return None
    pause: timedelta = min(FIRST_PAUSE * 2 ** min(failures - limit, 16), MAX_PAUSE)
    return pause


@dataclass(frozen=True)
class ThrottleState:
    """One email address's or client address's count and pause, as stored."""

    failures: int
    paused_until: datetime | None


def throttle_state(session: Session, key: str, now: datetime | None = None) -> ThrottleState:
    """The count and pause for ``key`` at ``now`` (a forgotten count reads as zero)."""
    row = session.get(SignInThrottle, key)
    if row is None:
        return ThrottleState(0, None)
    failures = _live_failures(row.failures, row.paused_until, row.updated_at, now or utcnow())
    return ThrottleState(failures, row.paused_until)


def _live_failures(
    failures: int | None, paused_until: datetime | None, updated_at: datetime | None, now: datetime
) -> int:
    """The stored count, or 0 when it is old enough to forget."""
    paused = paused_until is not None and paused_until > now
    if not paused and updated_at is not None and now - updated_at > FORGET_AFTER:
        return 0
    return failures or 0


def _insert_ignore(session: Session) -> postgresql.Insert | sqlite.Insert:
    from sqlalchemy.dialects import postgresql, sqlite  # loaded on first sign-in

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert: postgresql.Insert | sqlite.Insert = dialect.insert(SignInThrottle)
    return insert


def _claim(session: Session, key: str, limit: int, now: datetime) -> datetime | None:
    """Count one more try for ``key`` unless it is paused; the pause's end if it is.

    The try is counted as a failure *before* the password is checked, with the
    pause it would start, by a compare-and-set on the count: of many parallel
    requests exactly one moves the count from n to n + 1, and the others read
    again. A right password then clears the count (:func:`clear_throttle`).
    """
    session.execute(
        _insert_ignore(session)
        .values(key=key, failures=0, paused_until=None, updated_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    for _ in range(CLAIM_TRIES):
        row = session.execute(
            select(
                SignInThrottle.failures, SignInThrottle.paused_until, SignInThrottle.updated_at
            ).where(SignInThrottle.key == key)
        ).one()
        stored, paused_until, updated_at = row
        if paused_until is not None and paused_until > now:
            until: datetime = paused_until
            return until
        live = _live_failures(stored, paused_until, updated_at, now)
        pause = pause_after(live + 1, limit)
        claimed = session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.key == key, SignInThrottle.failures == stored)
            .values(
                failures=live + 1,
                paused_until=now + pause if pause else None,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            return None
        session.commit()  # another request won: read its count afresh
    return now + FIRST_PAUSE  # never reached but under extreme contention: refuse


def clear_throttle(session: Session, key: str) -> None:
    """Forget the count and pause of ``key``."""
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key == key)
        .values(failures=0, paused_until=None)
        .execution_options(synchronize_session=False)
    )


def _forget_old_throttles(session: Session, now: datetime) -> None:
    session.execute(
        delete(SignInThrottle)
        .where(SignInThrottle.updated_at < now - KEEP_THROTTLES)
        .execution_options(synchronize_session=False)
    )


def authenticate(
    session: Session,
    email: str,
    password: str,
    *,
    address: str | None = None,
    now: datetime | None = None,
) -> SignInResult:
    """Check an email address and password from client ``address``; commits its count.

    A paused email or client address answers ``PAUSED`` without checking the
    password, whether or not the email address has an account. Otherwise the
    try is counted and committed first (see :func:`_claim`), then the password
    is checked — against a dummy hash for unknown addresses, so they take as
    long. Unknown addresses, wrong passwords and deactivated accounts all answer
    ``WRONG``; the try that reaches :data:`MAX_FAILURES` answers ``PAUSED``.
    The caller commits what a success changes.
    """
    now = now or utcnow()
    email = (email or "")[: MAX_EMAIL_LENGTH + 1]
    if len(password or "") > MAX_PASSWORD_LENGTH:
        password = ""
    account_key = throttle_key("account", email)
    keys = [(account_key, MAX_FAILURES)]
    if address:
        keys.insert(0, (throttle_key("address", address), MAX_ADDRESS_FAILURES))
    session.commit()  # claim in a transaction of its own (SQLite: a write from the start)
    retry_at = None
    for key, limit in keys:
        retry_at = _claim(session, key, limit, now)
        if retry_at is not None:
            break
    session.commit()
    if retry_at is not None:
        return SignInResult(SignIn.PAUSED, retry_at=retry_at)
    organizer = get_organizer(session, email) if len(email) <= MAX_EMAIL_LENGTH else None
    stored_hash = organizer.password_hash if organizer is not None else _dummy_hash()
    password_ok = check_password_hash(stored_hash, password or "") and bool(password)
    if organizer is not None and organizer.active and password_ok:
        clear_throttle(session, account_key)
        _forget_old_throttles(session, now)
        return SignInResult(SignIn.OK, organizer=organizer)
    pauses = [throttle_state(session, key, now).paused_until for key, _ in keys]
    running = [paused for paused in pauses if paused is not None and paused > now]
    if running:
        return SignInResult(SignIn.PAUSED, retry_at=max(running))
    return SignInResult(SignIn.WRONG)
