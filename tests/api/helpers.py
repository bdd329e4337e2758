"""Shared data and checks of the JSON API's tests: the factory directory, error bodies."""

from __future__ import annotations

from datetime import date, timedelta

from outreach.models import ContactOffice, SocialAccount
from tests.factories import make_committee, make_person, make_zip

OFFICIAL_FIELDS = {
    "id",
    "name",
    "given_name",
    "family_name",
    "office",
    "office_label",
    "title",
    "level",
    "state",
    "state_name",
    "district",
    "district_label",
    "chamber",
    "party",
    "emails",
    "phones",
    "faxes",
    "contact_form",
    "contact_form_fields",
    "website",
    "offices",
    "social",
    "photo_url",
    "bioguide_id",
    "ocd_person_id",
    "term_start",
    "term_end",
    "stale",
    "url",
    "data_as_of",
    "corrected",
}
OFFICE_FIELDS = {
    "kind",
    "label",
    "address",
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "fax",
    "hours",
}
LOOKUP_FIELDS = {
    "query",
    "zip",
    "city",
    "states",
    "districts",
    "ambiguous",
    "notices",
    "vacancies",
    "legislative_districts",
    "needs_legislative_district",
    "matched_address",
    "officials",
    "directory_as_of",
    "source",
}
YESTERDAY = date.today() - timedelta(days=1)
NEXT_YEAR = date.today() + timedelta(days=365)


def build_directory(session) -> dict:
    """California and Wyoming, with a split ZIP, a vacant seat and a stale governor.

    * 94538 (Fremont) is split between CA-14 and CA-17; CA-17 has no member.
    * 94103 is wholly in CA-12.
    * 96161 crosses into NV (NV-2, which has no member either).
    * 82001 (Cheyenne) is wholly in WY at-large.
    * 90001 is in no crosswalk row: only its state (CA) is known.
    """
    make_zip(session, "94538", "CA", "14")
    make_zip(session, "94538", "CA", "17")
    make_zip(session, "94103", "CA", "12")
    make_zip(session, "96161", "CA", "3")
    make_zip(session, "96161", "NV", "2")
    make_zip(session, "82001", "WY", "0")
    people = {
        "sen1": make_person(
            session,
            name="Sam Senator",
            office="us_senator",
            district=None,
            chamber="upper",
            email=None,
            contact_form_url="https://senate.example/contact",
            website_url="https://senate.example",
            address="331 Hart Senate Office Building, Washington, DC 20510",
            phone="202-224-0001",
            twitter="SenSam",
            end_date=NEXT_YEAR,
        ),
        "sen2": make_person(
            session,
            name="Tess Senator",
            office="us_senator",
            district=None,
            chamber="upper",
            email=None,
            phone="202-224-0002",
        ),
        "rep14": make_person(
            session,
            name="Rita Rep",
            office="us_representative",
            district="14",
            chamber="lower",
            email=None,
            phone="202-225-0014",
        ),
        "rep12": make_person(
            session,
            name="Ned Rep",
            office="us_representative",
            district="12",
            chamber="lower",
            email=None,
        ),
        "rep3": make_person(
            session,
            name="Cal Rep",
            office="us_representative",
            district="3",
            chamber="lower",
            email=None,
        ),
        "governor": make_person(
            session,
            name="Gail Governor",
            office="governor",
            district=None,
            email="governor@ca.example",
            end_date=YESTERDAY,
        ),
        "state_sen": make_person(
            session, name="Sue Statesen", office="state_senator", district="10"
        ),
        "assembly": make_person(
            session,
            name="Abe Assembly",
            office="state_representative",
            district="20",
            email="abe assembly@ca.example",
        ),
        "wy_rep": make_person(
            session,
            name="Wanda Wyoming",
            office="us_representative",
            state="WY",
            district="0",
            chamber="lower",
            email=None,
        ),
        "nv_sen": make_person(
            session,
            name="Nev Senator",
            office="us_senator",
            state="NV",
            district=None,
            chamber="upper",
            email=None,
        ),
    }
    sen1 = people["sen1"]
    sen1.offices.append(
        ContactOffice(
            position=1,
            kind="district",
            label="San Francisco office",
            street="1 Post St",
            city="San Francisco",
            state="CA",
            zip="94104",
            phone="415-555-0101",
            fax="415-555-0102",
            hours="M-F 9-5",
        )
    )
    sen1.social_accounts.append(
        SocialAccount(platform="youtube", handle="UCabcdefghijklmnopqrstuv")
    )
    session.flush()
    make_committee(
        session,
        "Senate Committee on the Judiciary",
        None,
        [(sen1, "Ranking Member")],
    )
    make_committee(session, "Appropriations", None, [(sen1, "member")])
    return people


def error_of(response, status: int, code: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]["message"]


def names(body: dict) -> list[str]:
    return [o["name"] for o in body["officials"]]


# -- /lookup -------------------------------------------------------------------------------
