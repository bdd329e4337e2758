"""Web contact forms from contact-congress and contact-officials, on a small source tree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach.directory import sync as directory_sync
from outreach.models import Person
from tests import sources

TODAY = date(2025, 6, 1)

ZIP_FIRST_FORM = """\
bioguide: R000014
contact_form:
  method: post
  steps:
    - visit: "https://rep.house.gov/contact/email-me"
    - fill_in:
        - name: zip5
          selector: "#zip5"
          value: $ADDRESS_ZIP5
          required: true
        - name: zip4
          selector: "#zip4"
          value: $ADDRESS_ZIP4
          required: true
    - click_on:
        - value: Next
          selector: "#next"
    - select:
        - name: prefix
          selector: "#prefix"
          value: $NAME_PREFIX
          required: true
          options: [Mr., Ms., Dr.]
    - fill_in:
        - name: first
          selector: "#first"
          value: $NAME_FIRST
          required: true
        - name: phone
          selector: "#phone"
          value: $PHONE
          required: false
        - name: message
          selector: "#message"
          value: $MESSAGE
          required: true
    - select:
        - name: topic
          selector: "#topic"
          value: $TOPIC
          required: true
          options:
            Agriculture: AGR
            Judiciary: JUD
            Other Issues: OTHER
    - recaptcha:
        - value: true
"""


def form(url: str, bioguide: str = "S000001") -> str:
    return f"""\
bioguide: {bioguide}
contact_form:
  steps:
    - visit: "{url}"
    - fill_in:
        - name: email
          selector: "#email"
          value: $EMAIL
          required: true
"""


def sync(session, root: Path):
    return directory_sync.run_sync(session, str(root), shared=None, timeout=5, today=TODAY)


def person(session, source_id: str) -> Person:
    return session.scalars(select(Person).where(Person.source_id == source_id)).one()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    root = sources.write_source(tmp_path / "source")
    members = root / "contact-congress" / "members"
    members.mkdir(parents=True)
    (members / "R000014.yaml").write_text(ZIP_FIRST_FORM)
    (members / "S000001.yaml").write_text(form("https://www.senator.senate.gov/contact/email"))
    (members / "X000099.yaml").write_text(form("https://gone.house.gov/contact", "X000099"))
    governor = root / "contact-officials" / "states" / "CA" / "governor.yaml"
    governor.parent.mkdir(parents=True)
    governor.write_text(form("https://www.gov.ca.gov/contact/").replace("S000001", ""))
    return root


def test_a_member_gets_the_form_and_what_it_asks(session, source, client):
    outcome = sync(session, source)
    rep = person(session, "R000014")
    assert rep.contact_form_url == "https://rep.house.gov/contact/email-me"
    fields = rep.contact_form_fields
    assert [f["variable"] for f in fields["fields"]] == [
        "ADDRESS_ZIP5",
        "ADDRESS_ZIP4",
        "NAME_PREFIX",
        "NAME_FIRST",
        "PHONE",
        "MESSAGE",
        "TOPIC",
    ]
    assert "PHONE" not in fields["required"]
    assert "ADDRESS_ZIP4" in fields["required"]
    assert fields["topic_options"] == ["Agriculture", "Judiciary", "Other Issues"]
    assert fields["two_step"] is True
    assert fields["captcha"] is True
    assert outcome.sync.counts["contact_forms"]["members"] == 2
    body = client.get(f"/api/v1/officials/{rep.id}").get_json()
    official = body.get("official", body)
    assert official["contact_form"] == "https://rep.house.gov/contact/email-me"
    assert official["contact_form_fields"]["required"] == fields["required"]
    assert official["contact_form_fields"]["topic_options"][1] == "Judiciary"
    assert official["contact_form_fields"]["two_step"] is True


def test_the_governor_gets_the_office_form(session, source):
    sync(session, source)
    governor = person(session, "ocd-person/00000000-0000-0000-0000-0000000gov02")
    assert governor.contact_form_url == "https://www.gov.ca.gov/contact/"
    assert governor.contact_form_fields["source"] == "contact-officials"


def test_disagreement_and_leavers_are_reported(session, source):
    outcome = sync(session, source)
    warnings = "\n".join(outcome.sync.warnings)
    # congress-legislators gives …/contact, contact-congress …/contact/email: kept the form's.
    assert "S000001" in warnings
    assert "https://www.senator.senate.gov/contact," in warnings
    assert person(session, "S000001").contact_form_url == (
        "https://www.senator.senate.gov/contact/email"
    )
    assert "contact-congress/members/X000099.yaml" in warnings
    assert outcome.sync.counts["contact_forms"]["disagreements"] >= 1


def test_a_corrupt_file_is_skipped_with_a_warning_naming_it(session, source):
    (source / "contact-congress/members/S000001.yaml").write_text("steps: [unclosed\n  - x: :")
    outcome = sync(session, source)
    assert outcome.sync.status == "ok"
    assert any(
        w.startswith("contact-congress/members/S000001.yaml: skipped, not valid YAML")
        for w in outcome.sync.warnings
    )
    senator = person(session, "S000001")
    assert senator.contact_form_url == "https://www.senator.senate.gov/contact"
    assert senator.contact_form_fields is None
    assert person(session, "R000014").contact_form_fields is not None


def test_a_url_that_is_not_http_is_dropped_with_a_warning(session, source):
    (source / "contact-congress/members/R000014.yaml").write_text(
        ZIP_FIRST_FORM.replace("https://rep.house.gov/contact/email-me", "javascript:alert(1)")
    )
    outcome = sync(session, source)
    assert any(
        "contact-congress/members/R000014.yaml" in w and "javascript:alert(1)" in w
        for w in outcome.sync.warnings
    )
    rep = person(session, "R000014")
    assert rep.contact_form_url is None
    assert rep.contact_form_fields is None


def test_a_missing_folder_leaves_the_forms_with_a_warning(session, source):
    import shutil

    sync(session, source)
    assert person(session, "R000014").contact_form_fields is not None
    shutil.rmtree(source / "contact-congress")
    shutil.rmtree(source / "contact-officials")
    outcome = sync(session, source)
    assert outcome.sync.status == "ok"
    assert any(w.startswith("contact-congress/: folder missing") for w in outcome.sync.warnings)
    assert any(w.startswith("contact-officials/: folder missing") for w in outcome.sync.warnings)
    assert person(session, "S000001").contact_form_url == "https://www.senator.senate.gov/contact"
    assert person(session, "R000014").contact_form_url is None
    assert person(session, "R000014").contact_form_fields is None


def test_the_page_two_sources_agree_on_wins(session, source):
    co = source / "contact-officials" / "congress" / "S000001.yaml"
    co.parent.mkdir(parents=True)
    co.write_text(form("http://senator.senate.gov/contact/"))  # congress-legislators' page
    outcome = sync(session, source)
    senator = person(session, "S000001")
    assert senator.contact_form_url == "http://senator.senate.gov/contact/"
    assert senator.contact_form_fields["source"] == "contact-officials"
    assert any(
        "contact-congress/members/S000001.yaml gives" in w
        and "contact-officials/congress/S000001.yaml gives" in w
        for w in outcome.sync.warnings
    )


def _serve(web: Path):
    import http.server
    import threading
    from functools import partial

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_forms_are_downloaded_from_a_url_source(session, source, tmp_path):
    import shutil
    import tarfile

    web = tmp_path / "web"
    shutil.copytree(source / "congress-legislators", web / "congress-legislators")
    shutil.copytree(source / "us-zipcodes-congress", web / "us-zipcodes-congress")
    sources.write_openstates_archive(source, web / "openstates-people.tar.gz")
    with tarfile.open(web / "contact-congress.tar.gz", "w:gz") as tar:
        tar.add(source / "contact-congress", arcname="contact-congress-master")
    server = _serve(web)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        outcome = sync(session, url)
    finally:
        server.shutdown()
        server.server_close()
    assert outcome.sync.status == "ok"
    assert person(session, "R000014").contact_form_fields["two_step"] is True
    # contact-officials.tar.gz is not served: a warning, and the governor keeps
    # the form Open States gives.
    assert any(w.startswith("contact-officials/: folder missing") for w in outcome.sync.warnings)
    assert "error" in outcome.sync.upstream["contact-officials"]
    governor = person(session, "ocd-person/00000000-0000-0000-0000-0000000gov02")
    assert governor.contact_form_fields is None
