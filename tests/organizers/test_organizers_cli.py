"""``flask organizers create | list | set-password``."""

from __future__ import annotations

from outreach.organizers import accounts

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
    assert created.password_hash.startswith("scrypt:")
    assert PASSWORD not in created.password_hash
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
    assert "No account created" in result.output
    assert "at least 12 characters" in result.output
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
    assert result.exit_code == 1
    assert "not an email address" in result.output


def test_list(runner, session):
    assert "No organizers yet" in runner.invoke(args=["organizers", "list"]).output
    accounts.create_organizer(session, email="bo@example.org", name="Bo Brown", password=PASSWORD)
    accounts.create_organizer(session, email="cy@example.org", name="Cy", password=PASSWORD)
    session.commit()
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate(session, "cy@example.org", "wrong password!")
    result = runner.invoke(args=["organizers", "list"])
    assert result.exit_code == 0
    assert "bo@example.org" in result.output
    assert "Bo Brown" in result.output
    assert "paused until" in result.output
    assert "scrypt" not in result.output


def test_set_password_lifts_a_pause(runner, session):
    accounts.create_organizer(session, email="cy@example.org", name="Cy", password=PASSWORD)
    session.commit()
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate(session, "cy@example.org", "wrong password!")
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


def test_deactivate(runner, session):
    accounts.create_organizer(session, email="cy@example.org", name="Cy", password=PASSWORD)
    session.commit()
    result = runner.invoke(args=["organizers", "deactivate", "--email", "CY@example.org"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    organizer = accounts.get_organizer(session, "cy@example.org")
    assert not organizer.active
    assert organizer.session_version == 2
    assert not accounts.authenticate(session, "cy@example.org", PASSWORD).ok
    missing = runner.invoke(args=["organizers", "deactivate", "--email", "no@example.org"])
    assert missing.exit_code == 1
    assert "no organizer" in missing.output
