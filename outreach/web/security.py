"""Security settings applied to the whole application.

- Response headers on every answer: a Content-Security-Policy that allows
  scripts, styles, fonts and connections from this site only (no inline
  scripts anywhere), ``frame-ancestors`` from ``FRAME_ANCESTORS`` for the
  public pages (the organizer area can never be framed), HSTS over HTTPS,
  Referrer-Policy (none at all to other sites from the organizer area),
  X-Content-Type-Options, Permissions-Policy and Cross-Origin-Opener-Policy.
- Session and remember-me cookies are HTTP-only and SameSite=Lax always, and
  Secure in production (``SESSION_COOKIE_SECURE``).
- In production (``OUTREACH_ENV=production``) the app refuses to start without
  a real ``SECRET_KEY``.
- Behind a reverse proxy, ``TRUSTED_PROXIES`` hops of ``X-Forwarded-*`` are
  believed (werkzeug's ProxyFix), so rate limits count the supporter's address,
  not the load balancer's.
- Absolute URLs (``og:url``, ``og:image``, share kits, export messages) are
  built from ``PUBLIC_URL`` (``OUTREACH_PUBLIC_URL``), never from the request's
  ``Host`` or ``X-Forwarded-Host``, so no client can put another site's address
  into a page that is cached for everyone (:class:`PublicUrlFlask`). Requests
  for a host outside ``TRUSTED_HOSTS`` (by default the public URL's host) are
  answered 400. Without a public URL (development), absolute URLs follow the
  request and the page cache keeps them apart per host.

Images are the one relaxed source: officials' photos are hot-linked from the
congress-legislators image host and from several hundred state legislature
sites, so ``img-src`` allows any HTTPS origin. Images cannot run code; scripts
remain limited to this site.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

from outreach.web.routing import CompiledOnceRule

#: SECRET_KEY values that must never reach production.
KNOWN_DEFAULT_KEYS = frozenset({"", "dev-only-not-secret", "change-me", "secret", "test-secret"})
MIN_SECRET_KEY_LENGTH = 32
#: Shannon entropy (bits) a production SECRET_KEY must carry at least: 32 hex
#: digits of ``secrets.token_hex`` carry about 120, a repeated character none.
MIN_SECRET_KEY_BITS = 100
HSTS_VALUE = "max-age=63072000; includeSubDomains"
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "browsing-topics=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "clipboard-write=(self)",
    ]
)
#: Paths that may never be shown inside another site's frame.
NEVER_FRAMED_PREFIXES = ("/organizers", "/export")


class InsecureSecretKey(RuntimeError):
    """Raised at start-up in production when SECRET_KEY is missing or a default."""


class BadPublicUrl(RuntimeError):
    """Raised at start-up when ``OUTREACH_PUBLIC_URL`` is not an http(s) origin."""


def key_entropy_bits(key: str) -> float:
    """A rough, conservative estimate of the bits of randomness in ``key``.

    The smaller of: the key's length times the Shannon entropy of its
    characters (low for ``"aaaa…"`` or few distinct characters), and half the
    bits of its zlib-compressed form (low for a repeated pattern such as
    ``"abab…"``, ``"0123456789" * 4`` or a word repeated). ``token_hex(16)``
    scores about 116, ``token_hex(32)`` about 230.
    """
    if not key:
        return 0.0
    counts = Counter(key)
    per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    data = key.encode("utf-8", "replace")
    compressed = len(zlib.compress(data, 9)) - len(zlib.compress(b"", 9))
    return min(per_char * len(key), compressed * 4.0)


def check_secret_key(env_name: str, secret_key: str | None) -> None:
    """Refuse a missing, default, short or low-entropy ``SECRET_KEY`` in production."""
    if env_name != "production":
        return
    key = secret_key or ""
    if (
        key in KNOWN_DEFAULT_KEYS
        or len(key) < MIN_SECRET_KEY_LENGTH
        or key_entropy_bits(key) < MIN_SECRET_KEY_BITS
    ):
        raise InsecureSecretKey(
            "Refusing to start in production: SECRET_KEY is missing, a default value, "
            f"shorter than {MIN_SECRET_KEY_LENGTH} characters or not random enough "
            f"(under {MIN_SECRET_KEY_BITS} bits, e.g. a repeated character). Set SECRET_KEY "
            "to a long random value, e.g. "
            'python -c "import secrets; print(secrets.token_hex(32))".'
        )


def parse_public_url(value: str | None) -> str:
    """``https://host[:port]`` from ``OUTREACH_PUBLIC_URL`` (empty when not set).

    :raise BadPublicUrl: for anything but an http(s) origin (a path, a query,
        credentials or a missing host).
    """
    value = (value or "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or any(c in value for c in " \"'<>\\")
    ):
        raise BadPublicUrl(
            f"OUTREACH_PUBLIC_URL must be the site's origin, like https://outreach.example.org "
            f"(no path): got {value[:100]!r}."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def trusted_hosts(value: str | Iterable[str] | None, public_url: str) -> list[str] | None:
    """The hosts requests may name: the configured list, else the public URL's host.

    None (any host) only when neither is configured, as in development.
    """
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value or [])
    hosts = [item.strip().lower() for item in items if item.strip()]
    if not hosts and public_url:
        hosts = [urlsplit(public_url).hostname or ""]
    return hosts or None


def public_root() -> str:
    """The origin absolute URLs start with: ``PUBLIC_URL``, else the request's own."""
    from flask import current_app

    configured: str = current_app.config.get("PUBLIC_URL", "")
    if configured:
        return configured
    return request.host_url.rstrip("/")


def page_url() -> str:
    """The absolute URL of this page without its query (the default ``og:url``)."""
    return public_root() + request.script_root + request.path


class PublicUrlFlask(Flask):
    """Flask whose absolute URLs start with ``PUBLIC_URL`` when it is set.

    ``url_for(..., _external=True)`` — in views and templates alike — builds the
    path as usual and puts the configured origin in front, whatever ``Host`` or
    ``X-Forwarded-Host`` the request carried. Its URL rules share their compiled
    URL builders between the apps of a process (:mod:`outreach.web.routing`).
    """

    url_rule_class = CompiledOnceRule

    def url_for(self, endpoint: str, *, _external: bool | None = None, **values: Any) -> str:
        public: str = self.config.get("PUBLIC_URL", "")
        if public and has_request_context() and _external:
            values.pop("_scheme", None)
            return public + super().url_for(endpoint, _external=False, **values)
        return super().url_for(endpoint, _external=_external, **values)


def parse_origins(value: str | Iterable[str]) -> list[str]:
    """Split an allow-list (spaces or commas) and keep only well-formed origins.

    Accepted: ``'self'``, ``'none'``, ``https://example.org``,
    ``https://*.example.org``. Anything else is dropped so it cannot inject
    other directives into the header.
    """
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    origins: list[str] = []
    for item in items:
        item = item.strip()
        if item in {"'self'", "'none'"}:
            origins.append(item)
        elif item.startswith(("https://", "http://")) and not any(c in item for c in ";'\"\\ "):
            origins.append(item.rstrip("/"))
    return origins


@cache
def content_security_policy(frame_ancestors: tuple[str, ...], *, secure: bool) -> str:
    """The policy string: self-only code, HTTPS images, the given frame ancestors.

    Cached: a site has only a handful of variants (framing, HTTPS or not).
    """
    ancestors = " ".join([o for o in frame_ancestors if o != "'none'"] or ["'none'"])
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'none'",
        "object-src 'none'",
        "frame-src 'none'",
        "worker-src 'none'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ]
    if secure:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


def add_security_headers(response: Response, app: Flask) -> Response:
    """Set the security headers on ``response`` (see the module docstring)."""
    never_framed = request.path.startswith(NEVER_FRAMED_PREFIXES)
    ancestors = ("'none'",) if never_framed else app.config["FRAME_ANCESTOR_LIST"]
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(
        ancestors, secure=request.is_secure
    )
    if ancestors == ("'none'",):
        headers["X-Frame-Options"] = "DENY"
    elif ancestors == ("'self'",):
        headers["X-Frame-Options"] = "SAMEORIGIN"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = (
        "same-origin" if never_framed else "strict-origin-when-cross-origin"
    )
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS_VALUE
    return response


def init_app(app: Flask) -> None:
    """Check the secret, set cookie flags and hosts, trust proxies, add the header hook."""
    check_secret_key(app.config.get("ENV_NAME", "development"), app.config.get("SECRET_KEY"))
    secure_cookies = bool(app.config.get("SESSION_COOKIE_SECURE"))
    public_url = parse_public_url(app.config.get("PUBLIC_URL"))
    app.config.update(
        PUBLIC_URL=public_url,
        TRUSTED_HOSTS=trusted_hosts(app.config.get("TRUSTED_HOST_LIST"), public_url),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure_cookies,
        FRAME_ANCESTOR_LIST=tuple(parse_origins(app.config.get("FRAME_ANCESTORS", "'self'"))),
    )
    hops = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )

    app.jinja_env.globals["page_url"] = page_url

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return add_security_headers(response, app)
