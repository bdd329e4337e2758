"""mailto (RFC 6068) and webmail compose links, read back by a URL parser."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from outreach.letters import compose_links as links

SUBJECT = "Please end qualified immunity & support SB 2?"
BODY = "Dear Senator Lee,\n\nLine with spaces, 100% sure; é ü — “quotes” #hash +plus\n\nThanks\n"


def test_mailto_round_trips_through_a_url_parser():
    url = links.mailto_url(["senator.lee@senate.ca.gov"], SUBJECT, BODY)
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "senator.lee@senate.ca.gov"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["subject"] == [SUBJECT]
    assert query["body"] == [BODY.replace("\n", "\r\n")]
    # RFC 6068: spaces are %20 (never "+") and line breaks %0D%0A.
    assert "+" not in parts.query.replace("%2B", "")
    assert "%20" in parts.query
    assert "%0D%0A" in parts.query
    assert " " not in url
    assert "\n" not in url


@pytest.mark.parametrize("builder", [links.gmail_url, links.outlook_url])
def test_webmail_links_carry_the_message(builder):
    url = builder(["a@example.org"], SUBJECT, BODY)
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).scheme == "https"
    assert BODY in query["body"]
    assert SUBJECT in (query.get("su") or query.get("subject"))


def test_long_messages_fall_back_to_copy_and_paste():
    short = links.compose_links(["a@example.org"], "S", "x" * 100)
    assert short.mailto
    assert short.gmail
    assert short.outlook
    assert not short.too_long
    medium = links.compose_links(["a@example.org"], "S", "word " * 600)
    assert medium.mailto is None
    assert medium.gmail is not None
    long = links.compose_links(["a@example.org"], "S", "word " * 3000)
    assert long.mailto is None
    assert long.too_long


def test_typed_markup_is_encoded_not_interpreted():
    url = links.mailto_url(["a@example.org"], "<b>x</b>", "{{ 7*7 }} <script>alert(1)</script>")
    query = parse_qs(urlsplit(url).query)
    assert query["body"] == ["{{ 7*7 }} <script>alert(1)</script>"]
    assert "<" not in url
    assert ">" not in url
