"""The write page's guidance for web forms: what the form asks, in order, with copy buttons."""

from __future__ import annotations

import html
import re

from outreach.letters import form_guidance
from outreach.letters.context import Sender
from tests.letters.test_write_views import SENDER, page, people, prepare  # noqa: F401

DEGETTE_LIKE = {
    "source": "contact-congress",
    "fields": [
        {"variable": "NAME_PREFIX", "required": True},
        {"variable": "NAME_FIRST", "required": True},
        {"variable": "NAME_LAST", "required": True},
        {"variable": "ADDRESS_STREET", "required": True},
        {"variable": "ADDRESS_CITY", "required": True},
        {"variable": "ADDRESS_ZIP5", "required": True},
        {"variable": "ADDRESS_ZIP4", "required": True},
        {"variable": "EMAIL", "required": True},
        {"variable": "PHONE", "required": True},
        {"variable": "SUBJECT", "required": True},
        {"variable": "MESSAGE", "required": True},
        {"variable": "TOPIC", "required": True},
    ],
    "required": [],
    "topic_options": ["Agriculture", "Guns", "Judiciary", "Other Issues"],
    "captcha": True,
    "two_step": False,
}


def with_fields(session, person, fields):
    person.contact_form_fields = fields
    session.commit()


def steps_of(text: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", m)).split("required")[0].strip()
        for m in re.findall(r'<span class="form-guide__label"[^>]*>(.*?)</span>\s', text, re.S)
    ]


def test_the_form_guidance_lists_the_fields_in_order_with_copy_buttons(client, session, people):  # noqa: F811
    with_fields(session, people["senator"], DEGETTE_LIKE)
    text = page(prepare(client, people["senator"]))
    assert "What this form will ask" in text
    assert steps_of(text) == [
        "Prefix",
        "First name",
        "Last name",
        "Street address",
        "City",
        "ZIP code",
        "ZIP+4",
        "Email",
        "Phone",
        "Subject",
        "Message",
        "Topic",
    ]
    summary = html.unescape(re.search(r'form-guide__summary">(.*?)</p>', text, re.S).group(1))
    assert "asks for your prefix first" in summary
    assert "choose “Judiciary” (closest to this message)" in summary
    assert "“I’m not a robot” check" in summary
    # The writer's values, each with its copy button.
    for value in ("Jordan", "Quill", "742 Evergreen Terrace", "Sacramento", "95814"):
        match = re.search(rf'id="(fg-value-\d+)" value="{re.escape(value)}"', text)
        assert match, value
        assert f'data-copy="{match.group(1)}"' in text
    # Prefix, ZIP+4 and phone are asked here, with no name: never sent, never kept.
    for extra in ("prefix", "zip4", "phone"):
        tag = re.search(rf'<input [^>]*id="fg-{extra}"[^>]*>', text).group(0)
        assert " name=" not in tag
        assert f'data-copy="fg-{extra}"' in text
    assert "not sent to us and not kept" in text


def test_the_writers_values_stay_plain_text(client, session, people):  # noqa: F811
    with_fields(session, people["senator"], DEGETTE_LIKE)
    hostile = {
        "name": "<img src=x onerror=alert(1)> {{ 7*7 }}",
        "address": '"><script>alert(1)</script>',
        "city": "{% raw %}Sacra{{mento}}",
    }
    text = page(prepare(client, people["senator"], **hostile))
    assert "<img src=x" not in text
    assert "<script>alert(1)" not in text
    guide = text.split("data-form-guide", 1)[1].split("</ol>", 1)[0]
    values = [html.unescape(v) for v in re.findall(r'id="fg-value-\d+" value="([^"]*)"', guide)]
    # First and last name as typed (the last word is the last name): no template ran.
    assert "<img src=x onerror=alert(1)> {{ 7*7" in values
    assert "}}" in values
    assert '"><script>alert(1)</script>' in values
    assert "{% raw %}Sacra{{mento}}" in values
    assert "49" not in values


def test_a_representative_without_a_form_gets_the_house_service(client, people):  # noqa: F811
    text = page(prepare(client, people["rep"], channel="letter"))
    assert f'href="{form_guidance.HOUSE_FIND_URL}"' in text
    assert "Our data has no web form for this representative" in text
    assert "What this form will ask" not in text


def test_a_form_without_known_fields_shows_no_guidance(client, people):  # noqa: F811
    text = page(prepare(client, people["senator"]))
    assert "What this form will ask" not in text
    assert "Use the official’s contact form" in text


def test_topic_suggestion():
    options = ["Agriculture", "Crime and Law Enforcement", "Other"]
    assert form_guidance.suggest_topic(options, "End qualified immunity") == (
        form_guidance.Topic("Crime and Law Enforcement", True)
    )
    assert form_guidance.suggest_topic(options, "Farm subsidies") == (
        form_guidance.Topic("Other", False)
    )
    assert form_guidance.suggest_topic(["Agriculture"], "qualified immunity") is None
    assert form_guidance.suggest_topic([], "qualified immunity") is None
    guide = form_guidance.guide(DEGETTE_LIKE, Sender(name="Ana"), "s", "qualified immunity")
    assert guide is not None
    assert guide.topic == form_guidance.Topic("Judiciary", True)
    assert [s.variable for s in guide.extras] == ["NAME_PREFIX", "ADDRESS_ZIP4", "PHONE"]
