"""The write pages: one official, all officials, downloads, counting, privacy, escaping."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import JSON, String, Text, select

from outreach import create_app
from outreach.directory import labels as presentation
from outreach.extensions import db
from outreach.letters import compose_links
from outreach.models import ActionCount
from tests.conftest import make_config
from tests.factories import (
    make_bill,
    make_campaign,
    make_committee,
    make_person,
    make_record,
    make_zip,
)

SENDER = {
    "name": "Jordan Quill",
    "address": "742 Evergreen Terrace",
    "city": "Sacramento",
    "zip": "95814",
    "email": "jordan@example.org",
}
STORY = "My cousin Ezekiel was beaten during a traffic stop in Oakdale and the case was dismissed."


def page(response) -> str:
    return response.get_data(as_text=True)


def field_value(text: str, name: str) -> str:
    """The text of a textarea or the value of an input, as the browser would read it."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(?:\r?\n)?(.*?)</textarea>', text, re.S)
    if match:
        return html.unescape(match.group(1))
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', text)
    assert match, f"no field {name}"
    return html.unescape(match.group(1))


def links(text: str, prefix: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(rf'href="({re.escape(prefix)}[^"]*)"', text)]


def channel_values(text: str) -> list[str]:
    return re.findall(r'<input[^>]*name="channel"[^>]*value="([a-z_]+)"', text)


def checked_channel(text: str) -> str:
    (value,) = re.findall(r'<input[^>]*checked[^>]*name="channel"[^>]*value="([a-z_]+)"', text)
    return value


def counts(session) -> list[tuple]:
    rows = session.scalars(select(ActionCount).order_by(ActionCount.id)).all()
    return [(r.template_id, r.office, r.state, r.channel, r.edited, r.count) for r in rows]


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def people(session):
    """California with a pending bill; an email legislator, a form-only senator, a phone-only
    member of the Assembly, a governor, and the ZIP code 95814 in CA-7."""
    make_campaign(session)
    make_bill(
        session,
        "CA",
        "SB 747",
        title="No Kings Act",
        stage="passed_one_chamber",
        active=True,
        ratings={1: "met"},
        last_action=date(2026, 5, 1),
    )
    make_zip(session, "95814", "CA", "7")
    found = {
        "leg": make_person(
            session,
            name="Roger Niello",
            district="6",
            email="senator.niello@senate.ca.gov",
            phone="916-651-4006",
            address="1021 O St. Suite 7110, Sacramento, CA 95814",
        ),
        "senator": make_person(
            session,
            name="Alex Padilla",
            office="us_senator",
            district=None,
            email=None,
            contact_form_url="https://padilla.senate.example/contact",
            phone="202-224-3553",
            address="331 Hart Senate Office Building, Washington, DC 20510",
        ),
        "rep": make_person(
            session,
            name="Doris Matsui",
            office="us_representative",
            district="7",
            email=None,
            phone="202-225-7163",
            address="2206 Rayburn House Office Building, Washington, DC 20515",
        ),
        "assembly": make_person(
            session,
            name="Maggy Krell",
            office="state_representative",
            district="6",
            email=None,
            phone="916-319-2006",
        ),
        "governor": make_person(
            session,
            name="Gavin Newsom",
            office="governor",
            district=None,
            email=None,
            contact_form_url="https://gov.ca.example/contact",
        ),
    }
    make_committee(session, "Senate Public Safety", "CA", [(found["leg"], "Vice Chair")])
    session.commit()
    return found


def prepare(client, person, **fields):
    data = {"channel": fields.pop("channel", None), "action": "prepare", **SENDER, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/write/{person.id}?zip=95814", data=data)


# --------------------------------------------------------------------------- the form


def test_page_for_an_official_with_email(client, people):
    response = client.get(f"/write/{people['leg'].id}?zip=95814")
    assert response.status_code == 200
    text = page(response)
    assert channel_values(text) == ["email", "call", "letter"]
    assert checked_channel(text) == "email"
    assert "senator.niello@senate.ca.gov" in text
    assert "SB 747 (No Kings Act) is pending in California (passed one chamber)" in text
    assert "Ask your state legislator to support the pending bill (short email)" in text
    # only templates written for a state senator are offered
    options = re.findall(r'<option[^>]*value="([a-z0-9-]*)"', text)
    assert options[0] == ""
    assert set(options[1:]) == {
        "call-state-legislator",
        "state-introduce",
        "state-introduce-short",
        "state-repeal-codification",
        "state-repeal-codification-short",
        "state-strengthen",
        "state-strengthen-short",
        "state-support-bill",
        "state-support-bill-short",
    }
    # the ZIP code of the lookup fills the sender's ZIP and the way back
    assert field_value(text, "zip") == "95814"
    assert 'href="/lookup?zip=95814"' in text
    assert "What we keep, and what we don’t" in text
    assert response.headers["Cache-Control"] == "no-store"
    # every field says why it is asked, with its limit
    assert 'maxlength="120"' in text
    assert 'maxlength="3000"' in text
    assert "Offices count only their constituents" in text


def test_page_for_an_official_with_only_a_contact_form_and_a_phone(client, people):
    text = page(client.get(f"/write/{people['senator'].id}"))
    assert channel_values(text) == ["contact_form", "call", "letter"]
    assert checked_channel(text) == "contact_form"
    assert "no email address for this official" in text
    assert f'href="/officials/{people["senator"].id}"' in text  # no ZIP: back to the official


def test_page_for_an_official_with_only_a_phone(client, people):
    text = page(client.get(f"/write/{people['assembly'].id}"))
    assert channel_values(text) == ["call", "letter"]
    assert checked_channel(text) == "call"


@pytest.mark.parametrize("path", ["/write/999999", "/write/99999999999999999999999"])
def test_unknown_official_is_404(client, people, path):
    assert client.get(path).status_code == 404
    assert client.post(path, data=SENDER).status_code == 404


def test_the_page_has_no_inline_script_or_style(client, people):
    for response in (
        client.get(f"/write/{people['leg'].id}"),
        prepare(client, people["leg"], channel="letter"),
        client.get("/write/all?zip=95814"),
    ):
        text = page(response)
        assert re.findall(r"<script(?![^>]*\bsrc=)", text) == []
        assert " style=" not in text
        assert "<style" not in text
        assert " on" not in re.sub(r'"[^"]*"', '""', "".join(re.findall(r"<[^>]+>", text)))
        assert '/static/js/write.js" defer' in text


# --------------------------------------------------------------------------- situations


def state_senator(session, state: str):
    return make_person(session, name=f"Senator Of {state}", state=state, district="3")


def test_template_follows_the_states_situation(client, session):
    make_campaign(session)
    ohio = state_senator(session, "OH")
    make_bill(
        session,
        "NY",
        "S176",
        title="Civil rights act",
        stage="introduced",
        active=True,
        ratings={1: "met"},
    )
    new_york = state_senator(session, "NY")
    make_record(session, "CO", "enacted")
    make_bill(session, "CO", "SB 20-217", ratings={1: "met", 2: "met", 3: "met"})
    colorado = state_senator(session, "CO")
    make_record(session, "IA", "strengthened")
    make_bill(session, "IA", "SF 342", qi_effect="rollback")
    iowa = state_senator(session, "IA")
    session.commit()
    expected = {
        ohio: ("state-introduce", ["introduce, or cosponsor, a bill", "Ohio"]),
        new_york: (
            "state-support-bill",
            ["support S176 (Civil rights act)", 'current status is "Introduced"'],
        ),
        colorado: (
            "state-strengthen",
            [
                "SB 20-217",
                "scores 3/9",
                # the gaps, worded as what the law should add
                "let victims recover the full damages a court awards, with no cap",
                "carry a real consequence for the officer who did wrong",
            ],
        ),
        iowa: ("state-repeal-codification", ["wrote qualified immunity into its own statutes"]),
    }
    for person, (template_id, phrases) in expected.items():
        text = page(prepare(client, person, channel="letter"))
        body = field_value(text, "body")
        assert f"Written from “{_title(template_id)}”" in text
        for phrase in phrases:
            assert phrase in flat(body), (template_id, phrase)
    # the unmet criteria are named; the met ones are not
    colorado_body = field_value(page(prepare(client, colorado, channel="letter")), "body")
    assert "cover every police officer" not in colorado_body
    assert "Caps on the money awarded to victims" not in colorado_body


def _title(template_id: str) -> str:
    from outreach.letters.catalog import load_catalog

    return load_catalog(__import__("config").LETTERS_DIR).get(template_id).title


def test_members_of_congress_are_asked_about_the_federal_bill(client, session, people):
    make_bill(
        session,
        "US",
        "H.R. 5361",
        title="Justice in Policing Act",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "met"},
        last_action=date(2025, 9, 1),
    )
    session.commit()
    # A senator cannot cosponsor a House bill: the ask is to introduce or support one.
    text = page(prepare(client, people["senator"]))
    subject, body = field_value(text, "subject"), field_value(text, "body")
    assert subject == "Please introduce or support a bill to end qualified immunity"
    assert "H.R. 5361" not in subject + body
    assert "U.S. Senate" in flat(body)
    make_bill(
        session,
        "US",
        "S. 1913",
        title="Ending Qualified Immunity Act",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "partial"},
        last_action=date(2025, 5, 22),
        slug="us-s1913",
        companion="us-h.r.-5361",
    )
    session.commit()
    text = page(prepare(client, people["senator"]))
    assert field_value(text, "subject") == "Please cosponsor S. 1913 to end qualified immunity"
    assert "pending in Congress (introduced)" in text
    # The representative is asked about the House bill.
    rep = page(prepare(client, people["rep"], channel="letter"))
    assert "H.R. 5361" in field_value(rep, "subject")
    assert "S. 1913" not in field_value(rep, "subject")


def test_a_chosen_template_is_used_and_unknown_ones_are_refused(client, people):
    text = page(prepare(client, people["leg"], channel="email", template="state-introduce"))
    assert "Written from “Ask your state legislator to introduce a bill" in text
    assert prepare(client, people["leg"], template="no-such-template").status_code == 404
    refused = prepare(client, people["leg"], template="congress-cosponsor")
    assert refused.status_code == 400
    assert "not written for a State Senator" in page(refused)


def test_an_unoffered_channel_is_refused(client, people):
    response = prepare(client, people["senator"], channel="email")
    assert response.status_code == 400
    assert "Choose one of the ways this official can be reached" in page(response)


# --------------------------------------------------------------------------- prepare, edit, update


def test_prepare_edit_update_and_the_mailto_round_trip(client, people):
    text = page(prepare(client, people["leg"], story=STORY))
    subject, body = field_value(text, "subject"), field_value(text, "body")
    assert subject == "Please support SB 747 to end qualified immunity"
    assert body.startswith("Dear Senator Niello,")
    assert STORY in body
    assert "Jordan Quill\n742 Evergreen Terrace\nSacramento, CA 95814" in body
    assert "Your own words: <strong data-meter-percent>" in text
    (mailto,) = links(text, "mailto:")
    assert decode_mailto(mailto) == (["senator.niello@senate.ca.gov"], subject, crlf(body))
    assert links(text, "https://mail.google.com/")
    assert links(text, "https://outlook.office.com/")

    edited = body.replace("Thank you.", "Thank you. I will be watching your vote.")
    response = client.post(
        f"/write/{people['leg'].id}?zip=95814",
        data={
            **SENDER,
            "story": STORY,
            "channel": "email",
            "action": "update",
            "subject": "Vote yes on SB 747",
            "body": crlf(edited),
        },
    )
    text = page(response)
    assert field_value(text, "body") == edited
    (mailto,) = links(text, "mailto:")
    assert decode_mailto(mailto) == (
        ["senator.niello@senate.ca.gov"],
        "Vote yes on SB 747",
        crlf(edited),
    )
    assert (
        "watching your vote"
        in parse_qs(urlsplit(links(text, "https://mail.google")[0]).query)["body"][0]
    )
    # "Start again" replaces the edits with a fresh copy
    again = client.post(
        f"/write/{people['leg'].id}",
        data={**SENDER, "story": STORY, "action": "prepare", "subject": "x", "body": edited},
    )
    assert field_value(page(again), "body") == body


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def decode_mailto(url: str) -> tuple[list[str], str, str]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert " " not in url
    assert "\n" not in url
    assert "+" not in parts.query
    query = parse_qs(parts.query, keep_blank_values=True)
    return [unquote(a) for a in parts.path.split(",")], query["subject"][0], query["body"][0]


def test_the_meter_counts_the_writers_own_words(client, people):
    plain = page(prepare(client, people["leg"]))
    assert "data-meter-percent>0%<" in plain
    assert "This is all template text" in plain
    told = page(prepare(client, people["leg"], story=STORY))
    percent = int(re.search(r"data-meter-percent>(\d+)%<", told).group(1))
    assert percent > 10
    assert 'data-baseline="' in told
    assert "Ezekiel" not in re.search(r'data-baseline="([^"]*)"', told).group(1)


def test_missing_details_are_named_and_shown_as_placeholders(client, people):
    response = client.post(
        f"/write/{people['leg'].id}", data={"channel": "email", "name": "Jo", "action": "prepare"}
    )
    assert response.status_code == 200
    text = page(response)
    notice = flat(re.sub(r"<[^>]+>", "", text.split("Not given yet:", 1)[1].split("</p>", 1)[0]))
    assert notice.startswith("street address, city, ZIP code, email address.")
    assert "Offices count only their constituents" in text
    body = field_value(text, "body")
    assert "[your street address]" in body
    assert "[your ZIP code]" in body
    assert "[your story: a sentence or two on why this matters to you]" in body
    assert "Your message has a place for your story" in text


def test_too_long_for_a_mailto_link_falls_back_to_webmail_and_copy(client, people):
    story = ("This happened to my family and it still matters to us. " * 60)[:3000]
    text = page(prepare(client, people["leg"], story=story))
    assert links(text, "mailto:") == []
    assert links(text, "https://mail.google.com/")
    assert "too long for the “email app” link" in text
    long_body = "Please act. " * 800
    response = client.post(
        f"/write/{people['leg'].id}",
        data={**SENDER, "channel": "email", "action": "update", "subject": "S", "body": long_body},
    )
    text = page(response)
    assert links(text, "mailto:") == []
    assert links(text, "https://mail.google.com/") == []
    assert "too long to open in an email program from a link" in text
    assert 'data-copy="body"' in text


def test_contact_form_flow_with_the_call_script(client, people):
    text = page(prepare(client, people["senator"], story=STORY))
    assert re.search(
        r'<a class="button button--primary" href="https://padilla.senate.example/contact" '
        r'target="_blank" rel="noopener noreferrer">Use the official’s contact form',
        text,
    )
    assert links(text, "mailto:") == []
    assert STORY in field_value(text, "body")
    script = html.unescape(re.search(r'id="call-script">(.*?)</blockquote>', text, re.S).group(1))
    assert script.startswith("Hello, my name is Jordan Quill")
    assert 'href="tel:+12022243553"' in text
    assert 'value="called"' in text


def test_call_flow(client, people):
    text = page(prepare(client, people["assembly"]))
    assert checked_channel(text) == "call"
    assert field_value(text, "body").startswith("Hello, my name is Jordan Quill")
    assert "Your call script" in text
    assert 'href="tel:+19163192006"' in text
    assert ">I called</button>" in text


# --------------------------------------------------------------------------- letters


def letter_post(client, person, kind="pdf", **extra):
    return client.post(
        f"/write/{person.id}/letter.{kind}?zip=95814",
        data={**SENDER, "story": STORY, "channel": "letter", **extra},
    )


def test_letter_page_and_pdf(client, people):
    text = page(prepare(client, people["leg"], channel="letter", story=STORY))
    assert 'class="container write-page write-page--letter"' in text
    assert "Your letter, as it will print" in text
    sheet = text.split('class="letter-sheet"', 1)[1]
    assert "Jordan Quill<br>742 Evergreen Terrace<br>Sacramento, CA 95814" in sheet
    assert "The Honorable Roger Niello" in sheet
    assert presentation.format_date(date.today()) in sheet
    assert f'formaction="/write/{people["leg"].id}/letter.pdf?zip=95814"' in text

    subject, body = field_value(text, "subject"), field_value(text, "body")
    response = letter_post(client, people["leg"], subject=subject, body=body)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="letter-to-roger-niello.pdf"'
    )
    content, pages = pdf_text(response.data)
    content = flat(content)
    for expected in (
        "Jordan Quill",
        "742 Evergreen Terrace",
        "Sacramento, CA 95814",
        presentation.format_date(date.today()),
        "The Honorable Roger Niello",
        "1021 O St. Suite 7110",
        f"Re: {subject}",
        "Dear Senator Niello,",
        STORY,
        "Because you serve on Senate Public Safety (Vice Chair)",
    ):
        assert expected in content, expected
    assert pages >= 1


def test_plain_text_download(client, people):
    response = letter_post(client, people["leg"], kind="txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert 'filename="letter-to-roger-niello.txt"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("Jordan Quill\n742 Evergreen Terrace\nSacramento, CA 95814\n")
    assert "The Honorable Roger Niello" in text
    assert STORY in text
    assert "Re: Thank you" not in text
    assert "Re: Please support SB 747" in text


# --------------------------------------------------------------------------- counting


def test_counted_only_on_confirm_or_download(client, session, people):
    leg = people["leg"]
    client.get(f"/write/{leg.id}")
    text = page(prepare(client, leg))
    assert counts(session) == []
    body = field_value(text, "body")

    sent = client.post(
        f"/write/{leg.id}",
        data={
            **SENDER,
            "channel": "email",
            "action": "sent",
            "subject": field_value(text, "subject"),
            "body": crlf(body) + "\r\n",
        },
    )
    assert "Thank you: counted." in page(sent)
    assert counts(session) == [
        ("state-support-bill-short", "state_senator", "CA", "email", False, 1)
    ]
    client.post(
        f"/write/{leg.id}",
        data={**SENDER, "channel": "email", "action": "sent", "subject": "Mine", "body": body},
    )
    assert counts(session)[-1] == (
        "state-support-bill-short",
        "state_senator",
        "CA",
        "email",
        True,
        1,
    )

    called = client.post(
        f"/write/{leg.id}", data={**SENDER, "channel": "email", "action": "called", "body": body}
    )
    assert "Your call to Roger Niello" in page(called)
    assert counts(session)[-1] == (
        "call-state-legislator",
        "state_senator",
        "CA",
        "call",
        False,
        1,
    )

    letter_post(client, leg)  # a fresh letter: not edited
    letter_post(client, leg, subject="Please", body="My own letter.")
    assert counts(session)[-2:] == [
        ("state-support-bill", "state_senator", "CA", "letter", False, 1),
        ("state-support-bill", "state_senator", "CA", "letter", True, 1),
    ]
    # a letter cannot be "marked as sent": it is counted on download only
    client.post(f"/write/{leg.id}", data={**SENDER, "channel": "letter", "action": "sent"})
    assert len(counts(session)) == 5


def test_nothing_of_the_sender_is_stored(app, client, session, people):
    marker_name = "Zebulon Quartermaine"
    marker_story = "Xylophone-mountain-4417 happened to my sister."
    sender = {**SENDER, "name": marker_name, "story": marker_story, "address": "99 Qwerty Lane"}
    leg = people["leg"]
    client.post(f"/write/{leg.id}?zip=95814", data={**sender, "action": "prepare"})
    client.post(f"/write/{leg.id}?zip=95814", data={**sender, "action": "sent"})
    client.post(f"/write/{leg.id}/letter.pdf?zip=95814", data={**sender, "channel": "letter"})
    ids = [str(p.id) for p in people.values()]
    client.post("/write/all?zip=95814", data={**sender, "official": ids})
    client.post("/write/all?zip=95814", data={**sender, "official": ids, "sent": ids[0]})
    client.post("/write/all/letters.pdf?zip=95814", data={**sender, "official": ids})
    assert counts(session)

    def stored(*needles: str) -> list[tuple[str, str]]:
        found = []
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            if not columns:
                continue
            for row in session.execute(select(*columns)):
                found += [(table.name, v) for v in row if v and any(n in str(v) for n in needles)]
        return found

    assert stored("Roger Niello")  # the search finds what is stored
    assert stored(marker_name, "Xylophone", "Qwerty", "jordan@example.org") == []
    # nor in the session
    with client.session_transaction() as stored:
        assert set(stored) <= {"csrf_token"}


# --------------------------------------------------------------------------- all officials


def all_data(people, **extra):
    ids = [str(people[k].id) for k in ("senator", "rep", "governor")]
    return {**SENDER, "story": STORY, "official": ids, **extra}


def test_all_officials_page_and_messages(client, people):
    response = client.get("/write/all?zip=95814")
    assert response.status_code == 200
    text = page(response)
    listed = re.findall(r'name="official" value="(\d+)"', text)
    assert {people["senator"].id, people["rep"].id, people["governor"].id} <= {
        int(i) for i in listed
    }
    assert "Your state legislators are not on this list yet" in text
    assert field_value(text, "zip") == "95814"

    text = page(client.post("/write/all?zip=95814", data=all_data(people)))
    cards = re.findall(r'<article class="card write-each" id="official-(\d+)"', text)
    assert [int(c) for c in cards] == [people[k].id for k in ("senator", "rep", "governor")]
    senator = section(text, people["senator"].id)
    assert "Please introduce or support a bill to end qualified immunity" in senator  # no bill
    assert "https://padilla.senate.example/contact" in senator
    assert STORY in html.unescape(senator)
    rep = section(text, people["rep"].id)
    assert "Hello, my name is Jordan Quill" in html.unescape(rep)
    assert "tel:+12022257163" in rep
    governor = section(text, people["governor"].id)
    assert "Please speak up to end qualified immunity in California" in governor
    assert "SB 747 (No Kings Act)" in governor


def section(text: str, person_id: int) -> str:
    return text.split(f'id="official-{person_id}"', 1)[1].split("</article>", 1)[0]


def test_all_officials_with_picked_districts_include_the_legislators(client, people):
    text = page(client.get("/write/all?zip=95814&state=CA&upper=6&lower=6"))
    listed = {int(i) for i in re.findall(r'name="official" value="(\d+)"', text)}
    assert {people["leg"].id, people["assembly"].id} <= listed
    assert "Your state legislators are not on this list yet" not in text
    assert 'action="/write/all?zip=95814&amp;state=CA&amp;upper=6&amp;lower=6#messages"' in text


def test_all_officials_mark_as_sent_counts_one(client, session, people):
    data = all_data(people, sent=str(people["senator"].id))
    text = page(client.post("/write/all?zip=95814", data=data))
    assert counts(session) == [
        ("congress-cosponsor-short", "us_senator", "CA", "contact_form", False, 1)
    ]
    assert "Thank you: counted." in section(text, people["senator"].id)
    assert f'name="counted" value="{people["senator"].id}"' in text
    called = all_data(people, called=str(people["senator"].id))
    client.post("/write/all?zip=95814", data=called)
    assert counts(session)[-1] == ("call-congress", "us_senator", "CA", "call", False, 1)
    stranger = all_data(people, sent="999999")
    assert client.post("/write/all?zip=95814", data=stranger).status_code == 400


def test_all_officials_pdf_has_a_letter_each(client, session, people):
    response = client.post("/write/all/letters.pdf?zip=95814", data=all_data(people))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="letters-to-my-officials.pdf"' in response.headers["Content-Disposition"]
    content, pages = pdf_text(response.data)
    reader = PdfReader(io.BytesIO(response.data))
    starts = [i for i, p in enumerate(reader.pages) if "The Honorable" in p.extract_text()]
    assert len(starts) == 3
    assert pages >= 3
    for name in ("Alex Padilla", "Doris Matsui", "Gavin Newsom"):
        assert f"The Honorable {name}" in content
    today = presentation.format_date(date.today())
    assert (
        flat(content).count(f"Jordan Quill 742 Evergreen Terrace Sacramento, CA 95814 {today}")
        == 3
    )
    assert sorted(c[0] for c in counts(session)) == [
        "congress-cosponsor",
        "congress-cosponsor",
        "statewide-officer",
    ]
    text = client.post("/write/all/letters.txt?zip=95814", data=all_data(people))
    assert text.get_data(as_text=True).count("\f") == 2
    none = client.post("/write/all/letters.pdf?zip=95814", data={**SENDER})
    assert none.status_code == 400
    assert "Choose at least one official" in page(none)


def test_all_officials_needs_a_known_zip(client, people):
    assert client.get("/write/all").status_code == 400
    assert client.get("/write/all?zip=123").status_code == 400
    response = client.get("/write/all?zip=00000")
    assert response.status_code == 404
    assert "00000" in page(response)


def test_results_page_links_to_the_write_pages(client, people):
    text = page(client.get("/lookup?zip=95814&state=CA&upper=6&lower=6"))
    assert 'href="/write/all?zip=95814&amp;upper=6&amp;lower=6&amp;state=CA"' in text
    assert f'href="/write/{people["senator"].id}?zip=95814&amp;upper=6' in text
    assert "Write to Alex Padilla" in text


# --------------------------------------------------------------------------- bad input


def test_html_and_template_syntax_stay_plain_text_everywhere(client, people):
    typed = "<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} <b>bold</b>"
    fields = {**SENDER, "name": "Jo <i>Ann</i> {{ 6*6 }}", "story": typed}
    text = page(prepare(client, people["leg"], **fields))
    assert "<script>alert(1)" not in text
    assert "<i>Ann" not in text
    assert "<b>bold" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    body = field_value(text, "body")
    assert typed in body
    assert "Jo <i>Ann</i> {{ 6*6 }}" in body
    assert "49" not in body
    assert "36" not in body
    (mailto,) = links(text, "mailto:")
    assert typed in decode_mailto(mailto)[2]
    content, _ = pdf_text(letter_post(client, people["leg"], **fields).data)
    assert typed in flat(content)
    assert "Jo <i>Ann</i> {{ 6*6 }}" in content
    letter = page(prepare(client, people["leg"], channel="letter", **fields))
    sheet = letter.split('class="letter-sheet"', 1)[1]
    assert "&lt;script&gt;" in sheet
    assert "<script>alert" not in sheet


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("story", "x" * 3001, "Your story is too long: at most 3,000 characters"),
        ("name", "x" * 121, "Your name is too long: at most 120 characters"),
        ("address", "x" * 201, "The street address is too long"),
        ("body", "x" * 20001, "The message is too long"),
        ("subject", "x" * 301, "The subject is too long"),
        ("zip", "12", "is not a ZIP code"),
        ("email", "jordan at example", "does not look like an email address"),
        ("name", "Jo\x00", "control characters"),
    ],
)
def test_bad_fields_are_refused_with_a_message(client, people, field, value, message):
    response = prepare(client, people["leg"], **{field: value})
    assert response.status_code == 400
    text = page(response)
    assert message in html.unescape(text)
    assert "Please check what you entered" in text


def test_a_story_at_the_limit_with_windows_line_ends_is_accepted(client, people):
    story = ("x" * 8 + "\r\n") * 333 + "xxx"  # 3,000 characters once \r\n is one
    assert prepare(client, people["leg"], story=story).status_code == 200


@pytest.fixture
def csrf_client(database_url, people):
    """A client of a second app on the same database, with CSRF protection on."""
    app = create_app(make_config(database_url, WTF_CSRF_ENABLED=True))
    yield app.test_client()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_csrf_is_required_when_enabled(csrf_client, people):
    client = csrf_client
    person_id = people["leg"].id
    assert client.post(f"/write/{person_id}", data=SENDER).status_code == 400
    assert client.post(f"/write/{person_id}/letter.pdf", data=SENDER).status_code == 400
    assert client.post("/write/all?zip=95814", data=SENDER).status_code == 400
    text = page(client.get(f"/write/{person_id}"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text).group(1)
    ok = client.post(f"/write/{person_id}", data={**SENDER, "csrf_token": token})
    assert ok.status_code == 200
    assert "Your message to Roger Niello" in page(ok)


def test_compose_limits_reach_the_page(client, people):
    text = page(prepare(client, people["leg"]))
    assert f'data-mailto-limit="{compose_links.MAILTO_LIMIT}"' in text
    assert f'data-webmail-limit="{compose_links.WEBMAIL_LIMIT}"' in text


def test_the_writers_text_survives_an_error(client, people):
    edited = "Dear Senator,\n\nMy own words, kept.\n"
    response = client.post(
        f"/write/{people['leg'].id}",
        data={**SENDER, "email": "nope", "action": "update", "subject": "Mine", "body": edited},
    )
    assert response.status_code == 400
    text = page(response)
    assert field_value(text, "body") == edited.strip()
    assert field_value(text, "subject") == "Mine"
    assert "your text is kept below" in text


def test_talking_points_panel_and_pasted_points_are_not_own_words(client, people):
    from outreach.campaign.talking_points import load_talking_points

    points = load_talking_points()
    text = page(prepare(client, people["leg"], story=""))
    panel = text.split('class="write-points', 1)[1].split("</aside>", 1)[0]
    for point in points:
        assert point.title in html.unescape(panel)
        assert f'data-insert="point-{point.id}" data-insert-into="body" hidden' in panel
    assert "Answers to the usual objections" in panel
    body = field_value(text, "body").replace("Sincerely,", f"{points[0].text}\n\nSincerely,")
    updated = client.post(
        f"/write/{people['leg'].id}",
        data={**SENDER, "channel": "email", "action": "update", "subject": "S", "body": body},
    )
    percent = int(re.search(r"data-meter-percent>(\d+)%<", page(updated)).group(1))
    assert percent <= 1  # the one-word subject "S" is the writer's


def test_the_writer_swaps_the_chosen_arguments_for_talking_points(client, people):
    from outreach.campaign.talking_points import load_talking_points

    point = next(p for p in load_talking_points() if p.id == "frivolous-lawsuits")
    usual = field_value(page(prepare(client, people["leg"], channel="letter")), "body")
    text = page(
        prepare(client, people["leg"], channel="letter", arguments=["frivolous-lawsuits", "nope"])
    )
    body = field_value(text, "body")
    assert " ".join(point.text.split()) in " ".join(html.unescape(body).split())
    assert body != usual
    assert 'name="arguments" value="frivolous-lawsuits" form="write-form" checked' in text
