"""Organizer accounts: hashed passwords, weak passwords refused, lockout and its expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach.models import Organizer
from outreach.services import accounts
from outreach.services.accounts import SignIn

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(session) -> Organizer:
    organizer = accounts.create_organizer(
        session, email="Alice@Example.org", name="Alice Organizer", password=PASSWORD
    )
    session.commit()
    return organizer


def test_create_stores_a_scrypt_hash_and_a_normalized_email(session, alice):
    assert alice.email == "alice@example.org"
    assert alice.password_hash.startswith("scrypt:")
    assert PASSWORD not in alice.password_hash
    assert alice.active and alice.failed_logins == 0 and alice.locked_until is None
    assert accounts.get_organizer(session, "  ALICE@example.ORG ") is alice


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short pw", "at least 12 characters"),
        ("elevenchars", "at least 12 characters"),
        ("aaaaaaaaaaaaaaaa", "repeats too few"),
        ("bob@example.org", "must not be your email"),
        ("x" * 1025 + "abcd", "at most 1024"),
    ],
)
def test_weak_passwords_are_refused(session, password, fragment):
    with pytest.raises(accounts.WeakPassword, match=fragment):
        accounts.create_organizer(session, email="bob@example.org", name="Bob", password=password)
    assert session.query(Organizer).count() == 0


def test_twelve_characters_are_enough(session):
    organizer = accounts.create_organizer(
        session, email="bob@example.org", name="Bob", password="abcdefghijk1"
    )
    assert organizer.id


def test_duplicate_email_in_any_case_is_refused(session, alice):
    with pytest.raises(accounts.DuplicateEmail):
        accounts.create_organizer(
            session, email="ALICE@example.org", name="Other", password="another long password"
        )


@pytest.mark.parametrize("email", ["", "not-an-email", "a@", "a" * 250 + "@example.org"])
def test_bad_email_is_refused(session, email):
    with pytest.raises(accounts.AccountError):
        accounts.create_organizer(session, email=email, name="X", password=PASSWORD)


def test_blank_name_is_refused(session):
    with pytest.raises(accounts.AccountError, match="name"):
        accounts.create_organizer(session, email="x@example.org", name="   ", password=PASSWORD)


def test_right_password_signs_in_and_resets_the_count(session, alice):
    alice.failed_logins = 3
    result = accounts.authenticate(session, "alice@example.org", PASSWORD)
    assert result.ok and result.organizer is alice
    assert alice.failed_logins == 0


def test_wrong_password_and_unknown_email_answer_the_same(session, alice, monkeypatch):
    checked = []
    real = accounts.check_password_hash
    monkeypatch.setattr(
        accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p)
    )
    wrong = accounts.authenticate(session, "alice@example.org", "not the password")
    unknown = accounts.authenticate(session, "nobody@example.org", "not the password")
    assert wrong.outcome is SignIn.WRONG and unknown.outcome is SignIn.WRONG
    assert wrong.organizer is None and unknown.organizer is None
    # an unknown address costs a hash check too (against a dummy hash)
    assert len(checked) == 2 and checked[1] != alice.password_hash
    assert alice.failed_logins == 1


def test_lockout_after_five_failures_and_its_expiry(session, alice):
    now = accounts.utcnow()
    outcomes = [
        accounts.authenticate(session, alice.email, "wrong password!", now=now).outcome
        for _ in range(accounts.MAX_FAILURES)
    ]
    assert outcomes == [SignIn.WRONG] * (accounts.MAX_FAILURES - 1) + [SignIn.LOCKED]
    assert alice.locked_until == now + accounts.LOCKOUT

    # while locked, even the right password is refused
    later = now + accounts.LOCKOUT - timedelta(seconds=1)
    locked = accounts.authenticate(session, alice.email, PASSWORD, now=later)
    assert locked.outcome is SignIn.LOCKED and locked.locked_until == alice.locked_until

    # once the lock expires, the right password works and clears everything
    after = now + accounts.LOCKOUT + timedelta(seconds=1)
    result = accounts.authenticate(session, alice.email, PASSWORD, now=after)
    assert result.ok
    assert alice.locked_until is None and alice.failed_logins == 0


def test_after_an_expired_lock_counting_starts_again(session, alice):
    now = accounts.utcnow()
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate(session, alice.email, "wrong password!", now=now)
    after = now + accounts.LOCKOUT + timedelta(minutes=1)
    result = accounts.authenticate(session, alice.email, "wrong again!!", now=after)
    assert result.outcome is SignIn.WRONG
    assert alice.failed_logins == 1 and alice.locked_until is None


def test_a_success_in_between_resets_the_count(session, alice):
    for _ in range(accounts.MAX_FAILURES - 1):
        accounts.authenticate(session, alice.email, "wrong password!")
    assert accounts.authenticate(session, alice.email, PASSWORD).ok
    for _ in range(accounts.MAX_FAILURES - 1):
        outcome = accounts.authenticate(session, alice.email, "wrong password!").outcome
        assert outcome is SignIn.WRONG


def test_a_deactivated_account_cannot_sign_in(session, alice):
    alice.active = False
    assert accounts.authenticate(session, alice.email, PASSWORD).outcome is SignIn.WRONG


def test_set_password_lifts_the_lock(session, alice):
    alice.locked_until = accounts.utcnow() + timedelta(minutes=10)
    alice.failed_logins = 2
    accounts.set_password(session, alice, "a brand new passphrase")
    assert accounts.authenticate(session, alice.email, "a brand new passphrase").ok
    assert not accounts.authenticate(session, alice.email, PASSWORD).ok
