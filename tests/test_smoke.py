from outreach.directory import lookup
from tests.factories import make_person, make_zip


def test_lookup_zip_finds_people(session):
    make_zip(session, "94538", "CA", "14")
    make_person(session, name="Sam Senator", office="us_senator", district=None)
    result = lookup.lookup_zip(session, "94538")
    assert [p.name for p in result.federal] == ["Sam Senator"]
    assert result.vacancies
