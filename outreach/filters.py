"""Jinja filters and template globals.

Everything here turns directory data into text or links for the pages:
phone numbers and ``tel:`` links, district and office labels, party names,
dates, social profile links. Values come from public data sets, so every
function tolerates missing or odd input and never builds a link from a URL
that is not http(s).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import quote, urlsplit

from flask import Flask, request
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import DirectorySync, OfficeKind, Role
from .services import jurisdictions, lookup

# --------------------------------------------------------------------------- phones

_EXTENSION_RE = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d+)\s*$", re.IGNORECASE)


def _split_phone(raw: str | None) -> tuple[str, str]:
    """``("202-225-3121", "12")`` from ``"202-225-3121 ext. 12"``: digits, extension."""
    value = (raw or "").strip()
    ext = ""
    match = _EXTENSION_RE.search(value)
    if match:
        ext = match.group(1)
        value = value[: match.start()]
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits, ext


def format_phone(raw: str | None) -> str:
    """``(916) 555-0100`` for a U.S. number; anything else as published."""
    digits, ext = _split_phone(raw)
    if len(digits) != 10:
        return (raw or "").strip()
    text = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return f"{text} ext. {ext}" if ext else text


def tel_href(raw: str | None) -> str | None:
    """``tel:+19165550100`` (digits only, with the country code), or None."""
    digits, ext = _split_phone(raw)
    if not digits or len(digits) < 7:
        return None
    href = f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"
    return f"{href};ext={ext}" if ext else href


# --------------------------------------------------------------------------- links

_EMAIL_RE = re.compile(r"^[^@\s<>\"'(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def valid_email(raw: str | None) -> str | None:
    """The address when it looks deliverable (the data has a few broken ones)."""
    value = (raw or "").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    return value if _EMAIL_RE.match(value) else None


def mailto_href(raw: str | None) -> str | None:
    email = valid_email(raw)
    return f"mailto:{quote(email, safe='@.+-_')}" if email else None


def safe_url(raw: str | None) -> str | None:
    """An http(s) URL fit for an ``href`` (``www.x.org`` gains https://), or None."""
    value = (raw or "").strip()
    if not value or any(c.isspace() for c in value) or len(value) > 2000:
        return None
    if "://" not in value and re.match(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/|$)", value):
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return value


def url_host(raw: str | None) -> str:
    """``senate.gov`` from ``https://www.senate.gov/contact``, for link text."""
    url = safe_url(raw)
    if not url:
        return ""
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


# --------------------------------------------------------------------------- social

SOCIAL_LABELS = {
    "twitter": "X (Twitter)",
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "youtube_id": "YouTube",
    "youtube_channel": "YouTube",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "tiktok": "TikTok",
    "linkedin": "LinkedIn",
}
_SOCIAL_URLS = {
    "twitter": "https://x.com/{}",
    "x": "https://x.com/{}",
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "bluesky": "https://bsky.app/profile/{}",
    "threads": "https://www.threads.net/@{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "linkedin": "https://www.linkedin.com/in/{}",
}
_HANDLE_RE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def social_label(platform: str | None) -> str:
    key = (platform or "").lower()
    return SOCIAL_LABELS.get(key, key.replace("_", " ").title())


def social_url(account) -> str | None:
    """The profile URL of a :class:`SocialAccount` (None when it cannot be built)."""
    platform = (account.platform or "").lower()
    handle = (account.handle or "").strip()
    if handle.lower().startswith(("http://", "https://")):
        return safe_url(handle)
    if platform == "mastodon":
        match = re.match(r"^@?([A-Za-z0-9_.-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$", handle)
        return f"https://{match.group(2)}/@{match.group(1)}" if match else None
    handle = handle.lstrip("@")
    if not _HANDLE_RE.match(handle):
        return None
    if platform in {"youtube", "youtube_id", "youtube_channel"}:
        channel = handle.startswith("UC") and len(handle) == 24
        if platform in {"youtube_id", "youtube_channel"} or channel:
            return f"https://www.youtube.com/channel/{handle}"
        return f"https://www.youtube.com/user/{handle}"
    template = _SOCIAL_URLS.get(platform)
    return template.format(handle) if template else None


def social_handle(account) -> str:
    """How to show the account: ``@name`` for handles, the host for URLs."""
    handle = (account.handle or "").strip()
    if handle.lower().startswith(("http://", "https://")):
        return url_host(handle) or handle
    if (account.platform or "").lower() in {"youtube_id", "youtube_channel"}:
        return "Channel"
    if (account.platform or "").lower() == "mastodon":
        return handle if handle.startswith("@") else f"@{handle}"
    return f"@{handle.lstrip('@')}"


def unique_social(accounts) -> list:
    """Drop a YouTube channel id when a YouTube name for the same person exists."""
    platforms = {(a.platform or "").lower() for a in accounts}
    channel_ids = {"youtube_id", "youtube_channel"}
    return [
        a
        for a in accounts
        if not ((a.platform or "").lower() in channel_ids and "youtube" in platforms)
    ]


# --------------------------------------------------------------------------- offices

_STATEWIDE = lookup.STATEWIDE_OFFICES
_NUMBERED_DISTRICT = re.compile(r"^(\d+)([A-Za-z]{0,2})$")
_LETTERED_DISTRICT = re.compile(r"^[A-Za-z]{1,2}$")


def district_label(value) -> str:
    """``District 12``, ``District 21A``, ``At-large``, ``Ward 1``, ``Hillsborough 12``.

    Accepts a :class:`Role` or a district string.
    """
    if isinstance(value, Role):
        if value.office in {OfficeKind.US_SENATOR.value, *[k.value for k in _STATEWIDE]}:
            return ""
        value = value.district
    text = (value or "").strip()
    if not text:
        return ""
    low = text.lower()
    if low in {"0", "00", "at-large", "at large", "al"}:
        return "At-large"
    if low == "chairman":
        return "At-large (Chairman)"
    match = _NUMBERED_DISTRICT.match(text)
    if match:
        return f"District {int(match.group(1))}{match.group(2).upper()}"
    if _LETTERED_DISTRICT.match(text):
        return f"District {text.upper()}"
    return text


_LOWER_CHAMBERS = {
    "CA": "State Assembly",
    "NV": "State Assembly",
    "NY": "State Assembly",
    "WI": "State Assembly",
    "NJ": "General Assembly",
    "MD": "House of Delegates",
    "VA": "House of Delegates",
    "WV": "House of Delegates",
    "PR": "House of Representatives",
}


def chamber_name(chamber: str | None, state: str | None = None) -> str:
    """The name of a legislative chamber: ``State Senate``, ``State Assembly``…"""
    state = (state or "").upper()
    if chamber == "upper":
        return "Senate" if state == "PR" else "State Senate"
    if chamber == "lower":
        return _LOWER_CHAMBERS.get(state, "State House")
    if chamber == "legislature":
        return {"DC": "Council", "NE": "Legislature"}.get(state, "Legislature")
    return (chamber or "").title()


def role_chamber(role: Role | None) -> str:
    """The chamber an office sits in: ``U.S. Senate``, ``State Assembly``…; else ``""``."""
    if role is None:
        return ""
    if role.office == OfficeKind.US_SENATOR.value:
        return "U.S. Senate"
    if role.office == OfficeKind.US_REPRESENTATIVE.value:
        return "U.S. House of Representatives"
    if role.chamber in lookup.CHAMBERS:
        return chamber_name(role.chamber, role.jurisdiction_abbr)
    return ""


def office_label(role: Role | None) -> str:
    """``U.S. Senator``, ``Delegate``, ``Councilmember``, ``Assemblymember``…"""
    if role is None:
        return ""
    state = role.jurisdiction_abbr
    office = role.office
    if office == OfficeKind.US_REPRESENTATIVE.value:
        if state == "PR":
            return "Resident Commissioner"
        info = jurisdictions.JURISDICTIONS.get(state)
        if info is not None and info.kind != "state":
            return "Delegate to the U.S. House"
    if office == OfficeKind.GOVERNOR.value and state == "DC":
        return "Mayor"
    if office == OfficeKind.STATE_LEGISLATOR.value:
        if state == "DC":
            if (role.district or "").lower() == "chairman":
                return "Council Chairman"
            return "Councilmember"
        if state == "NE":
            return "State Senator"
    if office == OfficeKind.STATE_REPRESENTATIVE.value:
        lower = _LOWER_CHAMBERS.get(state, "")
        if lower == "State Assembly":
            return "Assemblymember"
        if lower == "House of Delegates":
            return "Delegate"
        if lower == "General Assembly":
            return "Member of the General Assembly"
    try:
        return OfficeKind(office).label
    except ValueError:
        return (office or "").replace("_", " ").title()


_OFFICE_KINDS = {
    "capitol": "Capitol office",
    "district": "District office",
    "capitol-mail": "Capitol mailing address",
    "district-mail": "District mailing address",
    "primary": "Main office",
    "home": "Home office",
}


def contact_office_label(office) -> str:
    """``Washington, DC office``, ``District office: Fresno``, or the published label."""
    if office.label:
        return office.label
    kind = (office.kind or "").lower()
    federal = office.person is not None and office.person.role is not None
    federal = federal and office.person.role.office in {
        OfficeKind.US_SENATOR.value,
        OfficeKind.US_REPRESENTATIVE.value,
    }
    if kind == "capitol" and federal:
        return "Washington, DC office"
    label = _OFFICE_KINDS.get(kind, kind.replace("-", " ").capitalize() or "Office")
    if kind == "district" and office.city:
        return f"{label}: {office.city}"
    return label


def address_lines(office) -> list[str]:
    """The postal address of a :class:`ContactOffice`, line by line."""
    if office.address and not (office.street and office.city):
        parts = [office.address]
    else:
        place = ", ".join(p for p in [office.city, office.state] if p)
        zip_code = (office.zip or "").strip().rstrip("-")
        if zip_code:
            place = f"{place} {zip_code}".strip()
        parts = [office.street or "", place]
    lines = []
    for part in parts:
        lines.extend(re.split(r"\s*(?:\n|;)\s*", part.strip()))
    return [line for line in lines if line]


def state_name(abbr: str | None) -> str:
    info = jurisdictions.get(abbr or "")
    return info.name if info else (abbr or "")


def seat_label(role: Role | None) -> str:
    """``California, District 12`` or ``California``: where the office's voters live."""
    if role is None:
        return ""
    district = district_label(role)
    name = state_name(role.jurisdiction_abbr)
    return f"{name}, {district}" if district else name


# --------------------------------------------------------------------------- parties

_PARTY_NAMES = {"democrat": "Democratic", "democratic party": "Democratic"}
_PARTY_SHORT = {
    "democratic": "D",
    "democrat": "D",
    "republican": "R",
    "independent": "I",
    "democratic-farmer-labor": "DFL",
    "nonpartisan": "NP",
    "libertarian": "L",
    "green": "G",
    "progressive": "P",
}


def party_name(raw: str | None) -> str:
    """``Democratic`` for ``Democrat``; other names as published."""
    value = (raw or "").strip()
    return _PARTY_NAMES.get(value.lower(), value)


def party_short(raw: str | None) -> str:
    """``D``, ``R``, ``I``, ``DFL``…; the whole name when there is no usual short form."""
    value = party_name(raw)
    return _PARTY_SHORT.get(value.lower(), value)


# --------------------------------------------------------------------------- misc


def format_date(value: date | datetime | None) -> str:
    """``June 15, 2026``."""
    if value is None:
        return ""
    return f"{value:%B} {value.day}, {value.year}"


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def initials(name: str | None) -> str:
    """``PE`` for ``Pat Example`` (the placeholder when there is no photo)."""
    words = [w for w in re.split(r"[\s.-]+", name or "") if w and w[0].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


def committee_role(raw: str | None) -> str:
    """``Ranking Member`` for ``ranking member``; ``Member`` when empty."""
    value = (raw or "member").strip() or "member"
    return " ".join(w[:1].upper() + w[1:] for w in value.replace("_", " ").split())


def is_leadership(raw: str | None) -> bool:
    return (raw or "member").strip().lower() not in {"member", ""}


def source_label(person) -> str:
    if person.bioguide_id:
        return "Bioguide ID"
    if person.ocd_person_id:
        return "Open States ID"
    return "Source ID"


def states_list() -> list[jurisdictions.JurisdictionInfo]:
    """Every jurisdiction, by name (states first, then DC and the territories)."""
    return sorted(jurisdictions.JURISDICTIONS.values(), key=lambda j: (j.kind != "state", j.name))


_SYNC_KEY = "outreach.directory_sync"


def directory_sync() -> DirectorySync | None:
    """The latest successful sync, queried at most once per request."""
    environ = request.environ
    if _SYNC_KEY not in environ:
        try:
            environ[_SYNC_KEY] = lookup.latest_sync(db.session)
        except SQLAlchemyError:
            db.session.rollback()
            environ[_SYNC_KEY] = None
    return environ[_SYNC_KEY]


def directory_as_of() -> date | None:
    sync = directory_sync()
    return sync.as_of if sync else None


def new_lookup_form():
    """An empty lookup form, for pages rendered without one (the 404 page)."""
    from .forms import LookupForm

    return LookupForm(formdata=None)


FILTERS = {
    "phone": format_phone,
    "tel_href": tel_href,
    "mailto_href": mailto_href,
    "valid_email": valid_email,
    "safe_url": safe_url,
    "url_host": url_host,
    "social_url": social_url,
    "social_label": social_label,
    "social_handle": social_handle,
    "unique_social": unique_social,
    "district_label": district_label,
    "office_label": office_label,
    "seat_label": seat_label,
    "role_chamber": role_chamber,
    "contact_office_label": contact_office_label,
    "address_lines": address_lines,
    "chamber_name": chamber_name,
    "state_name": state_name,
    "party_name": party_name,
    "party_short": party_short,
    "format_date": format_date,
    "iso_date": iso_date,
    "initials": initials,
    "committee_role": committee_role,
    "source_label": source_label,
}


def init_app(app: Flask) -> None:
    """Register the filters, tests and globals on ``app``."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.tests["leadership"] = is_leadership
    app.jinja_env.globals["states_list"] = states_list
    app.jinja_env.globals["new_lookup_form"] = new_lookup_form

    @app.context_processor
    def _directory_context() -> dict:
        return {
            "directory_sync": directory_sync,
            "directory_as_of": directory_as_of,
            "today": date.today(),
        }
