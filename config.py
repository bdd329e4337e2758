"""Application settings, read from environment variables.

Nothing here opens files or connects to anything: values only. The factory
in :mod:`outreach` reads a :class:`Config` (or a subclass given by tests).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("OUTREACH_INSTANCE_DIR", BASE_DIR / "instance"))
LETTERS_DIR = BASE_DIR / "letters"
SHARED_DIRECTORY = BASE_DIR.parent / "shared" / "directory"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'outreach.sqlite3'}"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings for every environment; override with environment variables."""

    ENV_NAME = os.environ.get("OUTREACH_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", _default_database_url())
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {}
    INSTANCE_DIR = INSTANCE_DIR
    LETTERS_DIR = LETTERS_DIR

    # Where `flask directory sync` reads from: a folder laid out like the
    # upstream repositories, an http(s) base URL laid out the same way, or
    # "upstream". Empty means: the shared mirror beside the project when it
    # exists, else upstream.
    DIRECTORY_SOURCE = os.environ.get("OUTREACH_DIRECTORY_SOURCE", "")
    SHARED_DIRECTORY = SHARED_DIRECTORY
    DIRECTORY_DOWNLOAD_TIMEOUT = float(os.environ.get("OUTREACH_DOWNLOAD_TIMEOUT", "60"))

    # Street-address lookups through the U.S. Census Bureau geocoder.
    GEOCODER_ENABLED = _bool("OUTREACH_GEOCODER", True)
    GEOCODER_URL = os.environ.get(
        "OUTREACH_GEOCODER_URL",
        "https://geocoding.geo.census.gov/geocoder/geographies/onelineaddress",
    )
    GEOCODER_TIMEOUT = float(os.environ.get("OUTREACH_GEOCODER_TIMEOUT", "4"))

    # How long a process trusts its cached view of the directory version
    # before asking the database again (seconds).
    DIRECTORY_VERSION_TTL = float(os.environ.get("OUTREACH_VERSION_TTL", "2"))
    # Rendered lookup answers kept per process (see outreach/response_cache.py).
    PAGE_CACHE_ENTRIES = int(os.environ.get("OUTREACH_PAGE_CACHE_ENTRIES", "4096"))
    PAGE_CACHE_MB = int(os.environ.get("OUTREACH_PAGE_CACHE_MB", "64"))

    # Rate limits (Flask-Limiter): memory by default; Redis when REDIS_URL is set,
    # so that several processes or hosts share the counters.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_ENABLED = _bool("OUTREACH_RATELIMIT", True)
    RATELIMIT_HEADERS_ENABLED = True
    # A moving window: at most N requests in any 60 seconds. A fixed window would let a
    # client send N at the end of one minute and N more at the start of the next.
    RATELIMIT_STRATEGY = "moving-window"
    # If Redis goes away, count in each process's memory rather than fail requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Per client address; "N/minute", "N/hour", or several joined by ";".
    LOOKUP_RATE_LIMIT = os.environ.get("OUTREACH_LOOKUP_RATE_LIMIT", "60/minute")
    LETTER_RATE_LIMIT = os.environ.get("OUTREACH_LETTER_RATE_LIMIT", "60/minute")
    LOGIN_RATE_LIMIT = os.environ.get("OUTREACH_LOGIN_RATE_LIMIT", "10/minute")

    # Logging: JSON lines on standard error (or "text"), at this level and up.
    LOG_FORMAT = os.environ.get("OUTREACH_LOG_FORMAT", "json").strip().lower()
    LOG_LEVEL = os.environ.get("OUTREACH_LOG_LEVEL", "INFO").strip()
    EXPORT_RATE_LIMIT = os.environ.get("OUTREACH_EXPORT_RATE_LIMIT", "30/minute")
    REPORT_RATE_LIMIT = os.environ.get("OUTREACH_REPORT_RATE_LIMIT", "10/hour")
    # Share images (the PNGs, every size) and share kits (ZIPs of all of a state's).
    SHARE_IMAGE_RATE_LIMIT = os.environ.get("OUTREACH_SHARE_IMAGE_RATE_LIMIT", "120/minute")
    SHARE_KIT_RATE_LIMIT = os.environ.get("OUTREACH_SHARE_KIT_RATE_LIMIT", "10/minute")

    # Security (see outreach/security.py). In production (OUTREACH_ENV=production)
    # the app refuses to start without a real SECRET_KEY, and cookies are Secure.
    SESSION_COOKIE_SECURE = _bool("OUTREACH_SECURE_COOKIES", ENV_NAME == "production")
    # Sites allowed to show the public pages in a frame (partners embedding the
    # lookup), separated by spaces: "'self' https://partner.example".
    FRAME_ANCESTORS = os.environ.get("OUTREACH_FRAME_ANCESTORS", "'self'")
    # Organizer sessions end after this much idle time, and this long after signing
    # in whatever happens; signing out ends every session of that organizer.
    ORGANIZER_IDLE_MINUTES = int(os.environ.get("OUTREACH_ORGANIZER_IDLE_MINUTES", "30"))
    ORGANIZER_SESSION_HOURS = int(os.environ.get("OUTREACH_ORGANIZER_SESSION_HOURS", "12"))
    # How organizer passwords are hashed: Werkzeug's "scrypt" (N=32768, r=8, p=1)
    # or "scrypt:N:r:p" to raise it. A hash keeps its own settings, so a change
    # applies to passwords set from then on; sign-in checks either.
    PASSWORD_HASH_METHOD = os.environ.get("OUTREACH_PASSWORD_HASH", "scrypt")
    # The site's public origin (https://outreach.example.org): every absolute URL
    # (link previews, share kits) is built from it, never from the request's Host.
    PUBLIC_URL = os.environ.get("OUTREACH_PUBLIC_URL", "")
    # Host names requests may use (spaces or commas); by default the public URL's
    # host. Any other Host gets 400. Empty with no PUBLIC_URL: any host (development).
    TRUSTED_HOST_LIST = os.environ.get("OUTREACH_TRUSTED_HOSTS", "")
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host
    # headers are believed (0: none; 1: one load balancer).
    TRUSTED_PROXIES = int(os.environ.get("OUTREACH_TRUSTED_PROXIES", "0"))

    # Share images: rendered once per content version and size, kept here.
    SHARE_CACHE_DIR = Path(os.environ.get("OUTREACH_SHARE_CACHE_DIR", INSTANCE_DIR / "share"))

    # The largest request body anywhere (the letters API allows 64 KB): a bigger
    # one is refused with 413 before it is read.
    MAX_CONTENT_LENGTH = int(os.environ.get("OUTREACH_MAX_BODY_BYTES", str(1024 * 1024)))

    WTF_CSRF_TIME_LIMIT = None
    JSON_SORT_KEYS = False
