"""Organizer accounts: hashed passwords, weak passwords refused, pauses after wrong passwords."""

from __future__ import annotations

from datetime import timedelta

import pytest

from outreach.models import Organizer
from outreach.organizers import accounts
from outreach.organizers.accounts import SignIn

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
    assert alice.active
    assert alice.session_version == 1
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


def failures(session, email: str = "alice@example.org") -> accounts.ThrottleState:
    session.expire_all()
    return accounts.throttle_state(session, accounts.throttle_key("account", email))


def test_right_password_signs_in_and_resets_the_count(session, alice):
    for _ in range(3):
        accounts.authenticate(session, "alice@example.org", "not the password")
    assert failures(session).failures == 3
    result = accounts.authenticate(session, "alice@example.org", PASSWORD)
    assert result.ok
    assert result.organizer.id == alice.id
    assert failures(session).failures == 0


def test_wrong_password_and_unknown_email_answer_the_same(session, alice, monkeypatch):
    checked = []
    real = accounts.check_password_hash
    monkeypatch.setattr(
        accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p)
    )
    wrong = accounts.authenticate(session, "alice@example.org", "not the password")
    unknown = accounts.authenticate(session, "nobody@example.org", "not the password")
    assert wrong.outcome is SignIn.WRONG
    assert unknown.outcome is SignIn.WRONG
    assert wrong.organizer is None
    assert unknown.organizer is None
    # an unknown address costs a hash check too (against a dummy hash)
    assert len(checked) == 2
    assert checked[1] != alice.password_hash
    assert failures(session).failures == 1
    assert failures(session, "nobody@example.org").failures == 1


def test_an_unknown_address_pauses_like_a_real_one(session, alice):
    now = accounts.utcnow()
    for email in ("alice@example.org", "nobody@example.org"):
        outcomes = [
            accounts.authenticate(session, email, "wrong password!", now=now)
            for _ in range(accounts.MAX_FAILURES + 1)
        ]
        assert [r.outcome for r in outcomes] == [SignIn.WRONG] * (accounts.MAX_FAILURES - 1) + [
            SignIn.PAUSED
        ] * 2
        assert outcomes[-1].retry_at == now + accounts.FIRST_PAUSE


def test_pauses_grow_with_each_wrong_password_and_stop_at_the_cap(session, alice):
    now = accounts.utcnow()
    for _ in range(accounts.MAX_FAILURES):
        last = accounts.authenticate(session, alice.email, "wrong password!", now=now)
    assert last.outcome is SignIn.PAUSED
    assert last.retry_at == now + accounts.FIRST_PAUSE

    # while paused, even the right password is not checked
    paused = accounts.authenticate(session, alice.email, PASSWORD, now=now + timedelta(seconds=59))
    assert paused.outcome is SignIn.PAUSED
    assert paused.retry_at == now + accounts.FIRST_PAUSE

    pauses = []
    for _ in range(6):
        now = last.retry_at + timedelta(seconds=1)
        last = accounts.authenticate(session, alice.email, "wrong password!", now=now)
        assert last.outcome is SignIn.PAUSED
        pauses.append(last.retry_at - now)
    assert pauses == [timedelta(minutes=m) for m in (2, 4, 8, 15, 15, 15)]

    # after the pause the right password works and clears everything
    result = accounts.authenticate(session, alice.email, PASSWORD, now=last.retry_at)
    assert result.ok
    assert failures(session).failures == 0


def test_a_count_left_alone_for_an_hour_starts_again(session, alice):
    now = accounts.utcnow()
    for _ in range(accounts.MAX_FAILURES - 1):
        accounts.authenticate(session, alice.email, "wrong password!", now=now)
    later = now + accounts.FORGET_AFTER + timedelta(minutes=1)
    result = accounts.authenticate(session, alice.email, "wrong again!!", now=later)
    assert result.outcome is SignIn.WRONG
    assert failures(session).failures == 1


def test_one_client_address_pauses_after_many_wrong_passwords_for_any_email(session, alice):
    now = accounts.utcnow()
    outcomes = [
        accounts.authenticate(
            session, f"guess{n}@example.org", "wrong password!", address="203.0.113.9", now=now
        ).outcome
        for n in range(accounts.MAX_ADDRESS_FAILURES)
    ]
    assert outcomes == [SignIn.WRONG] * (accounts.MAX_ADDRESS_FAILURES - 1) + [SignIn.PAUSED]
    # from that address even alice's right password waits; from another it works
    assert (
        accounts.authenticate(session, alice.email, PASSWORD, address="203.0.113.9", now=now)
    ).outcome is SignIn.PAUSED
    assert accounts.authenticate(session, alice.email, PASSWORD, address="198.51.100.2").ok


def test_a_success_in_between_resets_the_count(session, alice):
    for _ in range(accounts.MAX_FAILURES - 1):
        accounts.authenticate(session, alice.email, "wrong password!")
    assert accounts.authenticate(session, alice.email, PASSWORD).ok
    for _ in range(accounts.MAX_FAILURES - 1):
        outcome = accounts.authenticate(session, alice.email, "wrong password!").outcome
        assert outcome is SignIn.WRONG


def test_a_deactivated_account_cannot_sign_in(session, alice):
    accounts.deactivate(session, alice)
    session.commit()
    assert alice.session_version == 2
    assert accounts.authenticate(session, alice.email, PASSWORD).outcome is SignIn.WRONG


def test_set_password_lifts_the_pause_and_ends_sessions(session, alice):
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate(session, alice.email, "wrong password!")
    assert failures(session).paused_until is not None
    alice = accounts.get_organizer(session, alice.email)
    accounts.set_password(session, alice, "a brand new passphrase")
    session.commit()
    assert alice.session_version == 2
    assert accounts.authenticate(session, alice.email, "a brand new passphrase").ok
    assert not accounts.authenticate(session, alice.email, PASSWORD).ok


def test_the_shipped_hash_is_werkzeugs_scrypt_and_a_setting_raises_it(database_url, tmp_path):
    """The default is Werkzeug's scrypt (N=32768); ``PASSWORD_HASH_METHOD`` changes it,
    and a password hashed either way still signs in."""
    from config import Config
    from outreach import create_app
    from outreach.extensions import db
    from tests.conftest import make_config

    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    hashes = {}
    for method in ("scrypt", "scrypt:2048:8:1"):
        app = create_app(make_config(database_url, PASSWORD_HASH_METHOD=method))
        with app.app_context():
            organizer = accounts.create_organizer(
                db.session,
                email=f"{method.replace(':', '-')}@example.org",
                name="A",
                password=PASSWORD,
            )
            db.session.commit()
            hashes[method] = organizer.password_hash
            result = accounts.authenticate(db.session, organizer.email, PASSWORD)
            assert result.outcome is SignIn.OK
            db.session.remove()
            db.engine.dispose()
    assert hashes["scrypt"].startswith("scrypt:32768:8:1$")
    assert hashes["scrypt:2048:8:1"].startswith("scrypt:2048:8:1$")


@pytest.mark.parametrize("method", ["pbkdf2:sha1:1", "plain", "scrypt:0:8:1", "scrypt:1024"])
def test_a_hash_method_other_than_scrypt_is_refused_at_start(database_url, method):
    from outreach import create_app
    from tests.conftest import make_config

    with pytest.raises(ValueError, match="PASSWORD_HASH_METHOD"):
        create_app(make_config(database_url, PASSWORD_HASH_METHOD=method))
