"""What an official's web form will ask, in order, with the writer's values.

The directory keeps, for each form, the values it takes (``$NAME_FIRST``,
``$ADDRESS_ZIP4``, ``$TOPIC``…), which are required and the options of its
topic list (see ``importers.contact_forms``). This module turns that into the
steps the write page shows beside "Open their form": each field's label, the
writer's value when they gave it (to copy), fields the form requires that our
page did not ask for (asked on the page, never sent to the server), and a
topic chosen from the form's own options by the message's subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from outreach.directory import contact_links
from outreach.letters.context import Sender
from outreach.letters.officials import LetterOfficial

if TYPE_CHECKING:
    from outreach.letters.forms import WriteForm

#: Labels of the values a form takes, as our page words them.
LABELS = {
    "NAME_PREFIX": "Prefix",
    "NAME_PREFIX_NO_PERIOD": "Prefix",
    "NAME_FIRST": "First name",
    "NAME_LAST": "Last name",
    "NAME_FULL": "Full name",
    "ADDRESS_STREET": "Street address",
    "ADDRESS_CITY": "City",
    "ADDRESS_ZIP5": "ZIP code",
    "ADDRESS_ZIP4": "ZIP+4",
    "EMAIL": "Email",
    "PHONE": "Phone",
    "SUBJECT": "Subject",
    "MESSAGE": "Message",
    "TOPIC": "Topic",
}
#: Values our page asks for only when a form requires them; they are never stored.
EXTRA = {
    "NAME_PREFIX": "prefix",
    "NAME_PREFIX_NO_PERIOD": "prefix",
    "ADDRESS_ZIP4": "zip4",
    "PHONE": "phone",
}
#: Words in a message that say what it is about, and the topic words that fit it,
#: best first. The campaign writes about qualified immunity: courts, civil rights,
#: policing.
MESSAGE_WORDS = (
    "qualified immunity",
    "police",
    "policing",
    "law enforcement",
    "civil rights",
    "court",
    "justice",
    "accountab",
)
TOPIC_WORDS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bjudicia",
        r"\bcivil rights",
        r"\bcivil liberties",
        r"\blaw enforcement",
        r"\bpolic(e|ing)\b",
        r"\bcrim(e|inal)",
        r"\bjustice\b",
        r"\bpublic safety",
        r"\bcourts?\b",
        r"\blegal\b",
        r"\bconstitution",
        r"\bhuman rights",
        r"\bcivil\b",
        r"\blaw\b",
    )
)
#: A form's catch-all topic, when none of its topics fits the message, best first.
OTHER = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bothers?\b",
        r"^general\b",
        r"^misc",
        r"\blegislati",
        r"\bpolicy\b",
        r"^social issues$",
    )
)


@dataclass(frozen=True)
class Topic:
    """The option to choose, and whether it fits the message or is the form's "Other"."""

    option: str
    fits: bool


@dataclass(frozen=True)
class Step:
    """One value the form asks for, in its order."""

    variable: str
    label: str
    required: bool
    value: str = ""  # the writer's value, when given on our page
    extra: str | None = None  # asked on our page (prefix, zip4, phone), never stored


@dataclass(frozen=True)
class Guidance:
    """The form's steps, its topic choice and what it shows."""

    steps: tuple[Step, ...]
    topic: Topic | None
    captcha: bool
    two_step: bool

    @property
    def extras(self) -> tuple[Step, ...]:
        """Required values our page asks for before the writer leaves."""
        return tuple(s for s in self.steps if s.extra and s.required)


def suggest_topic(options: list[str], text: str) -> Topic | None:
    """The form option closest to a message about ``text``.

    A topic that fits (judiciary, civil rights, law enforcement, crime, justice…),
    else the form's catch-all ("Other", "General"…), else None.
    """
    if not options:
        return None
    lowered = text.lower()
    if any(word in lowered for word in MESSAGE_WORDS):
        for pattern in TOPIC_WORDS:
            for option in options:
                if pattern.search(option):
                    return Topic(option, True)
    for pattern in OTHER:
        for option in options:
            if pattern.search(option):
                return Topic(option, False)
    return None


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name, ""
    return " ".join(parts[:-1]), parts[-1]


def guide(
    fields: dict[str, Any] | None, sender: Sender, subject: str, body: str
) -> Guidance | None:
    """The steps of a form described by ``fields`` (``contact_form_fields``), or None."""
    if not fields or not fields.get("fields"):
        return None
    first, last = _split_name(sender.name.strip())
    zip5 = sender.zip.split("-")[0] if sender.zip else ""
    values = {
        "NAME_FIRST": first,
        "NAME_LAST": last,
        "NAME_FULL": sender.name,
        "ADDRESS_STREET": sender.address,
        "ADDRESS_CITY": sender.city,
        "ADDRESS_ZIP5": zip5,
        "EMAIL": sender.email,
        "SUBJECT": subject,
        "MESSAGE": body,
    }
    topic = suggest_topic(list(fields.get("topic_options") or []), f"{subject}\n{body}")
    steps = []
    for item in fields["fields"]:
        variable = item["variable"]
        label = LABELS.get(variable)
        if label is None:
            continue
        value = topic.option if variable == "TOPIC" and topic else values.get(variable, "")
        steps.append(
            Step(variable, label, bool(item["required"]), value or "", EXTRA.get(variable))
        )
    return Guidance(tuple(steps), topic, bool(fields.get("captcha")), bool(fields.get("two_step")))


#: The House's own service that leads a writer to their representative's form.
HOUSE_FIND_URL = "https://www.house.gov/representatives/find-your-representative"


def page_context(official: LetterOfficial, form: WriteForm) -> dict[str, object]:
    """The write page's form guidance: ``form_guide`` and ``house_form_url``.

    :param official: the person written to (a model row or a read-only view).
    :param form: the write form, for the writer's details, subject and message.
    """
    fields = getattr(official, "contact_form_fields", None)
    has_form = contact_links.safe_url(official.contact_form_url) is not None
    guidance = (
        guide(fields, form.sender, form.subject.data or "", form.body.data or "")
        if has_form
        else None
    )
    role = official.role
    house = (
        HOUSE_FIND_URL
        if not has_form and role is not None and role.office == "us_representative"
        else None
    )
    return {"form_guide": guidance, "house_form_url": house}
