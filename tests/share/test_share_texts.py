"""Posts, asks and alt texts: lengths as each platform counts them, and what they say."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from outreach.campaign.scoring import bill_score
from outreach.campaign.standings import reform_bill_pending
from outreach.letters.compose_links import MAILTO_LIMIT
from outreach.share import texts as share_texts
from outreach.share.texts import PLATFORM_BY_KEY, PLATFORMS, post_length
from tests.share.test_share_images import ALL_MET, ROLLBACK, bill, standing

URL = "https://outreach.example.org/states/co"
LONG_URL = "https://a-very-long-campaign-domain-name.example.org/states/" + "x" * 120


def situations():
    """A standing in every situation a post can be about."""
    law = bill("CO", "SB 20-217", "enacted", {1: "met", 2: "met", 3: "partial"})
    pending = bill("CO", "SB 26-005", "passed_one_chamber", {1: "met"})
    return {
        "enacted+pending": standing("CO", "enacted", [law, pending]),
        "limited": standing("CA", "limited", [bill("CA", "SB 2", "enacted", {1: "met"})]),
        "perfect": standing("MN", "enacted", [bill("MN", "HF 1", "enacted", ALL_MET)]),
        "pending": standing("NY", "pending", [bill("NY", "S176", "introduced", {1: "met"})]),
        "none": standing("TX", "none"),
        "strengthened": standing(
            "IA", "strengthened", [bill("IA", "SF 342", "enacted", ROLLBACK)]
        ),
        "no record": standing("WY"),
        "rollback pending": standing("UT", "none", [bill("UT", "HB 1", "introduced", ROLLBACK)]),
        "city": standing("NYC", "limited", [bill("NYC", "Int 2220", "enacted", {1: "met"})]),
        "long": standing(
            "ZZZ",
            "pending",
            [bill("ZZZ", "HB 2026-EXTRAORDINARY-1234", "introduced", {1: "met"})],
            name="The Consolidated City and County of Somewhere Very Long Indeed",
        ),
    }


SITUATIONS = situations()


def test_x_counts_a_link_as_23_and_wide_characters_as_two():
    x = PLATFORM_BY_KEY["x"]
    assert post_length("Hello " + LONG_URL, x) == 6 + 23
    assert post_length("café", x) == 4
    assert post_length("→", x) == 2  # outside X's light ranges
    assert post_length("“quoted” — yes", x) == 14  # curly quotes and dashes count 1
    assert post_length("國", x) == 2


def test_other_platforms_count_links_as_their_rules_say():
    assert post_length("a " + LONG_URL, PLATFORM_BY_KEY["mastodon"]) == 2 + 23
    assert post_length("a " + LONG_URL, PLATFORM_BY_KEY["bluesky"]) == 2 + len(LONG_URL)
    assert post_length("a " + LONG_URL, PLATFORM_BY_KEY["threads"]) == 2 + len(LONG_URL)


def test_limits_are_the_platforms():
    limits = {p.key: p.limit for p in PLATFORMS}
    assert limits["x"] == 280
    assert limits["bluesky"] == 300
    assert limits["threads"] == 500
    assert limits["mastodon"] == 500
    assert set(limits) == {
        "x",
        "bluesky",
        "threads",
        "mastodon",
        "linkedin",
        "facebook",
        "whatsapp",
        "email",
    }


@pytest.mark.parametrize("url", [URL, LONG_URL])
@pytest.mark.parametrize("name", list(SITUATIONS))
def test_every_post_fits_its_platform(name, url):
    posts = share_texts.jurisdiction_posts(SITUATIONS[name], url)
    assert [p.platform.key for p in posts] == [p.key for p in PLATFORMS]
    for post in posts:
        assert post.length == post_length(post.text, post.platform)
        assert post.length <= post.platform.limit, (post.platform.key, post.length, post.text)
        assert url in post.text, "every post invites people to the page"


@pytest.mark.parametrize("url", [URL, LONG_URL])
def test_campaign_and_bill_posts_fit(url):
    long_bill = bill(
        "US",
        "H.R. 99999",
        "introduced",
        {1: "met"},
        title="The Extraordinarily Long Title of a Bill to End Qualified Immunity " * 4,
    )
    groups = [
        share_texts.campaign_posts(5, 4, url),
        share_texts.campaign_posts(1, 0, url),
        share_texts.bill_posts(long_bill, bill_score(long_bill), "Congress", url),
    ]
    for posts in groups:
        for post in posts:
            assert post.length <= post.platform.limit, (post.platform.key, post.text)
            assert url in post.text


def test_a_post_says_the_status_score_and_bill():
    posts = {
        p.platform.key: p
        for p in share_texts.jurisdiction_posts(SITUATIONS["enacted+pending"], URL)
    }
    x = posts["x"].text
    assert "Colorado" in x
    assert "has a law ending qualified immunity for some claims" in x
    assert "ended qualified immunity by law" not in x
    assert "/9" in x
    assert "SB 26-005" in x
    assert "pass it" in x
    threads = posts["threads"].text
    assert "Qualified immunity is a defense the courts created" in threads
    assert "escape paying" not in threads
    assert share_texts.HASHTAG in threads
    assert share_texts.HASHTAG not in posts["email"].text


def test_the_fullest_version_that_fits_is_chosen():
    """X gets the long status sentence when it fits; the long name falls back to a shorter one."""
    x = PLATFORM_BY_KEY["x"]
    full = share_texts.jurisdiction_posts(SITUATIONS["none"], URL)[0].text
    assert "nine-point End Qualified Immunity rubric" in full
    long = share_texts.jurisdiction_posts(SITUATIONS["long"], LONG_URL)[0]
    assert long.length <= x.limit


def test_a_post_that_cannot_fit_is_cut_but_keeps_its_link():
    x = PLATFORM_BY_KEY["x"]
    text = share_texts.post_for(x, ["word " * 200 + URL])
    assert post_length(text, x) <= 280
    assert text.endswith(URL)
    assert "…" in text


def test_a_rollback_bill_is_never_the_ask_for_a_state():
    s = SITUATIONS["rollback pending"]
    assert reform_bill_pending(s) is None
    assert "HB 1" not in share_texts.ask_for(s)
    for post in share_texts.jurisdiction_posts(s, URL):
        assert "HB 1" not in post.text


def test_a_rollback_bill_is_opposed():
    b = bill("US", "H.R. 503", "introduced", ROLLBACK)
    assert "vote no" in share_texts.bill_ask(b)
    posts = share_texts.bill_posts(b, bill_score(b), "Congress", URL)
    assert all("would write qualified immunity into law" in p.text for p in posts)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("enacted+pending", "pass SB 26-005"),
        ("strengthened", "repeal it"),
        ("limited", "close the gaps"),
        ("perfect", "Thank your lawmakers"),
        ("none", "end qualified immunity"),
        ("city", "city council"),
    ],
)
def test_the_ask_fits_the_situation(name, words):
    assert words in share_texts.ask_for(SITUATIONS[name])


def test_alt_texts_say_what_the_image_shows():
    co = share_texts.jurisdiction_alt(SITUATIONS["enacted+pending"], "End Qualified Immunity")
    assert "Colorado" in co
    assert "out of 9" in co
    assert "/9" not in co
    assert "Has a law that ends qualified immunity" in co
    assert "SB 26-005" in co
    wy = share_texts.jurisdiction_alt(SITUATIONS["no record"], "End Qualified Immunity")
    assert "0 out of 9" in wy
    assert "No action recorded" in wy
    standings = list(SITUATIONS.values())
    national = share_texts.campaign_alt("End Qualified Immunity", standings, 3, 2)
    assert national.startswith("End Qualified Immunity: a map")
    assert "3 states have a law that ends or limits qualified immunity" in national
    assert "Colorado" in national
    assert "Bills are pending in 2 states" in national
    b = bill("CO", "SB 26-005", "passed_one_chamber", {1: "met", 2: "met"})
    alt = share_texts.bill_alt(b, bill_score(b), "Colorado", "End Qualified Immunity")
    assert "SB 26-005" in alt
    assert "2 out of 9" in alt
    assert "passed one chamber" in alt


def test_share_links_are_plain_links_carrying_the_post():
    posts = {p.platform.key: p for p in share_texts.jurisdiction_posts(SITUATIONS["none"], URL)}
    hosts = {
        "x": "x.com",
        "bluesky": "bsky.app",
        "threads": "www.threads.net",
        "mastodon": "mastodonshare.com",
        "linkedin": "www.linkedin.com",
        "facebook": "www.facebook.com",
        "whatsapp": "wa.me",
    }
    for key, host in hosts.items():
        parts = urlsplit(posts[key].share_url)
        assert parts.scheme == "https", posts[key].share_url
        assert parts.netloc == host, posts[key].share_url
        query = parse_qs(parts.query)
        if key in ("linkedin", "facebook"):
            assert URL in query.get("url", []) + query.get("u", [])
        else:
            assert query["text"] == [posts[key].text]
    mail = posts["email"].share_url
    assert mail.startswith("mailto:?subject=")
    assert len(mail) <= MAILTO_LIMIT
    assert "Where Texas stands" in unquote(mail)
    assert URL in unquote(mail)


def test_stage_phrases():
    assert share_texts.stage_phrase(bill("CO", "A", "introduced", {})) == "was introduced"
    assert share_texts.stage_phrase(bill("CO", "A", "passed_one_chamber", {})) == (
        "passed one chamber"
    )


def test_unknown_effect_never_counts_as_reform():
    """An enacted law of unknown effect is no law on qualified immunity, and a pending bill
    of unknown effect is neither pending reform nor something to ask lawmakers to pass."""
    law = bill("IL", "HB 1312", "enacted", {5: "met"}, qi_effect="unknown")
    pending = bill("IL", "HB 9", "introduced", {1: "met"}, qi_effect="unknown")
    il = standing("IL", "none", [law, pending])
    assert il.status.value == "none"
    assert il.qi_law is None
    assert il.pending == []
    assert "close the gaps" not in share_texts.ask_for(il)
    assert "HB 9" not in share_texts.ask_for(il)
    assert share_texts.bill_ask(pending) == "See where HB 9 stands"
    assert "would write qualified immunity into law" not in share_texts.bill_alt(
        pending, bill_score(pending), "Illinois", "End Qualified Immunity"
    )


def test_other_remedy_law_is_scored_but_is_no_law_on_qualified_immunity():
    law = bill("MD", "HB 670", "enacted", {4: "partial", 8: "partial"}, qi_effect="other_remedy")
    md = standing("MD", "none", [law])
    assert md.score.label == "1/9"
    assert md.status_label == "No law on qualified immunity"
    assert share_texts.ask_for(md) == "Ask your lawmakers to end qualified immunity"
    assert "has a law" not in share_texts.status_sentence(md)


def test_a_bill_whose_session_ended_is_not_pending():
    stale = bill(
        "MN",
        "HF 3961",
        "introduced",
        {1: "met"},
        session_end="2026-05",
        last_action=date(2026, 3, 12),
    )
    mn = standing("MN", "none", [stale])
    assert mn.pending == []
    assert [b for b, _ in mn.stale] == [stale]
    assert "HF 3961" not in share_texts.ask_for(mn)


def test_campaign_posts_say_a_law_ends_or_limits_it_for_some_claims():
    posts = share_texts.campaign_posts(5, 1, "https://outreach.example.org/map")
    for post in posts:
        assert "ended or limited qualified immunity by law" not in post.text
    email = next(p for p in posts if p.platform.key == "email").text
    assert "5 states have a law that ends or limits qualified immunity for some claims" in email
