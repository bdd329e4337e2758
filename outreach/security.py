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

Images are the one relaxed source: officials' photos are hot-linked from the
congress-legislators image host and from several hundred state legislature
sites, so ``img-src`` allows any HTTPS origin. Images cannot run code; scripts
remain limited to this site.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

#: SECRET_KEY values that must never reach production.
KNOWN_DEFAULT_KEYS = frozenset({"", "dev-only-not-secret", "change-me", "secret", "test-secret"})
MIN_SECRET_KEY_LENGTH = 32
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


def check_secret_key(env_name: str, secret_key: str | None) -> None:
    """Refuse a missing, default or short ``SECRET_KEY`` when ``env_name`` is production."""
    if env_name != "production":
        return
    key = secret_key or ""
    if key in KNOWN_DEFAULT_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise InsecureSecretKey(
            "Refusing to start in production: SECRET_KEY is missing, a default value "
            f"or shorter than {MIN_SECRET_KEY_LENGTH} characters. Set SECRET_KEY to a "
            'long random value, e.g. python -c "import secrets; print(secrets.token_hex(32))".'
        )


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
    """Check the secret, set cookie flags, trust proxies, add the header hook."""
    check_secret_key(app.config.get("ENV_NAME", "development"), app.config.get("SECRET_KEY"))
    secure_cookies = bool(app.config.get("SESSION_COOKIE_SECURE"))
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure_cookies,
        FRAME_ANCESTOR_LIST=tuple(parse_origins(app.config.get("FRAME_ANCESTORS", "'self'"))),
    )
    hops = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return add_security_headers(response, app)
