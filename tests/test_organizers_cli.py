"""``flask organizers create | list | set-password``."""

from __future__ import annotations

from datetime import timedelta

from outreach.services import accounts

PASSWORD = "correct horse battery"


def organizer(session, email: str):
    session.expire_all()
    return accounts.get_organizer(session, email)


def test_create_reads_one_line_with_password_stdin(runner, session):
    result = runner.invoke(
        args=[
            "organizers",
            "create",
            "--email",
            "ada@example.org",
            "--name",
            "Ada",
            "--password-stdin",
        ],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    created = organizer(session, "ada@example.org")
    assert created.name == "Ada"
    assert created.password_hash.startswith("scrypt:") and PASSWORD not in created.password_hash
    assert accounts.authenticate(session, "ada@example.org", PASSWORD).ok


def test_create_asks_twice_with_hidden_input(runner, session):
    result = runner.invoke(
        args=["organizers", "create", "--email", "bo@example.org", "--name", "Bo"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password (at least 12 characters):" in result.output
    assert "Repeat the password:" in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert accounts.authenticate(session, "bo@example.org", PASSWORD).ok


def test_create_refuses_different_passwords(runner, session):
    result = runner.invoke(
        args=["organizers", "create", "--email", "bo@example.org", "--name", "Bo"],
        input=f"{PASSWORD}\nsomething else entirely\n",
    )
    assert result.exit_code != 0
    assert "do not match" in result.output
    assert organizer(session, "bo@example.org") is None


def test_create_refuses_a_weak_password(runner, session):
    result = runner.invoke(
        args=["organizers", "create", "--email", "bo@example.org", "--name", "Bo"],
        input="short1\nshort1\n",
    )
    assert result.exit_code == 1
    assert "No account created" in result.output and "at least 12 characters" in result.output
    assert organizer(session, "bo@example.org") is None


def test_create_refuses_a_duplicate_before_asking(runner, session):
    accounts.create_organizer(session, email="bo@example.org", name="Bo", password=PASSWORD)
    session.commit()
    result = runner.invoke(
        args=["organizers", "create", "--email", "BO@example.org", "--name", "Bo 2"]
    )
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert "Password" not in result.output


def test_create_refuses_a_bad_email(runner, session):
    result = runner.invoke(
        args=["organizers", "create", "--email", "nobody", "--name", "X", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 1 and "not an email address" in result.output


def test_list(runner, session):
    assert "No organizers yet" in runner.invoke(args=["organizers", "list"]).output
    accounts.create_organizer(session, email="bo@example.org", name="Bo Brown", password=PASSWORD)
    locked = accounts.create_organizer(
        session, email="cy@example.org", name="Cy", password=PASSWORD
    )
    locked.locked_until = accounts.utcnow() + timedelta(minutes=10)
    session.commit()
    result = runner.invoke(args=["organizers", "list"])
    assert result.exit_code == 0
    assert "bo@example.org" in result.output and "Bo Brown" in result.output
    assert "locked until" in result.output
    assert "scrypt" not in result.output


def test_set_password_lifts_a_lockout(runner, session):
    locked = accounts.create_organizer(
        session, email="cy@example.org", name="Cy", password=PASSWORD
    )
    locked.locked_until = accounts.utcnow() + timedelta(minutes=10)
    session.commit()
    result = runner.invoke(
        args=["organizers", "set-password", "--email", "cy@example.org", "--password-stdin"],
        input="a whole new passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert accounts.authenticate(session, "cy@example.org", "a whole new passphrase").ok
    missing = runner.invoke(
        args=["organizers", "set-password", "--email", "no@example.org", "--password-stdin"],
        input="a whole new passphrase\n",
    )
    assert missing.exit_code == 1
