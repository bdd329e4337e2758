"""Value checks shared by the importers."""

from __future__ import annotations

import pytest

from outreach.directory.importers import check_email, check_url, normalize_party, split_address


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("senator.wahab@senate.ca.gov", "senator.wahab@senate.ca.gov"),
        ("Rep.Smith@House.State.TX.US", "Rep.Smith@house.state.tx.us"),
        ("jürgen@example.de", "jürgen@example.de"),
        ("lori garciasander.house@coleg.gov", None),
        ("a..b@example.org", None),
        ("someone@localhost", None),
        ("bad@@example.com", None),
        ("", None),
        (None, None),
    ],
)
def test_check_email(raw, expected):
    assert check_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("hhttps://fine.house.gov/contact", None),
        ("javascript:alert(1)", None),
        ("https://exa mple.org", None),
    ],
)
def test_check_url(raw, expected):
    assert check_url(raw) == expected


@pytest.mark.parametrize(
    ("address", "parts"),
    [
        (
            "1021 O St. Suite 8530, Sacramento, CA 95814",
            ("1021 O St. Suite 8530", "Sacramento", "CA", "95814"),
        ),
        ("PO Box 1, Juneau AK 99801", ("PO Box 1", "Juneau", "AK", "99801")),
        (
            "State Capitol; Room 3; Denver, CO 80203",
            ("State Capitol; Room 3", "Denver", "CO", "80203"),
        ),
        ("Capitol Building", (None, None, None, None)),
    ],
)
def test_split_address(address, parts):
    assert split_address(address) == parts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Democrat", ("Democratic", None)),
        ("Democratic-Farmer-Labor", ("Democratic", "Democratic-Farmer-Labor")),
        ("Republican/Conservative", ("Republican", "Republican/Conservative")),
        ("Nonpartisan", ("Nonpartisan", None)),
        (None, (None, None)),
    ],
)
def test_normalize_party(raw, expected):
    assert normalize_party(raw) == expected
