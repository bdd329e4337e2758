"""The page that writes to all of one's officials at once: one message per official."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from outreach.letters import pdf as letter_pdf
from outreach.letters.catalog import (
    LetterCatalog,
)
from outreach.letters.channels import Reach, email_links, reach_for
from outreach.letters.compose_links import ComposeLinks
from outreach.letters.context import (
    Sender,
)
from outreach.letters.drafts import Draft, call_script, choose_template, make_draft
from outreach.letters.sending import printed_letter
from outreach.letters.situations import Setting

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
