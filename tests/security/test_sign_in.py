"""Probes of the sign-in: parallel guessing, pauses anyone could cause, who has an account.

Against a real threaded server on each database: the count of wrong
passwords must hold however many requests arrive at once.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from werkzeug.security import check_password_hash

from outreach import create_app
from outreach.extensions import db
from outreach.organizers import accounts
from tests.conftest import make_config
from tests.security.conftest import serve

EMAIL = "olga@example.org"
PASSWORD = "correct horse battery staple"
WRONG = "not the password at all"


@pytest.fixture
def live(database_url: str, tmp_path: Path):
    """The app on a fresh database with one organizer, behind a threaded server."""
    # The shipped hash cost: the timing probes compare answers with one check's cost.
    app = create_app(
        make_config(
            database_url, SHARE_CACHE_DIR=tmp_path / "share", PASSWORD_HASH_METHOD="scrypt"
        )
    )
    with app.app_context():
        db.create_all()
        accounts.create_organizer(db.session, email=EMAIL, name="Olga", password=PASSWORD)
        db.session.commit()
        db.session.remove()
    try:
        with serve(app) as server:
            yield server
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def sign_in(url: str, email: str, password: str) -> requests.Response:
    return requests.post(
        f"{url}/organizers/login",
        data={"email": email, "password": password},
        allow_redirects=False,
        timeout=60,
    )


def test_parallel_wrong_passwords_pause_the_account_after_five(live):
    """40 wrong passwords, 20 at a time: only the first five are ever checked."""
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda _: sign_in(live.url, EMAIL, WRONG).status_code, range(40)))
    assert set(statuses) <= {401, 429}
    assert statuses.count(429) >= 40 - (accounts.MAX_FAILURES - 1), statuses
    # Every checked password was counted first: exactly five were checked.
    with live.app.app_context():
        key = accounts.throttle_key("account", EMAIL)
        assert accounts.throttle_state(db.session, key).failures == accounts.MAX_FAILURES
        db.session.remove()
    # The account is paused: even the right password is not checked now.
    assert sign_in(live.url, EMAIL, PASSWORD).status_code == 429


def test_an_unknown_address_answers_as_a_real_one_and_as_fast(live):
    known = [sign_in(live.url, EMAIL, WRONG) for _ in range(accounts.MAX_FAILURES + 1)]
    unknown = [
        sign_in(live.url, "nobody@example.org", WRONG) for _ in range(accounts.MAX_FAILURES + 1)
    ]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [r.status_code for r in known] == [401] * 4 + [429, 429]
    assert "Too many wrong passwords" in unknown[-1].text
    assert known[-1].headers["Retry-After"]
    assert unknown[-1].headers["Retry-After"]


def _median_seconds(url: str, emails: tuple[str, ...], password: str, tries: int = 7):
    """The median answer time for each of ``emails``, their tries interleaved.

    Interleaving puts both under the same load when the machine is busy.
    """
    times: dict[str, list[float]] = {email: [] for email in emails}
    for _ in range(tries):
        for email in emails:
            started = time.perf_counter()
            sign_in(url, email, password)
            times[email].append(time.perf_counter() - started)
    return [sorted(t)[len(t) // 2] for t in times.values()]


def _hash_check_seconds() -> float:
    """What one password check costs here (the median of three)."""
    stored = accounts.hash_password("a password of some length")
    times = []
    for _ in range(3):
        started = time.perf_counter()
        check_password_hash(stored, WRONG)
        times.append(time.perf_counter() - started)
    return sorted(times)[1]


def test_a_paused_real_account_answers_as_fast_as_a_paused_unknown_one(live):
    for email in (EMAIL, "nobody@example.org"):
        for _ in range(accounts.MAX_FAILURES):
            sign_in(live.url, email, WRONG)
    known, unknown = _median_seconds(live.url, (EMAIL, "nobody@example.org"), WRONG)
    # Both paused: neither checks a password. Checking one would add a whole
    # hash check to the known account's answer; the bound is half of one.
    bound = max(0.05, _hash_check_seconds() / 2)
    assert abs(known - unknown) < bound, (known, unknown, bound)
