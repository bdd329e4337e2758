"""The letters API: the templates, rendering a message, and every error."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from outreach.models import ActionCount
from tests.letters.test_write_views import STORY, people  # noqa: F401 - the fixture

RENDER = "/api/v1/letters/render"


def test_templates_lists_every_template_with_where_it_fits(client):
    response = client.get("/api/v1/letters/templates")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    templates = response.get_json()["templates"]
    assert len(templates) == 15
    by_id = {t["id"]: t for t in templates}
    assert by_id["state-introduce"] == {
        "id": "state-introduce",
        "title": "Ask your state legislator to introduce a bill ending qualified immunity",
        "language": "en",
        "channels": ["letter", "email"],
        "offices": ["state_senator", "state_representative", "state_legislator"],
        "situations": ["no_reform"],
        "length": "full",
    }
    assert by_id["call-congress"]["channels"] == ["call"]
    assert [t["id"] for t in templates] == sorted(by_id)


def test_render_best_fit_for_an_official_with_email(client, people):  # noqa: F811
    sender = {
        "name": "Jordan Quill",
        "address": "742 Evergreen Terrace",
        "city": "Sacramento",
        "zip": "95814",
        "email": "jordan@example.org",
    }
    response = client.post(
        RENDER, json={"official_id": people["leg"].id, "sender": sender, "story": STORY}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["official_id"] == people["leg"].id
    assert body["template_id"] == "state-support-bill-short"
    assert body["situation"] == "pending_bill"
    assert body["channel"] == "email"
    assert body["subject"] == "Please support SB 747 to end qualified immunity"
    assert body["body"].startswith("Dear Senator Niello,\n")
    assert STORY in body["body"]
    assert body["placeholders"] == []
    assert body["to"] == "senator.niello@senate.ca.gov"
    assert body["contact_form"] is None
    assert body["phones"] == ["(916) 651-4006"]
    mailto = urlsplit(body["mailto"])
    assert mailto.path == "senator.niello@senate.ca.gov"
    query = parse_qs(mailto.query)
    assert query["subject"] == [body["subject"]]
    assert query["body"] == [body["body"].replace("\n", "\r\n")]
    assert body["gmail"].startswith("https://mail.google.com/mail/?view=cm")
    assert body["outlook"].startswith("https://outlook.office.com/mail/deeplink/compose?")


def test_render_for_a_senator_with_a_contact_form_and_placeholders(client, session, people):  # noqa: F811
    response = client.post(
        RENDER, json={"official_id": people["senator"].id, "sender": {"name": "Jo"}}
    )
    body = response.get_json()
    assert response.status_code == 200
    assert body["channel"] == "contact_form"
    assert body["template_id"] == "congress-cosponsor-short"
    assert body["situation"] == "no_reform"
    assert body["contact_form"] == "https://padilla.senate.example/contact"
    assert body["to"] is None
    assert body["mailto"] is None
    assert body["gmail"] is None
    assert "your name" not in body["placeholders"]
    assert {"your street address", "your ZIP code", "your email"} <= set(body["placeholders"])
    assert "[your ZIP code]" in body["body"]
    # rendering counts nothing
    assert session.query(ActionCount).count() == 0


def test_render_with_a_template_and_a_channel(client, people):  # noqa: F811
    response = client.post(
        RENDER,
        json={
            "official_id": people["leg"].id,
            "template_id": "call-state-legislator",
            "channel": "call",
            "sender": None,
            "story": None,
        },
    )
    body = response.get_json()
    assert response.status_code == 200
    assert body["template_id"] == "call-state-legislator"
    assert body["channel"] == "call"
    assert body["body"].startswith("Hello, my name is [your name]")
    assert body["mailto"]  # the official has an email address: the links come along


def test_typed_markup_and_template_syntax_stay_plain_text(client, people):  # noqa: F811
    typed = "<script>alert(1)</script> {{ 7*7 }} {% for x in y %}"
    response = client.post(
        RENDER,
        json={"official_id": people["leg"].id, "sender": {"name": "{{ 6*6 }}"}, "story": typed},
    )
    body = response.get_json()
    assert typed in body["body"]
    assert "{{ 6*6 }}" in body["body"]
    assert "49" not in body["body"]
    assert "36" not in body["body"]
    assert typed in parse_qs(urlsplit(body["mailto"]).query)["body"][0]


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"{not json", 400, "invalid_body"),
        (b"\xff\xfe", 400, "invalid_body"),
        (b"", 400, "invalid_body"),
        (b"[1, 2]", 400, "invalid_body"),
        (b'"text"', 400, "invalid_body"),
        (b"[" * 100000, 413, "body_too_large"),
        (b'{"official_id": "1"}', 400, "invalid_parameter"),
        (b'{"official_id": true}', 400, "invalid_parameter"),
        (b'{"official_id": NaN}', 400, "invalid_parameter"),
        (b'{"official_id": 1, "sender": ["Jo"]}', 400, "invalid_parameter"),
        (b'{"official_id": 1, "story": 42}', 400, "invalid_parameter"),
        (b'{"official_id": 1, "extra": 1}', 400, "invalid_parameter"),
        (b'{"official_id": 1, "channel": "fax"}', 400, "invalid_parameter"),
        (b'{"official_id": 1, "story": "' + b"x" * 3001 + b'"}', 400, "value_too_long"),
        (b'{"official_id": 1, "sender": {"zip": "12345678901"}}', 400, "value_too_long"),
        (b'{"official_id": 999999}', 404, "unknown_official"),
        (b'{"official_id": 99999999999999999999999}', 404, "unknown_official"),
    ],
)
def test_render_errors(client, people, data, status, code):  # noqa: F811
    response = client.post(RENDER, data=data, content_type="application/json")
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_deeply_nested_json_is_refused_not_a_crash(client, people):  # noqa: F811
    response = client.post(RENDER, data=b"[" * 60000, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_body"


def test_render_unknown_template_and_template_of_other_offices(client, people):  # noqa: F811
    unknown = client.post(
        RENDER, json={"official_id": people["leg"].id, "template_id": "no-such-thing"}
    )
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "unknown_template"
    other = client.post(
        RENDER, json={"official_id": people["leg"].id, "template_id": "congress-cosponsor"}
    )
    assert other.status_code == 400
    assert "not written for a State Senator" in other.get_json()["error"]["message"]


def test_render_answers_post_only_and_needs_no_csrf_token(client, people):  # noqa: F811
    response = client.get(RENDER)
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    preflight = client.options(RENDER)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
