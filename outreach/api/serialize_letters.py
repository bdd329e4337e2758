"""Turn letter templates and rendered letters into JSON-ready dicts for the API.

Pure functions like :mod:`outreach.api.serialize`; the shapes are the ones
documented in ``outreach/api/openapi.yaml``: change both together.
"""

from __future__ import annotations

from outreach.api.serialize import JSON
from outreach.letters.api_requests import ApiRender
from outreach.letters.catalog import LetterCatalog, LetterTemplate


def letter_template(template: LetterTemplate) -> JSON:
    """Where a letter template fits: ``GET /letters/templates``."""
    return {
        "id": template.id,
        "title": template.title,
        "language": template.language,
        "channels": list(template.channels),
        "offices": list(template.offices),
        "situations": list(template.situations),
        "length": template.length,
    }


def letter_templates(catalog: LetterCatalog) -> JSON:
    """The answer of ``GET /letters/templates``: every template, by id."""
    return {"templates": [letter_template(t) for t in catalog]}


def rendered_letter(rendered: ApiRender) -> JSON:
    """The answer of ``POST /letters/render``: the text and the links that send it.

    ``mailto`` (and ``gmail``, ``outlook``) are null when the official has no
    email address or the message is too long for such a link.
    """
    draft = rendered.draft
    links = rendered.links
    return {
        "official_id": rendered.official_id,
        "template_id": draft.template_id,
        "situation": draft.situation,
        "channel": rendered.channel,
        "subject": draft.subject,
        "body": draft.body,
        "placeholders": list(draft.placeholders),
        "to": rendered.reach.email,
        "mailto": links.mailto if links else None,
        "gmail": links.gmail if links else None,
        "outlook": links.outlook if links else None,
        "contact_form": rendered.reach.contact_form,
        "phones": [phone.number for phone in rendered.reach.phones],
    }
