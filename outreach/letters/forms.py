"""Forms of the write pages: POST forms with CSRF tokens (Flask-WTF).

The writer's details and story are optional: a missing detail shows in the
message as a visible placeholder such as ``[your street address]``, and the
page says what is missing. What is refused (with a message next to the
field, and status 400) is text that is too long, control characters, an
email address or ZIP code that cannot be one, and a channel the official
does not offer. Nothing typed here is stored: the forms only carry it to the
service that writes the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    EmailField,
    Field,
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms
from wtforms.validators import StopValidation, ValidationError

from outreach.directory import contact_links, errors, lookup
from outreach.letters.catalog import LetterTemplate
from outreach.letters.channels import CHANNEL_LABELS
from outreach.letters.context import SENDER_LIMITS, STORY_LIMIT, Sender
from outreach.letters.drafts import BODY_LIMIT, SUBJECT_LIMIT, has_bad_characters

CHANNEL_WORDS = {"email": "email", "letter": "letter", "call": "call script"}


def one_line(value: object) -> object:
    """Field filter: trim surrounding spaces."""
    return value.strip() if isinstance(value, str) else value


def multi_line(value: object) -> object:
    """Field filter: line ends as ``\\n`` (browsers send ``\\r\\n``), outer blank lines dropped."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return value


class Text:
    """Stop validation of text over ``limit`` characters or with control characters."""

    def __init__(self, limit: int, what: str, *, multiline: bool = False) -> None:
        self.limit, self.what, self.multiline = limit, what, multiline

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data or ""
        if len(value) > self.limit:
            raise StopValidation(
                f"{self.what} is too long: at most {self.limit:,} characters "
                f"(you have {len(value):,})."
            )
        if has_bad_characters(value, multiline=self.multiline):
            raise StopValidation(
                "Remove the invisible or control characters from this field and try again."
            )


def _attrs(limit: int, **extra: object) -> dict[str, object]:
    return {"maxlength": limit, **extra}


class SenderForm(FlaskForm):  # type: ignore[misc]  # flask_wtf has no type hints
    """The writer's details and story, shared by the one-official and all-officials pages."""

    name = StringField(
        "Your name",
        filters=[one_line],
        validators=[Text(SENDER_LIMITS["name"], "Your name")],
        description="Offices answer, and count, people by name.",
        render_kw=_attrs(SENDER_LIMITS["name"], autocomplete="name"),
    )
    address = StringField(
        "Street address",
        filters=[one_line],
        validators=[Text(SENDER_LIMITS["address"], "The street address")],
        description="Offices count only their constituents: your address shows you live "
        "in their district.",
        render_kw=_attrs(SENDER_LIMITS["address"], autocomplete="street-address"),
    )
    city = StringField(
        "City or town",
        filters=[one_line],
        validators=[Text(SENDER_LIMITS["city"], "The city")],
        description="The state is added from your official’s state.",
        render_kw=_attrs(SENDER_LIMITS["city"], autocomplete="address-level2"),
    )
    zip = StringField(
        "ZIP code",
        filters=[one_line],
        validators=[Text(SENDER_LIMITS["zip"], "The ZIP code")],
        description="Offices sort mail by ZIP code to find their constituents.",
        render_kw=_attrs(
            SENDER_LIMITS["zip"], autocomplete="postal-code", inputmode="numeric", size=10
        ),
    )
    email = EmailField(
        "Your email address",
        filters=[one_line],
        validators=[Text(SENDER_LIMITS["email"], "The email address")],
        description="So the office can write back to you.",
        render_kw=_attrs(SENDER_LIMITS["email"], autocomplete="email", spellcheck="false"),
    )
    story = TextAreaField(
        "Your story (optional, but it matters most)",
        filters=[multi_line],
        validators=[Text(STORY_LIMIT, "Your story", multiline=True)],
        description=f"A sentence or two on why this matters to you: something that happened "
        f"to you or someone you know, your work, your town. Up to {STORY_LIMIT:,} characters.",
        render_kw=_attrs(STORY_LIMIT, rows=5),
    )

    def validate_zip(self, field: Field) -> None:
        if field.data:
            try:
                field.data = lookup.normalize_zip(field.data)
            except errors.InvalidZip as exc:
                raise ValidationError(str(exc)) from exc

    def validate_email(self, field: Field) -> None:
        if field.data and contact_links.valid_email(field.data) is None:
            raise ValidationError(
                "That does not look like an email address: use the form name@example.com, "
                "or leave it empty."
            )

    @property
    def sender(self) -> Sender:
        """The details as typed (after the filters), for the service."""
        return Sender(
            name=self.name.data or "",
            address=self.address.data or "",
            city=self.city.data or "",
            zip=self.zip.data or "",
            email=self.email.data or "",
        )

    @property
    def sender_fields(self) -> list[Field]:
        return [self.name, self.address, self.city, self.zip, self.email]


def template_label(template: LetterTemplate) -> str:
    words = [CHANNEL_WORDS[c] for c in template.channels]
    return f"{template.title} ({' or '.join(words)})"


class WriteForm(SenderForm):
    """The message to one official: how to send it, which template, details, the text."""

    channel = RadioField("How do you want to reach them?", validate_choice=False)
    template = SelectField("Message", validate_choice=False, default="")
    #: Talking points the writer wants in the draft instead of the ones chosen for them.
    arguments = SelectMultipleField("Points to use", validate_choice=False, default=[])
    subject = StringField(
        "Subject",
        filters=[one_line],
        validators=[Text(SUBJECT_LIMIT, "The subject")],
        render_kw=_attrs(SUBJECT_LIMIT, spellcheck="true"),
    )
    body = TextAreaField(
        "Your message",
        filters=[multi_line],
        validators=[Text(BODY_LIMIT, "The message", multiline=True)],
        render_kw=_attrs(BODY_LIMIT, rows=18, spellcheck="true"),
    )

    def __init__(
        self,
        formdata: MultiDict[str, str] | None = None,
        *,
        channels: Sequence[str],
        templates: Sequence[LetterTemplate],
        situation: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(formdata, **kwargs)
        self.channel.choices = [(c, CHANNEL_LABELS[c]) for c in channels]
        if not self.channel.data or self.channel.data == "None":
            self.channel.data = channels[0]
        fitting = [t for t in templates if situation in t.situations]
        others = [t for t in templates if situation not in t.situations]
        self.template.choices = {
            "": [SelectChoice("", "Recommended: the best fit")],
            "Written for where things stand now": [
                SelectChoice(t.id, template_label(t)) for t in fitting
            ],
            "Other messages": [SelectChoice(t.id, template_label(t)) for t in others],
        }
        self.template_ids = {t.id for t in templates}

    def validate_channel(self, field: SelectField) -> None:
        choices = cast("list[tuple[str, str]]", field.choices)
        if field.data not in {value for value, _ in choices}:
            raise ValidationError("Choose one of the ways this official can be reached.")

    @property
    def has_text(self) -> bool:
        """Whether the form carries a message already (edited or not)."""
        return bool((self.body.data or "").strip())


class WriteAllForm(SenderForm):
    """The messages to every official of a place: the details and story shared by all.

    Which officials are included comes as repeated ``official`` values (read by the view).
    """
