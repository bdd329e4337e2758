"""Web contact forms from the shared mirror: members of Congress and governors."""

from __future__ import annotations

import re

import pytest
import yaml
from sqlalchemy import select

from outreach.directory import export_columns, lookup
from outreach.extensions import db
from outreach.letters import form_guidance
from outreach.letters.catalog import load_catalog
from outreach.models import Person, Role
from tests.conftest import DATABASES, ROOT, SHARED_DIRECTORY, copy_of_mirror, make_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (SHARED_DIRECTORY / "contact-congress").is_dir(), reason="shared mirror not present"
    ),
]
MEMBERS = SHARED_DIRECTORY / "contact-congress" / "members"
OFFICIALS = SHARED_DIRECTORY / "contact-officials"


@pytest.fixture(scope="module", params=DATABASES)
def mirror_app(request, tmp_path_factory, mirror_template):
    """The app on a copy of the mirror synced once for the session (``mirror_template``)."""
    from outreach import create_app

    folder = tmp_path_factory.mktemp("forms")
    urls = copy_of_mirror(request, request.param, folder, mirror_template)
    app = create_app(make_config(next(urls), SHARE_CACHE_DIR=folder / "share"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    next(urls, None)


@pytest.fixture
def mirror(mirror_app):
    with mirror_app.app_context():
        yield db.session


def form_page(path) -> str | None:
    """The first visit step's URL when it is http(s), read with a plain YAML reader."""
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError:
        return None
    url = str(data["contact_form"]["steps"][0].get("visit", "")).strip()
    return url if re.match(r"^https?://", url) else None


def members_with_form(session, office: str) -> dict[str, str | None]:
    rows = session.execute(
        select(Person.bioguide_id, Person.contact_form_url)
        .join(Role, Role.person_id == Person.id)
        .where(Role.office == office)
    ).all()
    return dict(rows)


@pytest.mark.parametrize("office", ["us_representative", "us_senator"])
def test_every_member_with_a_form_page_in_the_mirror_has_it(mirror, office):
    members = members_with_form(mirror, office)
    expected = {
        b: form_page(MEMBERS / f"{b}.yaml") for b in members if (MEMBERS / f"{b}.yaml").exists()
    }
    for bioguide, url in expected.items():
        if url:
            assert members[bioguide] == url, bioguide
    with_form = sum(1 for url in members.values() if url)
    assert with_form >= sum(1 for url in expected.values() if url)
    if office == "us_representative":
        # congress-legislators alone gives 2 representatives a form.
        assert with_form > 170
    else:
        assert with_form >= 99


def test_every_governor_file_gives_the_office_its_form(mirror):
    for path in sorted((OFFICIALS / "states").glob("*/governor.yaml")):
        state = path.parent.name
        holders = mirror.scalars(
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.office == "governor", Role.jurisdiction_abbr == state)
        ).all()
        for person in holders:
            assert person.contact_form_url == form_page(path), state
            assert person.contact_form_fields["source"] == "contact-officials"


def test_degette_shows_her_form_and_its_required_fields(mirror_app):
    client = mirror_app.test_client()
    found = client.get("/api/v1/lookup?zip=80203").get_json()
    degette = next(o for o in found["officials"] if o.get("bioguide_id") == "D000197")
    assert degette["contact_form"] == "https://degette.house.gov/contact/send-me-an-email/email-me"
    fields = degette["contact_form_fields"]
    for name in ("NAME_FIRST", "ADDRESS_ZIP4", "PHONE", "SUBJECT", "MESSAGE", "TOPIC"):
        assert name in fields["required"]
    assert "NAME_PREFIX" not in fields["required"]
    assert "Judiciary" in fields["topic_options"]
    assert fields["captcha"] is True


def test_the_corrupt_member_file_is_named_in_the_warnings(mirror_app):
    with mirror_app.app_context():
        warnings = lookup.latest_sync(db.session).warnings
    assert any(
        w.startswith("contact-congress/members/K000394.yaml: skipped, not valid YAML")
        for w in warnings
    )
    assert any("members not in office skipped" in w for w in warnings)
    assert any("congress-legislators gives" in w for w in warnings)


def test_write_to_all_offers_a_written_channel_for_all_three_members(mirror_app):
    client = mirror_app.test_client()
    html = client.get("/write/all?zip=80203").get_data(as_text=True)
    with mirror_app.app_context():
        members = db.session.scalars(
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(
                Role.jurisdiction_abbr == "CO",
                Role.office.in_(("us_senator", "us_representative")),
                (Role.office == "us_senator") | (Role.district == "1"),
            )
        ).all()
    assert len(members) == 3
    for person in members:
        item = html.split(f'id="include-{person.id}"', 1)[1].split("</label>", 1)[0]
        assert "Web contact form" in item, person.name


def test_a_topic_is_suggested_from_each_forms_own_options_for_the_shipped_letters(mirror):
    catalog = load_catalog(ROOT / "letters")
    people = mirror.scalars(select(Person).where(Person.contact_form_fields.is_not(None))).all()
    forms = [p for p in people if p.contact_form_fields["topic_options"] and p.role]
    assert len(forms) > 150
    fitting = unmatched = pairs = 0
    for person in forms:
        options = person.contact_form_fields["topic_options"]
        letters = [t for t in catalog if person.role.office in t.offices]
        assert letters, person.role.office
        for template in letters:
            topic = form_guidance.suggest_topic(
                options, f"{template.subject_source}\n{template.body_source}"
            )
            pairs += 1
            if topic is None:
                unmatched += 1
                continue
            assert topic.option in options, (person.name, options)
            fitting += topic.fits
    # A few forms have neither a fitting topic nor a catch-all ("Other"): the page
    # then asks the writer to choose the closest one.
    assert fitting > 0.9 * pairs
    assert unmatched < 0.03 * pairs


def test_exports_carry_the_form_url(mirror):
    degette = mirror.scalars(select(Person).where(Person.bioguide_id == "D000197")).one()
    row = export_columns.export_row(degette, None)
    assert row["contact_form"] == "https://degette.house.gov/contact/send-me-an-email/email-me"
