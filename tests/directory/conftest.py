"""Fixtures of the directory's tests."""

from __future__ import annotations

import pytest

from tests.factories import make_person, make_sync, make_zip


@pytest.fixture
def california(session):
    """ZIP 94538 in CA-14, two senators, a House member, a governor, two legislators."""
    make_zip(session, "94538", "CA", "14")
    people = {
        "senator": make_person(
            session,
            name="Sam Senator",
            office="us_senator",
            district=None,
            email=None,
            phone="202-224-3553",
            contact_form_url="https://senator.example.gov/contact",
            website_url="https://senator.example.gov",
            twitter="SamSenator",
        ),
        "senator2": make_person(
            session, name="Sue Second", office="us_senator", district=None, email=None
        ),
        "rep": make_person(
            session,
            name="Rita Rep",
            office="us_representative",
            district="14",
            email="rita@house.example.gov",
            phone="(202) 225-0014",
        ),
        "governor": make_person(
            session, name="Gale Governor", office="governor", district=None, email="gov@ca.gov"
        ),
        "upper": make_person(
            session, name="Lena Upper", office="state_senator", district="10", email="lena@ca.gov"
        ),
        "lower": make_person(
            session,
            name="Lou Lower",
            office="state_representative",
            district="20",
            email="lou@ca.gov",
        ),
    }
    make_sync(session)
    return people
