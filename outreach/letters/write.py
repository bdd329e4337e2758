"""Writing to one's officials: the draft for one official or for all, and what to do with it.

A supporter picks a channel (email, the official's web contact form, a phone
call, a printed letter), types their details and a story, and gets a message
from the best letter template for the official's office, the state's
situation and the channel. They edit it freely; this module then builds the
links that send it, the printed letter, and the share of the text that is
their own words.

Nothing here stores or logs what people type. The only thing ever written is
an anonymous count (:func:`count_action`): template, office kind, state,
channel, whether the text was edited, and the day.

The database is read by :func:`load_setting` and :func:`load_settings`; every
other function is pure.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from outreach.campaign import records as campaign
from outreach.campaign.standings import Standing, current_federal_bill, office_chamber
from outreach.directory import labels as presentation
from outreach.directory import lookup
from outreach.letters import arguments as letter_arguments
from outreach.letters import pdf as letter_pdf
from outreach.letters.action_counts import record_action
from outreach.letters.catalog import (
    LetterCatalog,
    LetterTemplate,
    RenderedLetter,
    placeholders_in,
    render,
)
from outreach.letters.compose_links import ComposeLinks, compose_links
from outreach.letters.context import (
    PLACEHOLDERS,
    SENDER_LIMITS,
    STORY_LIMIT,
    STORY_PLACEHOLDER,
    Sender,
    build_context,
    situation_for,
)
from outreach.models import FEDERAL_OFFICES, Bill, Criterion

#: The ways to reach an official, in the order they are preferred.
CHANNELS = ("email", "contact_form", "call", "letter")
CHANNEL_LABELS = {
    "email": "Email",
    "contact_form": "Web contact form",
    "call": "Phone call",
    "letter": "Printed letter",
}
#: The template channel that writes the text for each way of sending it.
TEMPLATE_CHANNEL = {"email": "email", "contact_form": "email", "call": "call", "letter": "letter"}
#: Emails and web forms read best short (and short fits a mailto link); letters in full.
PREFERRED_LENGTH = {"email": "short", "contact_form": "short", "call": "short", "letter": "full"}
SUBJECT_LIMIT = 300
BODY_LIMIT = 20000
#: Used when no template fits: the writer writes the whole message.
OWN_TEMPLATE_ID = "own-words"
DEFAULT_SUBJECT = "Please end qualified immunity"
#: The share of one's own words from which the meter says "great" (write.js agrees).
GOOD_SHARE = 15
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class TemplateNotForOffice(ValueError):
    """A template that exists but is not written for the official's office."""


# --------------------------------------------------------------------------- how to reach


@dataclass(frozen=True)
class Phone:
    """A phone number as shown, its ``tel:`` link (None when not dialable), its office."""

    number: str
    href: str | None
    office: str


@dataclass(frozen=True)
class Reach:
    """How an official can be reached."""

    email: str | None
    contact_form: str | None
    phones: tuple[Phone, ...]

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels this official offers, preferred first; a letter always works."""
        offered = {
            "email": self.email is not None,
            "contact_form": self.contact_form is not None,
            "call": any(p.href for p in self.phones),
            "letter": True,
        }
        return tuple(c for c in CHANNELS if offered[c])

    @property
    def default_channel(self) -> str:
        return self.channels[0]


def reach_for(official: Any) -> Reach:
    """The valid email, the http(s) contact form and the phone numbers of an official.

    Like the official's card, a URL published in the email column is taken
    for the contact form when there is no valid email address.
    """
    email = presentation.valid_email(official.email)
    form = presentation.safe_url(official.contact_form_url)
    if form is None and email is None:
        form = presentation.safe_url(official.email)
    phones: list[Phone] = []
    seen: set[str] = set()
    for office in official.offices:
        if not office.phone or office.phone in seen:
            continue
        seen.add(office.phone)
        phones.append(
            Phone(
                number=presentation.format_phone(office.phone),
                href=presentation.tel_href(office.phone),
                office=presentation.contact_office_label(office),
            )
        )
    return Reach(email=email, contact_form=form, phones=tuple(phones))


# --------------------------------------------------------------------------- the setting


@dataclass(frozen=True)
class Setting:
    """Everything a letter to one official knows apart from the writer."""

    official: Any
    standing: Standing | None
    federal_bill: Bill | None
    criteria: Mapping[int, Criterion]
    committees: tuple[tuple[str, str], ...]
    campaign_name: str
    #: The federal bill's companion in the other chamber, named beside it.
    companion: Bill | None = None
    #: The official's place in a "write to all" list: no two letters read the same.
    variant: int = 0
    #: Talking-point ids the writer chose instead of the arguments picked for them.
    chosen_arguments: tuple[str, ...] = ()

    @property
    def office(self) -> str:
        return self.official.role.office

    @property
    def state(self) -> str:
        return self.official.role.jurisdiction_abbr

    def context(self, sender: Sender, story: str, today: date) -> tuple[str, dict[str, Any]]:
        """``(situation, context)`` for rendering, per :func:`build_context`."""
        picked = letter_arguments.pick(
            office=self.office,
            state=self.state,
            standing=self.standing,
            committees=self.committees,
            variant=self.variant,
            chosen=self.chosen_arguments,
        )
        return build_context(
            official=self.official,
            standing=self.standing,
            federal_bill=self.federal_bill,
            criteria=self.criteria,
            committees=self.committees,
            sender=sender,
            story=story,
            today=today,
            campaign_name=self.campaign_name,
            companion=self.companion,
            arguments=[a.text for a in picked],
            short_arguments=[a.text for a in letter_arguments.shorten(picked)],
        )

    @property
    def situation(self) -> str:
        """``no_reform``, ``pending_bill``, ``below_max`` or ``strengthened``."""
        return situation_for(self.office, self.standing, self.federal_bill)


def load_settings(session: Session, officials: Sequence[Any], today: date) -> list[Setting]:
    """A :class:`Setting` per official, reading each state's standing and seats once."""
    found = campaign.get_campaign(session)
    criteria = {c.number: c for c in found.criteria} if found else {}
    name = found.name if found else "End Qualified Immunity"
    federal = [b for b, _ in campaign.find_bills(session, jurisdiction="US")]
    by_slug = {b.slug: b for b in federal}
    standings: dict[str, Standing | None] = {}
    seats: dict[str, dict[int, list[tuple[str, str]]]] = {}
    settings = []
    for position, official in enumerate(officials):
        state = official.role.jurisdiction_abbr
        # A senator is asked about a Senate bill, a representative about a House bill.
        bill = current_federal_bill(federal, office_chamber(official.role.office), today)
        companion = by_slug.get(bill.companion) if bill is not None and bill.companion else None
        if state not in standings:
            try:
                standings[state] = campaign.standing(session, state, today)
            except lookup.UnknownJurisdiction:
                standings[state] = None
            seats[state] = campaign.relevant_committee_seats(session, state)
        settings.append(
            Setting(
                official=official,
                standing=standings[state],
                federal_bill=bill,
                criteria=criteria,
                committees=tuple(seats[state].get(official.id, [])),
                campaign_name=name,
                companion=companion,
                variant=position,
            )
        )
    return settings


def load_setting(session: Session, official: Any, today: date) -> Setting:
    """The :class:`Setting` of one official."""
    return load_settings(session, [official], today)[0]


def situation_note(setting: Setting, today: date) -> str:
    """One plain sentence on where things stand, which the recommended message answers."""
    situation, context = setting.context(Sender(), "", today)
    state = context["state"]
    bill = context["bill"]
    federal = setting.office in FEDERAL_OFFICES
    if situation == "pending_bill" and bill:
        where = "in Congress" if federal else f"in {state['name']}"
        companion = f" Its companion is {bill['companion']}." if bill.get("companion") else ""
        return (
            f"{bill['identifier']} ({bill['title']}) is pending {where} "
            f"({bill['stage'].lower()}); it would {bill['aim']}.{companion} "
            "The message asks for support for it."
        )
    if federal:
        chamber = context["official"]["chamber"] or "Congress"
        return (
            f"No bill to end qualified immunity is pending in the {chamber} right now, so "
            "the message asks to introduce or support one."
        )
    if situation == "strengthened":
        return (
            f"{state['Name']} wrote qualified immunity into its own laws. "
            "The message asks to take it back out."
        )
    if situation == "below_max":
        law = state["law"]
        gaps = f" The law should also: {'; '.join(state['gaps'])}." if state["gaps"] else ""
        return (
            f"{state['Name']} has a law that {law['verb']} qualified immunity, "
            f"{law['identifier']}, which scores {state['score']} on the campaign's rubric. "
            f"The message says thank you and asks to close its gaps.{gaps}"
        )
    return (
        f"{state['Name']} has no law that ends or limits qualified immunity and no such bill "
        "pending. The message asks for one."
    )


# --------------------------------------------------------------------------- templates


def template_options(catalog: LetterCatalog, office: str) -> list[LetterTemplate]:
    """Every template written for ``office``, by id."""
    return [t for t in catalog if office in t.offices]


def choose_template(
    catalog: LetterCatalog, office: str, situation: str, channel: str
) -> LetterTemplate | None:
    """The best template for a way of sending (``contact_form`` reads like an email)."""
    return catalog.choose(
        office, situation, TEMPLATE_CHANNEL[channel], length=PREFERRED_LENGTH[channel]
    )


def resolve_template(
    catalog: LetterCatalog, setting: Setting, channel: str, template_id: str | None
) -> LetterTemplate | None:
    """The template asked for, or the best fit when none is.

    :raise UnknownTemplate: when no template has ``template_id``.
    :raise TemplateNotForOffice: when it exists but is written for other offices.
    """
    if template_id:
        template = catalog.get(template_id)
        if setting.office not in template.offices:
            label = presentation.office_label(setting.official.role)
            raise TemplateNotForOffice(
                f"The message “{template.title}” is not written for a {label}: "
                "choose one from the list."
            )
        return template
    return choose_template(catalog, setting.office, setting.situation, channel)


# --------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class Draft:
    """A message as the template writes it for this writer, before their edits.

    ``baseline`` is the same text without the writer's story: the words of the
    final text not found in it are the writer's own.
    """

    template: LetterTemplate | None
    situation: str
    channel: str
    subject: str
    body: str
    placeholders: tuple[str, ...]
    baseline: str

    @property
    def template_id(self) -> str:
        return self.template.id if self.template else OWN_TEMPLATE_ID


def clean_sender(sender: Sender, state: str) -> Sender:
    """The sender with spaces trimmed and a trailing state dropped from the city.

    Templates write ``{city}, {state} {zip}`` with the official's state, so
    ``Sacramento, CA`` typed as the city would print the state twice.
    """
    city = sender.city.strip()
    name = presentation.state_name(state) or state
    for suffix in (state, name):
        pattern = rf"[\s,]+{re.escape(suffix)}\.?$"
        if re.search(pattern, city, re.IGNORECASE) and len(city) > len(suffix) + 1:
            city = re.sub(pattern, "", city, flags=re.IGNORECASE).strip()
            break
    return Sender(
        name=sender.name.strip(),
        address=sender.address.strip(),
        city=city,
        zip=sender.zip.strip(),
        email=sender.email.strip(),
    )


def make_draft(
    setting: Setting,
    template: LetterTemplate | None,
    *,
    sender: Sender,
    story: str,
    channel: str,
    today: date,
) -> Draft:
    """Render ``template`` for the writer (the story and details as plain values)."""
    sender = clean_sender(sender, setting.state)
    situation, context = setting.context(sender, story, today)
    if template is None:
        return Draft(None, situation, channel, DEFAULT_SUBJECT, "", (), "")
    rendered: RenderedLetter = render(template, context)
    _, bare = setting.context(sender, "", today)
    baseline = render(template, bare)
    return Draft(
        template=template,
        situation=situation,
        channel=channel,
        subject=rendered.subject,
        body=rendered.body,
        placeholders=rendered.placeholders,
        baseline=f"{baseline.subject}\n{baseline.body}",
    )


def draft_for(
    catalog: LetterCatalog,
    setting: Setting,
    *,
    sender: Sender,
    story: str,
    channel: str,
    template_id: str | None,
    today: date,
) -> Draft:
    """The draft of the template asked for (or the best fit) for one official.

    :raise UnknownTemplate: see :func:`resolve_template`.
    :raise TemplateNotForOffice: see :func:`resolve_template`.
    """
    template = resolve_template(catalog, setting, channel, template_id)
    return make_draft(setting, template, sender=sender, story=story, channel=channel, today=today)


def call_script(
    catalog: LetterCatalog, setting: Setting, *, sender: Sender, today: date
) -> Draft | None:
    """The best call script for the official, or None when no template fits."""
    template = choose_template(catalog, setting.office, setting.situation, "call")
    if template is None or "call" not in template.channels:
        return None
    return make_draft(setting, template, sender=sender, story="", channel="call", today=today)


# --------------------------------------------------------------------------- the writer's text


def normalize_text(text: str) -> str:
    """Line ends as ``\\n``, no trailing spaces on lines, no blank lines at either end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def is_edited(draft: Draft, subject: str, body: str) -> bool:
    """Whether the text sent differs from a fresh render (beyond spaces at line ends)."""
    return normalize_text(subject) != normalize_text(draft.subject) or normalize_text(
        body
    ) != normalize_text(draft.body)


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (letters and digits, inner apostrophes kept)."""
    return WORD_RE.findall(text.lower())


@dataclass(frozen=True)
class Share:
    """How much of a message is the writer's own words."""

    own: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.own / self.total) if self.total else 0

    @property
    def level(self) -> str:
        """``none``, ``some`` or ``good``: how the meter reads."""
        if self.percent >= GOOD_SHARE:
            return "good"
        return "some" if self.own else "none"

    @property
    def message(self) -> str:
        """What the meter says, for this level."""
        return SHARE_MESSAGES[self.level]

    @property
    def messages(self) -> dict[str, str]:
        """What the meter says at each level (``write.js`` switches between them)."""
        return SHARE_MESSAGES


SHARE_MESSAGES = {
    "none": "This is all template text. It still counts, but a sentence or two about why "
    "this matters to you makes it count for more.",
    "some": "A good start. A sentence or two more about why this matters to you makes your "
    "message count for more.",
    "good": "Great: this is clearly your own message. Offices notice that.",
}


#: A passage borrowed from a talking point counts from this many words in a row.
BORROWED_RUN = 3


def own_words_share(baseline: str, text: str, borrowed: Iterable[str] = ()) -> Share:
    """The words of ``text`` that are the writer's own.

    A word is not the writer's own when it is matched, in order, in the
    template's ``baseline``, or when it belongs to a run of at least
    :data:`BORROWED_RUN` words taken from one of the ``borrowed`` texts (the
    talking points offered beside the message, wherever they were pasted).
    Word sequences are compared with :class:`difflib.SequenceMatcher` without
    its automatic junk heuristic, so the result does not depend on length;
    ``write.js`` computes the same live.
    """
    mine = words(text)
    if not mine:
        return Share(0, 0)
    taken = [False] * len(mine)
    _mark(words(baseline), mine, range(len(mine)), taken, 1)
    for source in borrowed:
        free = [i for i, used in enumerate(taken) if not used]
        if not free:
            break
        _mark(words(source), [mine[i] for i in free], free, taken, BORROWED_RUN)
    return Share(own=taken.count(False), total=len(mine))


def _mark(
    source: list[str], target: list[str], where: Sequence[int], taken: list[bool], run: int
) -> None:
    """Mark as taken the words of ``target`` (at ``where``) matched in ``source``."""
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size >= run:
            for j in range(block.b, block.b + block.size):
                taken[where[j]] = True


# --------------------------------------------------------------------------- sending


def email_links(reach: Reach, subject: str, body: str) -> ComposeLinks | None:
    """mailto, Gmail and Outlook links for the message, or None without an email address."""
    if reach.email is None:
        return None
    return compose_links([reach.email], subject, body)


def sender_lines(sender: Sender, state: str) -> tuple[str, ...]:
    """The writer's name and postal address for the top of a letter (placeholders if missing)."""
    values = sender.as_context()
    return (
        str(values["name"]),
        str(values["address"]),
        f"{values['city']}, {state} {values['zip']}",
    )


def printed_letter(
    setting: Setting, sender: Sender, subject: str, body: str, today: date
) -> letter_pdf.PrintedLetter:
    """The printed letter to one official: sender, date, recipient, subject, body."""
    sender = clean_sender(sender, setting.state)
    return letter_pdf.PrintedLetter(
        sender_lines=sender_lines(sender, setting.state),
        date=presentation.format_date(today),
        recipient_lines=letter_pdf.recipient_lines(setting.official),
        subject=normalize_text(subject),
        body=normalize_text(body) + "\n",
    )


def file_name(official: Any, extension: str) -> str:
    """``letter-to-pat-example.pdf``: ASCII only, safe in a header."""
    ascii_name = unicodedata.normalize("NFKD", official.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return f"letter-to-{slug or 'your-official'}.{extension}"


def count_action(
    session: Session, setting: Setting, *, template_id: str, channel: str, edited: bool, day: date
) -> None:
    """Count one message sent (anonymously: see the module docstring); the caller commits."""
    record_action(
        session,
        template_id=template_id,
        office=setting.office,
        state=setting.state,
        channel=channel,
        edited=edited,
        day=day,
    )


@dataclass(frozen=True)
class Prepared:
    """A message ready to send: the final text and everything built from it."""

    draft: Draft
    reach: Reach
    subject: str
    body: str
    edited: bool
    share: Share
    links: ComposeLinks | None
    call: Draft | None
    letter: letter_pdf.PrintedLetter
    missing: tuple[str, ...]
    placeholders: tuple[str, ...]

    @property
    def story_placeholder(self) -> str | None:
        """The story's placeholder, while it is still in the text."""
        return STORY_PLACEHOLDER if STORY_PLACEHOLDER in self.placeholders else None


def missing_details(sender: Sender) -> tuple[str, ...]:
    """The sender's details not given, by field name (``name``, ``address`` …)."""
    return tuple(key for key in PLACEHOLDERS if not getattr(sender, key).strip())


def prepare(
    catalog: LetterCatalog,
    setting: Setting,
    *,
    sender: Sender,
    story: str,
    channel: str,
    template_id: str | None,
    text: tuple[str, str] | None,
    today: date,
    borrowed: Iterable[str] = (),
) -> Prepared:
    """The message for one official: a fresh draft, or the writer's ``text`` (subject, body).

    :param borrowed: the talking points offered, which do not count as the writer's words.

    :raise UnknownTemplate: see :func:`resolve_template`.
    :raise TemplateNotForOffice: see :func:`resolve_template`.
    """
    draft = draft_for(
        catalog,
        setting,
        sender=sender,
        story=story,
        channel=channel,
        template_id=template_id,
        today=today,
    )
    subject, body = text if text is not None else (draft.subject, draft.body)
    subject, body = normalize_text(subject), normalize_text(body) + "\n"
    reach = reach_for(setting.official)
    call = None
    if channel != "call" and "call" in reach.channels:
        call = call_script(catalog, setting, sender=sender, today=today)
    return Prepared(
        draft=draft,
        reach=reach,
        subject=subject,
        body=body,
        edited=is_edited(draft, subject, body),
        share=own_words_share(draft.baseline, f"{subject}\n{body}", borrowed),
        links=email_links(reach, subject, body) if channel == "email" else None,
        call=call,
        letter=printed_letter(setting, sender, subject, body, today),
        missing=missing_details(sender),
        placeholders=placeholders_in(f"{subject}\n{body}"),
    )


#: Query parameters that bring the writer back to their lookup results.
LOOKUP_PARAMS = ("zip", "state", *lookup.CHAMBERS)


def lookup_params(args: Mapping[str, str]) -> dict[str, str]:
    """The lookup's ZIP code, state and picked districts from ``args``, when well formed.

    Anything else is dropped, so the links built from them carry nothing
    the writer typed on this page.
    """
    params: dict[str, str] = {}
    try:
        params["zip"] = lookup.normalize_zip((args.get("zip") or "")[:10])
    except lookup.InvalidZip:
        return {}
    try:
        params["state"] = lookup.normalize_state((args.get("state") or "")[:20])
    except lookup.UnknownJurisdiction:
        return params
    for chamber in lookup.CHAMBERS:
        value = (args.get(chamber) or "").strip()
        if value and len(value) <= lookup.MAX_DISTRICT_LENGTH:
            if not presentation.has_control_characters(value):
                params[chamber] = value
    return params


# --------------------------------------------------------------------------- all officials


@dataclass(frozen=True)
class Message:
    """One official's message on the all-officials page."""

    setting: Setting
    reach: Reach
    channel: str
    draft: Draft
    links: ComposeLinks | None
    call: Draft | None


def all_messages(
    catalog: LetterCatalog,
    settings: Iterable[Setting],
    *,
    sender: Sender,
    story: str,
    today: date,
) -> list[Message]:
    """For each official, the best message for the channel they offer first."""
    messages = []
    for setting in settings:
        reach = reach_for(setting.official)
        channel = reach.default_channel
        template = choose_template(catalog, setting.office, setting.situation, channel)
        draft = make_draft(
            setting, template, sender=sender, story=story, channel=channel, today=today
        )
        call = None
        if channel != "call" and "call" in reach.channels:
            call = call_script(catalog, setting, sender=sender, today=today)
        messages.append(
            Message(
                setting=setting,
                reach=reach,
                channel=channel,
                draft=draft,
                links=email_links(reach, draft.subject, draft.body),
                call=call,
            )
        )
    return messages


def ids(values: Iterable[str]) -> list[int]:
    """The whole numbers among ``values`` (form values), once each, in order."""
    found: list[int] = []
    for value in values:
        value = (value or "").strip()
        if value.isascii() and value.isdigit() and len(value) <= 18:
            number = int(value)
            if number not in found:
                found.append(number)
    return found


@dataclass(frozen=True)
class AllEntry:
    """One official on the all-officials page."""

    setting: Setting
    reach: Reach
    included: bool
    counted: bool
    message: Message | None


@dataclass(frozen=True)
class AllPage:
    """The all-officials page: every official, and the messages once prepared."""

    entries: tuple[AllEntry, ...]
    prepared: bool

    @property
    def included(self) -> list[AllEntry]:
        return [e for e in self.entries if e.included]

    def message(self, official_id: int) -> Message | None:
        """The prepared message to an official on the page, if any."""
        return next(
            (e.message for e in self.entries if e.setting.official.id == official_id), None
        )


def all_page(
    settings: Sequence[Setting],
    *,
    included: Sequence[int] | None,
    counted: Sequence[int],
    catalog: LetterCatalog | None = None,
    sender: Sender | None = None,
    story: str = "",
    today: date | None = None,
) -> AllPage:
    """The page for ``settings``; with a ``catalog``, the included officials' messages too.

    :param included: the officials' ids to write to; None for everyone.
    :param counted: the ids whose message was already counted as sent.
    """
    chosen = [s for s in settings if included is None or s.official.id in included]
    messages: dict[int, Message] = {}
    if catalog is not None and chosen:
        drafts = all_messages(
            catalog, chosen, sender=sender or Sender(), story=story, today=today or date.today()
        )
        messages = {m.setting.official.id: m for m in drafts}
    entries = tuple(
        AllEntry(
            setting=s,
            reach=reach_for(s.official),
            included=included is None or s.official.id in included,
            counted=s.official.id in counted,
            message=messages.get(s.official.id),
        )
        for s in settings
    )
    return AllPage(entries=entries, prepared=catalog is not None)


def all_letters(
    catalog: LetterCatalog,
    settings: Sequence[Setting],
    *,
    sender: Sender,
    story: str,
    today: date,
) -> list[tuple[Setting, Draft, letter_pdf.PrintedLetter]]:
    """A printed letter per official, each from their own best letter template.

    :raise ValueError: for more than :data:`letter_pdf.MAX_LETTERS` officials.
    """
    if len(settings) > letter_pdf.MAX_LETTERS:
        raise ValueError(f"at most {letter_pdf.MAX_LETTERS} letters at once")
    letters = []
    for setting in settings:
        template = choose_template(catalog, setting.office, setting.situation, "letter")
        draft = make_draft(
            setting, template, sender=sender, story=story, channel="letter", today=today
        )
        letters.append(
            (setting, draft, printed_letter(setting, sender, draft.subject, draft.body, today))
        )
    return letters


# --------------------------------------------------------------------------- the API


class InvalidRequest(ValueError):
    """A render request that cannot be used; ``code`` is the API's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


SENDER_KEYS = tuple(PLACEHOLDERS)
REQUEST_KEYS = ("official_id", "template_id", "channel", "sender", "story")


@dataclass(frozen=True)
class RenderRequest:
    """What ``POST /api/v1/letters/render`` asks for, checked."""

    official_id: int
    template_id: str | None = None
    channel: str | None = None
    sender: Sender = field(default_factory=Sender)
    story: str = ""

    @classmethod
    def from_json(cls, payload: object) -> RenderRequest:
        """Check the types and lengths of a decoded JSON body.

        :raise InvalidRequest: naming the first problem.
        """
        if not isinstance(payload, dict):
            raise InvalidRequest("invalid_body", "The body must be a JSON object.")
        unknown = sorted(set(payload) - set(REQUEST_KEYS))
        if unknown:
            raise InvalidRequest(
                "invalid_parameter",
                f"Unknown field “{str(unknown[0])[:40]}”. Fields: {', '.join(REQUEST_KEYS)}.",
            )
        official_id = payload.get("official_id")
        if isinstance(official_id, bool) or not isinstance(official_id, int) or official_id < 0:
            raise InvalidRequest(
                "invalid_parameter", "official_id must be a whole number (an official's id)."
            )
        template_id = _optional_string(payload, "template_id", 80)
        channel = _optional_string(payload, "channel", 20)
        if channel is not None and channel not in CHANNELS:
            raise InvalidRequest(
                "invalid_parameter", f"channel must be one of: {', '.join(CHANNELS)}."
            )
        raw_sender = payload.get("sender")
        if raw_sender is None:
            raw_sender = {}
        if not isinstance(raw_sender, dict):
            raise InvalidRequest("invalid_parameter", "sender must be an object.")
        unknown = sorted(set(raw_sender) - set(SENDER_KEYS))
        if unknown:
            raise InvalidRequest(
                "invalid_parameter",
                f"Unknown sender field “{str(unknown[0])[:40]}”. "
                f"Fields: {', '.join(SENDER_KEYS)}.",
            )
        values = {
            key: _optional_string(raw_sender, key, SENDER_LIMITS[key], f"sender.{key}") or ""
            for key in SENDER_KEYS
        }
        if values["email"] and presentation.valid_email(values["email"]) is None:
            # The same rule as the web form's (outreach.letters.forms.SenderForm.validate_email).
            raise InvalidRequest(
                "invalid_parameter",
                "sender.email does not look like an email address: use the form "
                "name@example.com, or leave it out.",
            )
        story = _optional_string(payload, "story", STORY_LIMIT, multiline=True) or ""
        return cls(
            official_id=official_id,
            template_id=template_id,
            channel=channel,
            sender=Sender(**values),
            story=story,
        )


def _optional_string(
    data: Mapping[str, object],
    key: str,
    limit: int,
    label: str | None = None,
    *,
    multiline: bool = False,
) -> str | None:
    label = label or key
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRequest("invalid_parameter", f"{label} must be a string.")
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > limit:
        raise InvalidRequest(
            "value_too_long", f"{label} is too long: at most {limit:,} characters."
        )
    if has_bad_characters(value, multiline=multiline):
        raise InvalidRequest(
            "invalid_parameter", f"{label} contains control or invisible characters."
        )
    return value


def has_bad_characters(value: str, *, multiline: bool = False) -> bool:
    """Control characters, except line breaks and tabs in multi-line text."""
    if multiline:
        value = value.replace("\n", "").replace("\t", "")
    return presentation.has_control_characters(value)


@dataclass(frozen=True)
class ApiRender:
    """The answer of ``POST /api/v1/letters/render``."""

    official_id: int
    channel: str
    draft: Draft
    reach: Reach
    links: ComposeLinks | None


def api_render(
    catalog: LetterCatalog, setting: Setting, request: RenderRequest, today: date
) -> ApiRender:
    """Render the message a render request asks for.

    :raise UnknownTemplate: for an unknown ``template_id``.
    :raise TemplateNotForOffice: for a template of other offices.
    """
    reach = reach_for(setting.official)
    channel = request.channel or reach.default_channel
    draft = draft_for(
        catalog,
        setting,
        sender=request.sender,
        story=request.story,
        channel=channel,
        template_id=request.template_id,
        today=today,
    )
    return ApiRender(
        official_id=request.official_id,
        channel=channel,
        draft=draft,
        reach=reach,
        links=email_links(reach, draft.subject, draft.body),
    )
