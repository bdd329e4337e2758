"""The letter API's requests: validating a render request and rendering it.

An invalid request raises :class:`InvalidRequest` listing what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from outreach.directory import contact_links
from outreach.letters.catalog import (
    LetterCatalog,
)
from outreach.letters.channels import CHANNELS, Reach, email_links, reach_for
from outreach.letters.compose_links import ComposeLinks
from outreach.letters.context import (
    PLACEHOLDERS,
    SENDER_LIMITS,
    STORY_LIMIT,
    Sender,
)
from outreach.letters.drafts import Draft, draft_for, has_bad_characters
from outreach.letters.situations import Setting

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
        if values["email"] and contact_links.valid_email(values["email"]) is None:
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
