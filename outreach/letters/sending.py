"""Getting a written message out: the links that send it, the printed letter, the count.

The only thing ever written is an anonymous count (:func:`count_action`):
template, office kind, state, channel, whether the text was edited, and the
day. Nothing here stores or logs what people type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from outreach.directory import checks, errors, jurisdictions, lookup
from outreach.directory import labels as presentation
from outreach.letters import pdf as letter_pdf
from outreach.letters.action_counts import record_action
from outreach.letters.catalog import (
    LetterCatalog,
    placeholders_in,
)
from outreach.letters.channels import Reach, email_links, reach_for
from outreach.letters.compose_links import ComposeLinks
from outreach.letters.context import (
    PLACEHOLDERS,
    STORY_PLACEHOLDER,
    Sender,
)
from outreach.letters.drafts import (
    Draft,
    call_script,
    clean_sender,
    draft_for,
)
from outreach.letters.officials import LetterOfficial
from outreach.letters.own_words import Share, is_edited, normalize_text, own_words_share
from outreach.letters.situations import Setting


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


def file_name(official: LetterOfficial, extension: str) -> str:
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
LOOKUP_PARAMS = ("zip", "state", *jurisdictions.CHAMBERS)


def lookup_params(args: Mapping[str, str]) -> dict[str, str]:
    """The lookup's ZIP code, state and picked districts from ``args``, when well formed.

    Anything else is dropped, so the links built from them carry nothing
    the writer typed on this page.
    """
    params: dict[str, str] = {}
    try:
        params["zip"] = lookup.normalize_zip((args.get("zip") or "")[:10])
    except errors.InvalidZip:
        return {}
    try:
        params["state"] = lookup.normalize_state((args.get("state") or "")[:20])
    except errors.UnknownJurisdiction:
        return params
    for chamber in jurisdictions.CHAMBERS:
        value = (args.get(chamber) or "").strip()
        if (
            value
            and len(value) <= checks.MAX_DISTRICT_LENGTH
            and not checks.has_control_characters(value)
        ):
            params[chamber] = value
    return params
