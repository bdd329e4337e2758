"""Probes of the API's input: what the web form refuses, the API refuses too."""

from __future__ import annotations

import pytest

from outreach.directory.contact_links import valid_email


@pytest.mark.parametrize(
    "email",
    ["not an email", "a@b", "x@example.org\nBcc: y@example.org", "mailto:", "@example.org"],
)
def test_the_letters_api_refuses_a_sender_email_the_form_would_refuse(site, email):
    assert valid_email(email) is None  # the web form's rule
    body = {
        "official_id": site.config["OFFICIAL"],
        "sender": {"name": "Jordan Quill", "email": email},
    }
    response = site.test_client().post("/api/v1/letters/render", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter"
    assert "sender.email" in error["message"]


def test_the_letters_api_takes_a_good_sender_email(site):
    body = {
        "official_id": site.config["OFFICIAL"],
        "sender": {"name": "Jordan Quill", "email": "jordan@example.org"},
    }
    response = site.test_client().post("/api/v1/letters/render", json=body)
    assert response.status_code == 200, response.get_json()
