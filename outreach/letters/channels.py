"""The ways to reach an official: the channels, their labels, and what an official offers.

Email, the official's web contact form, a phone call, a printed letter; each
channel takes its own letter template kind and length. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from outreach.directory import contact_links
from outreach.directory import labels as presentation
from outreach.letters.compose_links import ComposeLinks, compose_links
from outreach.letters.officials import LetterOfficial

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


def reach_for(official: LetterOfficial) -> Reach:
    """The valid email, the http(s) contact form and the phone numbers of an official.

    Like the official's card, a URL published in the email column is taken
    for the contact form when there is no valid email address.
    """
    email = contact_links.valid_email(official.email)
    form = contact_links.safe_url(official.contact_form_url)
    if form is None and email is None:
        form = contact_links.safe_url(official.email)
    phones: list[Phone] = []
    seen: set[str] = set()
    for office in official.offices:
        if not office.phone or office.phone in seen:
            continue
        seen.add(office.phone)
        phones.append(
            Phone(
                number=contact_links.format_phone(office.phone),
                href=contact_links.tel_href(office.phone),
                office=presentation.contact_office_label(office),
            )
        )
    return Reach(email=email, contact_form=form, phones=tuple(phones))


# --------------------------------------------------------------------------- sending


def email_links(reach: Reach, subject: str, body: str) -> ComposeLinks | None:
    """mailto, Gmail and Outlook links for the message, or None without an email address."""
    if reach.email is None:
        return None
    return compose_links([reach.email], subject, body)
