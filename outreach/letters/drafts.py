"""A letter's draft: the template for the office, the situation and the channel, filled in.

The writer's details and story are cleaned first; nothing here stores or logs
what people type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from outreach.directory import checks
from outreach.directory import labels as presentation
from outreach.letters.catalog import (
    LetterCatalog,
    LetterTemplate,
    RenderedLetter,
    render,
)
from outreach.letters.channels import PREFERRED_LENGTH, TEMPLATE_CHANNEL
from outreach.letters.context import (
    Sender,
)
from outreach.letters.situations import Setting

SUBJECT_LIMIT = 300
BODY_LIMIT = 20000
#: Used when no template fits: the writer writes the whole message.
OWN_TEMPLATE_ID = "own-words"
DEFAULT_SUBJECT = "Please end qualified immunity"


class TemplateNotForOffice(ValueError):
    """A template that exists but is not written for the official's office."""


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


def has_bad_characters(value: str, *, multiline: bool = False) -> bool:
    """Control characters, except line breaks and tabs in multi-line text."""
    if multiline:
        value = value.replace("\n", "").replace("\t", "")
    return checks.has_control_characters(value)
