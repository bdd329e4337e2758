"""Writing to officials: reach, template choice, drafts, the meter, edits, the API's checks."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from config import LETTERS_DIR
from outreach.letters import (
    api_requests,
    channels,
    drafts,
    own_words,
    sending,
    situations,
    write_all,
)
from outreach.letters import pdf as letter_pdf
from outreach.letters.catalog import UnknownTemplate, load_catalog, placeholders_in
from outreach.letters.context import STORY_LIMIT, Sender
from tests.factories import make_bill, make_campaign, make_person, make_record

TODAY = date(2026, 11, 21)
WRITE_JS = Path(__file__).resolve().parents[2] / "outreach" / "static" / "js" / "write.js"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(Path(LETTERS_DIR))


@dataclass
class Office:
    kind: str = "capitol"
    label: str | None = None
    address: str | None = "1021 O St, Sacramento, CA 95814"
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    fax: str | None = None
    hours: str | None = None


@dataclass
class Official:
    email: str | None = None
    contact_form_url: str | None = None
    offices: list = field(default_factory=list)


# --------------------------------------------------------------------------- reach


def test_reach_offers_what_the_official_has_preferred_first():
    full = channels.reach_for(
        Official(
            email="pat@example.org",
            contact_form_url="https://example.org/contact",
            offices=[Office(phone="916-555-0100"), Office(kind="district", phone="916-555-0100")],
        )
    )
    assert full.channels == ("email", "contact_form", "call", "letter")
    assert full.default_channel == "email"
    assert [p.number for p in full.phones] == ["(916) 555-0100"]  # once
    assert full.phones[0].href == "tel:+19165550100"

    form_only = channels.reach_for(Official(contact_form_url="https://senate.example/contact"))
    assert form_only.channels == ("contact_form", "letter")
    assert form_only.default_channel == "contact_form"

    phone_only = channels.reach_for(Official(offices=[Office(phone="(202) 224-0001")]))
    assert phone_only.channels == ("call", "letter")

    assert channels.reach_for(Official()).channels == ("letter",)


def test_reach_refuses_broken_email_and_unsafe_form_and_reads_a_url_in_the_email_column():
    assert channels.reach_for(Official(email="not an email")).email is None
    assert (
        channels.reach_for(Official(contact_form_url="javascript:alert(1)")).contact_form is None
    )
    moved = channels.reach_for(Official(email="https://example.org/write-to-me"))
    assert moved.email is None
    assert moved.contact_form == "https://example.org/write-to-me"
    # an undialable number is shown but offers no call
    odd = channels.reach_for(Official(offices=[Office(phone="ask the front desk")]))
    assert odd.phones
    assert odd.phones[0].href is None
    assert "call" not in odd.channels


# --------------------------------------------------------------------------- the writer's text


def test_edits_are_judged_against_a_fresh_render_ignoring_line_ends():
    draft = drafts.Draft(
        None, "no_reform", "email", "Subject", "Dear Sam,\n\nPlease act.\n", (), ""
    )
    assert not own_words.is_edited(draft, "Subject", "Dear Sam,\r\n\r\nPlease act.  \r\n\r\n")
    assert not own_words.is_edited(draft, " Subject ".strip(), "\nDear Sam,\n\nPlease act.")
    assert own_words.is_edited(draft, "Subject", "Dear Sam,\n\nPlease act now.\n")
    assert own_words.is_edited(draft, "Another subject", "Dear Sam,\n\nPlease act.\n")


def test_own_words_share_counts_words_not_in_the_template():
    baseline = "Dear Senator Lee, please end qualified immunity. Sincerely, Jo"
    assert own_words.own_words_share(baseline, baseline).own == 0
    assert own_words.own_words_share(baseline, baseline).percent == 0
    assert own_words.own_words_share(baseline, "").total == 0
    mine = "Dear Senator Lee, my son was hurt. Please end qualified immunity. Sincerely, Jo"
    share = own_words.own_words_share(baseline, mine)
    assert (share.own, share.total) == (4, 13)  # my son was hurt
    assert share.percent == 31
    assert share.level == "good"
    # punctuation and case do not count as words of one's own
    assert own_words.own_words_share(baseline, baseline.upper().replace(",", "")).own == 0
    # moving a sentence is not writing: only the words out of order count
    moved = "Please end qualified immunity. Dear Senator Lee, Sincerely, Jo"
    assert own_words.own_words_share(baseline, moved).own == 3
    assert own_words.own_words_share(baseline, baseline + " Thanks").level == "some"
    assert own_words.own_words_share(baseline, baseline).level == "none"
    assert "count for more" in own_words.own_words_share(baseline, baseline).message


POINTS = [
    "Judges created qualified immunity in 1967; Congress never passed it.",
    "Officers are indemnified in more than 99% of cases.",
]
METER_CASES = [
    ("Dear Senator Lee, please act.", "Dear Senator Lee, my son was hurt. Please act."),
    ("a b c a b c a b", "b a c a b b c a a"),
    ("Please end qualified immunity.", "Muñoz’s story: it’s 2024, don't wait! Please end it."),
    ("", "Only my words here"),
    ("the the the the", "the"),
    (
        "Dear Lee, please act. Sincerely, Jo",
        "Dear Lee, officers are indemnified in more than 99% of cases, my son says. "
        "Judges created qualified immunity in 1967. Please act. Sincerely, Jo",
    ),
]


def test_the_live_meter_in_write_js_counts_like_the_server():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = (
        "global.window = {}; global.document = {readyState: 'loading', addEventListener(){}};"
        f"require({json.dumps(str(WRITE_JS))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(([a, b]) => {"
        "  const w = window.outreachWrite; const mine = w.words(b);"
        f"  const points = {json.dumps(POINTS)}.map(w.words);"
        "  return [w.words(a), mine, mine.length - w.takenWords(w.words(a), mine, points)];"
        "})));"
    )
    result = subprocess.run(
        [node, "-e", script],
        input=json.dumps(METER_CASES),
        capture_output=True,
        text=True,
        check=True,
    )
    for (baseline, text), (js_base, js_mine, js_own) in zip(
        METER_CASES, json.loads(result.stdout), strict=True
    ):
        assert js_base == own_words.words(baseline)
        assert js_mine == own_words.words(text)
        assert js_own == own_words.own_words_share(baseline, text, POINTS).own, (baseline, text)


def test_pasted_talking_points_are_not_the_writers_own_words():
    baseline = "Dear Lee, please act. Sincerely, Jo"
    text = (
        "Dear Lee, officers are indemnified in more than 99% of cases, my son says. "
        "Please act. Sincerely, Jo"
    )
    assert own_words.own_words_share(baseline, text).own == 12
    # "officers … cases" (9 words) is borrowed; "my son says" is the writer's
    assert own_words.own_words_share(baseline, text, POINTS).own == 3
    # two words in common with a point are not a borrowed passage
    assert own_words.own_words_share(baseline, baseline + " Congress never", POINTS).own == 2


def test_words_keep_inner_apostrophes_and_unicode():
    assert own_words.words("Don't stop — it’s Muñoz’s 2nd try_it") == [
        "don't",
        "stop",
        "it’s",
        "muñoz’s",
        "2nd",
        "try",
        "it",
    ]


def test_placeholders_left_in_the_text():
    text = "Hi [your name], from [your ZIP code] and [your name]; [not mine]"
    assert placeholders_in(text) == ("your name", "your ZIP code")


def test_clean_sender_drops_a_state_typed_after_the_city():
    for typed in ("Sacramento, CA", "Sacramento CA", "Sacramento, California", "Sacramento, ca."):
        assert drafts.clean_sender(Sender(city=typed), "CA").city == "Sacramento"
    assert drafts.clean_sender(Sender(city="California City"), "CA").city == "California City"
    assert drafts.clean_sender(Sender(city="CA"), "CA").city == "CA"
    assert drafts.clean_sender(Sender(name="  Jo  "), "CA").name == "Jo"


def test_missing_details_by_field():
    assert sending.missing_details(Sender(name="Jo", zip="94103")) == ("address", "city", "email")


def test_sender_lines_show_placeholders():
    lines = sending.sender_lines(Sender(name="Jo", zip="94103"), "CA")
    assert lines == ("Jo", "[your street address]", "[your city], CA 94103")


def test_lookup_params_keep_only_well_formed_values():
    assert sending.lookup_params({"zip": "94103-1234", "state": "ca", "upper": "10"}) == {
        "zip": "94103",
        "state": "CA",
        "upper": "10",
    }
    assert sending.lookup_params({"zip": "nope", "state": "CA"}) == {}
    assert sending.lookup_params({"zip": "94103", "upper": "10"}) == {"zip": "94103"}
    assert sending.lookup_params(
        {"zip": "94103", "state": "CA", "lower": "x" * 81, "legislature": "1\x00"}
    ) == {"zip": "94103", "state": "CA"}


def test_ids_reads_whole_numbers_once():
    assert write_all.ids(["3", " 5", "3", "x", "-1", "", "1" * 30, "٣"]) == [3, 5]


def test_file_name_is_ascii():
    assert sending.file_name(Official_named("José Núñez-O’Brien"), "pdf") == (
        "letter-to-jose-nunez-obrien.pdf"
    )
    assert sending.file_name(Official_named("李"), "txt") == "letter-to-your-official.txt"


def Official_named(name: str):
    return type("Named", (), {"name": name})()


# --------------------------------------------------------------------------- the API's checks


def test_render_request_reads_a_full_body():
    request = api_requests.RenderRequest.from_json(
        {
            "official_id": 7,
            "template_id": "state-introduce",
            "channel": "letter",
            "sender": {"name": "Jo", "address": "1 Main", "zip": "94103", "email": None},
            "story": "Line one\r\nline two",
        }
    )
    assert request.official_id == 7
    assert request.sender == Sender(name="Jo", address="1 Main", zip="94103")
    assert request.story == "Line one\nline two"
    assert (
        api_requests.RenderRequest.from_json({"official_id": 0, "sender": None}).sender == Sender()
    )


@pytest.mark.parametrize(
    ("payload", "code", "words"),
    [
        ([], "invalid_body", "JSON object"),
        (None, "invalid_body", "JSON object"),
        ({}, "invalid_parameter", "official_id"),
        ({"official_id": "1"}, "invalid_parameter", "official_id"),
        ({"official_id": True}, "invalid_parameter", "official_id"),
        ({"official_id": 1.5}, "invalid_parameter", "official_id"),
        ({"official_id": -1}, "invalid_parameter", "official_id"),
        ({"official_id": 1, "sendr": {}}, "invalid_parameter", "sendr"),
        ({"official_id": 1, "sender": "Jo"}, "invalid_parameter", "sender must be"),
        ({"official_id": 1, "sender": {"phone": "1"}}, "invalid_parameter", "phone"),
        ({"official_id": 1, "sender": {"name": 5}}, "invalid_parameter", "sender.name"),
        ({"official_id": 1, "sender": {"name": "x" * 121}}, "value_too_long", "120"),
        ({"official_id": 1, "sender": {"name": "a\nb"}}, "invalid_parameter", "control"),
        ({"official_id": 1, "story": 3}, "invalid_parameter", "story"),
        ({"official_id": 1, "story": "x" * (STORY_LIMIT + 1)}, "value_too_long", "3,000"),
        ({"official_id": 1, "story": "a\x07b"}, "invalid_parameter", "control"),
        ({"official_id": 1, "channel": "fax"}, "invalid_parameter", "channel"),
        ({"official_id": 1, "template_id": ["a"]}, "invalid_parameter", "template_id"),
    ],
)
def test_render_request_refuses_bad_bodies(payload, code, words):
    with pytest.raises(api_requests.InvalidRequest) as caught:
        api_requests.RenderRequest.from_json(payload)
    assert caught.value.code == code
    assert words in str(caught.value)


def test_a_story_may_hold_line_breaks_and_tabs_and_its_limit_counts_one_per_break():
    story = ("x" * 9 + "\r\n") * (STORY_LIMIT // 10)  # 3,000 once \r\n counts as one
    assert (
        len(api_requests.RenderRequest.from_json({"official_id": 1, "story": story}).story) == 3000
    )
    assert (
        api_requests.RenderRequest.from_json({"official_id": 1, "story": "a\tb"}).story == "a\tb"
    )


# --------------------------------------------------------------------------- with the database


def settings_for(session, *people):
    return situations.load_settings(session, list(people), TODAY)


def test_situation_template_and_note_per_state(session, catalog):
    make_campaign(session)
    no_reform = make_person(session, name="Ohio Senator", state="OH")
    make_bill(session, "CA", "AB 1", stage="passed_one_chamber", active=True, ratings={1: "met"})
    pending = make_person(session, name="Cal Senator", state="CA")
    make_record(session, "CO", "enacted")
    make_bill(session, "CO", "SB 2", ratings={1: "met", 2: "met"})
    below = make_person(session, name="Colo Senator", state="CO")
    make_record(session, "IA", "strengthened")
    make_bill(session, "IA", "SF 342", qi_effect="rollback")
    strengthened = make_person(session, name="Iowa Senator", state="IA")
    settings = settings_for(session, no_reform, pending, below, strengthened)
    assert [s.situation for s in settings] == [
        "no_reform",
        "pending_bill",
        "below_max",
        "strengthened",
    ]
    chosen = [
        drafts.choose_template(catalog, s.office, s.situation, "letter").id for s in settings
    ]
    assert chosen == [
        "state-introduce",
        "state-support-bill",
        "state-strengthen",
        "state-repeal-codification",
    ]
    emails = [drafts.choose_template(catalog, s.office, s.situation, "email").id for s in settings]
    assert emails == [
        "state-introduce-short",
        "state-support-bill-short",
        "state-strengthen-short",
        "state-repeal-codification-short",
    ]
    notes = [situations.situation_note(s, TODAY) for s in settings]
    assert "no law" in notes[0]
    assert "Ohio" in notes[0]
    assert "AB 1 (Bill AB 1) is pending in California (passed one chamber)" in notes[1]
    assert "SB 2" in notes[2]
    assert "2/9" in notes[2]
    # The gaps read as what the law should add, never as a list of evils to keep.
    assert "with no cap" in notes[2]
    assert "Caps on the money awarded to victims" not in notes[2]
    assert "into its own laws" in notes[3]


def test_federal_officials_are_asked_about_the_current_federal_bill(session, catalog):
    make_campaign(session)
    senator = make_person(session, name="Sam Senator", office="us_senator", district=None)
    (setting,) = settings_for(session, senator)
    assert setting.situation == "no_reform"
    assert (
        "No bill to end qualified immunity is pending in the U.S. Senate"
        in situations.situation_note(setting, TODAY)
    )
    make_bill(
        session,
        "US",
        "H.R. 1",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "met"},
        last_action=date(2025, 3, 1),
    )
    # A senator cannot cosponsor a House bill: with only H.R. 1 there is nothing to ask for.
    (setting,) = settings_for(session, senator)
    assert setting.situation == "no_reform"
    assert "Senate" in situations.situation_note(setting, TODAY)
    make_bill(
        session,
        "US",
        "S. 9",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "met"},
        last_action=date(2025, 3, 2),
    )
    (setting,) = settings_for(session, senator)
    assert setting.situation == "pending_bill"
    assert "pending in Congress (introduced)" in situations.situation_note(setting, TODAY)
    draft = drafts.draft_for(
        catalog,
        setting,
        sender=Sender(),
        story="",
        channel="contact_form",
        template_id=None,
        today=TODAY,
    )
    assert draft.template_id == "congress-cosponsor-short"
    assert "S. 9" in draft.subject
    assert "H.R. 1" not in draft.subject + draft.body


def test_draft_renders_values_never_templates_and_keeps_a_baseline_without_the_story(
    session, catalog
):
    make_campaign(session)
    (setting,) = settings_for(session, make_person(session, state="OH"))
    story = "{{ 7*7 }} <script>alert(1)</script> {% raw %}"
    draft = drafts.make_draft(
        setting,
        catalog.get("state-introduce"),
        sender=Sender(name="Jo <b>", city="Columbus, OH"),
        story=story,
        channel="letter",
        today=TODAY,
    )
    assert story in draft.body
    assert "49" not in draft.body
    assert "Jo <b>" in draft.body
    assert "Columbus, OH [your ZIP code]" in draft.body  # the state once
    assert story not in draft.baseline
    assert "[your story" in draft.baseline
    share = own_words.own_words_share(draft.baseline, f"{draft.subject}\n{draft.body}")
    assert share.own == len(own_words.words(story))


def test_templates_are_offered_only_for_the_office(session, catalog):
    make_campaign(session)
    (setting,) = settings_for(session, make_person(session, office="governor", district=None))
    ids = {t.id for t in drafts.template_options(catalog, "governor")}
    assert ids == {"statewide-officer", "statewide-officer-short", "call-statewide"}
    with pytest.raises(UnknownTemplate):
        drafts.resolve_template(catalog, setting, "email", "no-such")
    with pytest.raises(drafts.TemplateNotForOffice, match="not written for a Governor"):
        drafts.resolve_template(catalog, setting, "email", "state-introduce")
    assert drafts.resolve_template(catalog, setting, "call", None).id == "call-statewide"


def test_prepare_keeps_the_writers_text_and_builds_links_and_letter(session, catalog):
    make_campaign(session)
    person = make_person(session, email="pat@example.org", state="OH")
    (setting,) = settings_for(session, person)
    sender = Sender(name="Jo", address="1 Main St", city="Columbus", zip="43004")
    fresh = sending.prepare(
        catalog,
        setting,
        sender=sender,
        story="",
        channel="email",
        template_id=None,
        text=None,
        today=TODAY,
    )
    assert not fresh.edited
    assert fresh.links is not None
    assert fresh.links.mailto.startswith("mailto:pat@example.org?")
    assert fresh.call is not None
    assert fresh.call.template_id == "call-state-legislator"
    assert fresh.missing == ("email",)
    assert fresh.story_placeholder is not None
    assert fresh.letter.sender_lines == ("Jo", "1 Main St", "Columbus, OH 43004")
    assert fresh.letter.date == "November 21, 2026"
    edited = sending.prepare(
        catalog,
        setting,
        sender=sender,
        story="",
        channel="email",
        template_id=None,
        text=("My subject", fresh.body.replace("[your story", "My own words [your story")),
        today=TODAY,
    )
    assert edited.edited
    assert edited.subject == "My subject"
    assert edited.share.own == 5  # "my subject" and "my own words"
    letter = sending.prepare(
        catalog,
        setting,
        sender=sender,
        story="",
        channel="letter",
        template_id=None,
        text=None,
        today=TODAY,
    )
    assert letter.links is None
    assert letter.draft.template_id == "state-introduce"


def test_all_letters_each_from_its_own_template_and_capped(session, catalog):
    make_campaign(session)
    people = [
        make_person(session, name="Sam Senator", office="us_senator", district=None),
        make_person(session, name="Gail Governor", office="governor", district=None),
        make_person(session, name="Sue Statesen"),
    ]
    settings = settings_for(session, *people)
    letters = write_all.all_letters(catalog, settings, sender=Sender(), story="", today=TODAY)
    assert [d.template_id for _s, d, _l in letters] == [
        "congress-cosponsor",
        "statewide-officer",
        "state-introduce",
    ]
    assert letters[0][2].recipient_lines[0] == "The Honorable Sam Senator"
    with pytest.raises(ValueError, match="at most"):
        write_all.all_letters(
            catalog,
            settings * (letter_pdf.MAX_LETTERS // 3 + 1),
            sender=Sender(),
            story="",
            today=TODAY,
        )


def test_all_page_prepares_only_the_officials_included(session, catalog):
    make_campaign(session)
    people = [
        make_person(session, name="Sam Senator", office="us_senator", district=None, email=None),
        make_person(session, name="Sue Statesen"),
    ]
    settings = settings_for(session, *people)
    empty = write_all.all_page(settings, included=None, counted=())
    assert not empty.prepared
    assert all(e.included for e in empty.entries)
    page = write_all.all_page(
        settings,
        included=[people[1].id],
        counted=[people[1].id],
        catalog=catalog,
        sender=Sender(name="Jo"),
        story="",
        today=TODAY,
    )
    assert [e.setting.official.id for e in page.included] == [people[1].id]
    assert page.message(people[0].id) is None
    message = page.message(people[1].id)
    assert message.channel == "email"
    assert message.links.mailto
    assert page.included[0].counted
