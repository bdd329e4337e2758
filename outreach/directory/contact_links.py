"""How an official's contact details read and link: phones, e-mail, web and social media.

Pure functions on plain values and model rows, shared by pages (as Jinja
filters, see :mod:`outreach.jinja`), the JSON API and the exports. The data
comes from public sources, so every function tolerates missing or odd input,
and nothing here builds a link from a URL that is not http(s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from outreach.models import SocialAccount

# --------------------------------------------------------------------------- phones

_EXTENSION_RE = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d+)\s*$", re.IGNORECASE)


def split_phone(raw: str | None) -> tuple[str, str]:
    """``("2022253121", "12")`` from ``"202-225-3121 ext. 12"``: digits, extension.

    A leading U.S. country code (``1`` before ten digits) is dropped.
    """
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
    digits, ext = split_phone(raw)
    if len(digits) != 10:
        return (raw or "").strip()
    text = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return f"{text} ext. {ext}" if ext else text


def tel_href(raw: str | None) -> str | None:
    """``tel:+19165550100`` (digits only, with the country code), or None."""
    digits, ext = split_phone(raw)
    if not digits or len(digits) < 7:
        return None
    href = f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"
    return f"{href};ext={ext}" if ext else href


# --------------------------------------------------------------------------- e-mail and links

#: A plausible address: no spaces or markup, a domain with a dotted, alphabetic TLD.
#: Apostrophes are allowed (``james.o'day@mahouse.gov`` is a real address).
_EMAIL_RE = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def valid_email(raw: str | None) -> str | None:
    """The address when it looks deliverable (the data has a few broken ones), else None.

    Surrounding spaces and a ``mailto:`` prefix are removed.
    """
    value = (raw or "").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    return value if _EMAIL_RE.match(value) else None


def emails(raw: str | None) -> list[str]:
    """:func:`valid_email` as a list: ``[]`` for a missing or malformed address."""
    email = valid_email(raw)
    return [email] if email else []


def mailto_href(raw: str | None) -> str | None:
    """A ``mailto:`` link to :func:`valid_email`, or None."""
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


def photo_src(raw: str | None) -> str | None:
    """A photo URL for an ``<img>``: :func:`safe_url`, always over HTTPS.

    Some legislatures publish photo links on plain http; a page must not load
    those (mixed content, and the Content-Security-Policy allows HTTPS images
    only), so they are asked for over HTTPS. A host that cannot answer there
    fails like any unreachable photo, and the initials show instead.
    """
    value = safe_url(raw)
    if value and value[:7].lower() == "http://":
        return "https://" + value[7:]
    return value


def url_host(raw: str | None) -> str:
    """``senate.gov`` from ``https://www.senate.gov/contact``, for link text; else ``""``."""
    url = safe_url(raw)
    if not url:
        return ""
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


# --------------------------------------------------------------------------- social media

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
#: Profile URL prefixes; the handle (without ``@``) is appended, percent-encoded.
_SOCIAL_BASES = {
    "twitter": "https://x.com/",
    "x": "https://x.com/",
    "facebook": "https://www.facebook.com/",
    "instagram": "https://www.instagram.com/",
    "bluesky": "https://bsky.app/profile/",
    "threads": "https://www.threads.net/@",
    "tiktok": "https://www.tiktok.com/@",
    "linkedin": "https://www.linkedin.com/in/",
}
#: Platforms whose handle is a YouTube channel id (``UC…``).
_YOUTUBE_CHANNEL_PLATFORMS = frozenset({"youtube_id", "youtube_channel"})
_YOUTUBE_CHANNEL_RE = re.compile(r"^UC[\w-]{22}$")
_MASTODON_RE = re.compile(r"^@?([A-Za-z0-9_.-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")
#: What a handle looks like; anything else (a display name, a path) is not linked on pages.
_HANDLE_RE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def _is_url(handle: str) -> bool:
    return handle.lower().startswith(("http://", "https://"))


def social_label(platform: str | None) -> str:
    """``X (Twitter)``, ``YouTube``…; an unknown platform title-cased."""
    key = (platform or "").lower()
    return SOCIAL_LABELS.get(key, key.replace("_", " ").title())


def social_url(platform: str | None, handle: str | None) -> str | None:
    """The profile URL of an account, or None for a platform or handle we cannot use.

    A handle that is already an http(s) URL is kept (when :func:`safe_url`
    accepts it). Otherwise the handle, without its ``@``, is percent-encoded
    into the platform's profile URL, so that odd handles (``a/../b``) cannot
    reach another path. YouTube handles read ``@name``, channel ids ``UC…``,
    legacy user names anything else; Mastodon accounts are ``@user@host``.
    """
    handle = (handle or "").strip()
    if _is_url(handle):
        return safe_url(handle)
    platform = (platform or "").lower()
    if platform == "mastodon":
        match = _MASTODON_RE.match(handle)
        if not match:
            return None
        return f"https://{match.group(2).lower()}/@" + quote(match.group(1), safe="._-")
    if platform in _YOUTUBE_CHANNEL_PLATFORMS or (
        platform == "youtube" and _YOUTUBE_CHANNEL_RE.match(handle)
    ):
        return "https://www.youtube.com/channel/" + quote(handle, safe="_-")
    if platform == "youtube":
        if handle.startswith("@"):
            return "https://www.youtube.com/@" + quote(handle[1:], safe="._-")
        return "https://www.youtube.com/user/" + quote(handle, safe="._-")
    base = _SOCIAL_BASES.get(platform)
    if base is None:
        return None
    safe = "._-:" if platform == "bluesky" else "._-"
    return base + quote(handle.lstrip("@"), safe=safe)


def social_link(platform: str | None, handle: str | None) -> str | None:
    """:func:`social_url` for a link on a page, only for handles that look like handles.

    The API reports :func:`social_url` for whatever the data holds; a page does
    not link a display name typed in the handle field (``Jamie Scott``) or a
    path, which would lead to a missing profile.
    """
    value = (handle or "").strip()
    plain = value.lstrip("@")
    if (
        not _is_url(value)
        and (platform or "").lower() != "mastodon"
        and not _HANDLE_RE.match(plain)
    ):
        return None
    return social_url(platform, value)


def social_handle(platform: str | None, handle: str | None) -> str:
    """How to show an account: ``@name`` for handles, ``Channel`` for ids, the host for URLs."""
    handle = (handle or "").strip()
    platform = (platform or "").lower()
    if _is_url(handle):
        return url_host(handle) or handle
    if platform in _YOUTUBE_CHANNEL_PLATFORMS:
        return "Channel"
    if platform == "mastodon":
        return handle if handle.startswith("@") else f"@{handle}"
    return f"@{handle.lstrip('@')}"


def unique_social(accounts: Iterable[SocialAccount]) -> list[SocialAccount]:
    """Drop a YouTube channel id when a YouTube name for the same person exists."""
    accounts = list(accounts)
    platforms = {(a.platform or "").lower() for a in accounts}
    return [
        a
        for a in accounts
        if not (
            (a.platform or "").lower() in _YOUTUBE_CHANNEL_PLATFORMS and "youtube" in platforms
        )
    ]
