"""Rate limits per client address, shared by the routes that do the same work.

Limits are read from the configuration at request time, so an operator can
tune them without code changes:

- ``LOOKUP_RATE_LIMIT`` — ZIP and address lookups (page and API, one budget);
- ``LETTER_RATE_LIMIT`` — letter renders: the write pages, letter downloads and
  the letters API, one budget;
- ``LOGIN_RATE_LIMIT`` — sign-in attempts (POST only), on top of the lockout
  of an account after repeated wrong passwords;
- ``EXPORT_RATE_LIMIT`` — officials file downloads (see ``views/exports.py``);
- ``SHARE_IMAGE_RATE_LIMIT`` — share images, every size, one budget;
- ``SHARE_KIT_RATE_LIMIT`` — share kits (a ZIP of all of a state's images).

Counters live in the limiter's storage: memory for a single process, Redis
when ``REDIS_URL`` is set so every process and host shares them. If Redis is
unreachable the limiter falls back to per-process memory instead of failing
requests. A breached limit answers 429 with ``Retry-After`` (see
:func:`outreach.web.errors.too_many_requests`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import current_app
from limits import RateLimitItem

from outreach.extensions import limiter


def configured(name: str) -> str:
    """The limit string for ``name`` from the app config (defaults in ``config.py``)."""
    limit: str = current_app.config[name]
    return limit


def describe(item: RateLimitItem, noun: str = "request") -> str:
    """``60 requests per minute``, ``100 files per 2 hours``."""
    unit = item.GRANULARITY.name
    period = f"{item.multiples} {unit}s" if item.multiples > 1 else unit
    return f"{item.amount} {noun if item.amount == 1 else noun + 's'} per {period}"


P = ParamSpec("P")
R = TypeVar("R")
Decorator = Callable[[Callable[P, R]], Callable[P, R]]


def when_enabled(limit: Decorator[P, R]) -> Decorator[P, R]:
    """``limit`` (a limiter decorator), not even consulted in an app whose limits are off.

    Flask-Limiter's decorators weigh every request against their limits even
    when ``RATELIMIT_ENABLED`` is false (its own hooks are off then, its
    decorators are not): with limits off, the view is called directly.
    """

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        limited = limit(view)

        @wraps(view)
        def choose(*args: P.args, **kwargs: P.kwargs) -> R:
            if current_app.config.get("RATELIMIT_ENABLED", True):
                return limited(*args, **kwargs)
            return view(*args, **kwargs)

        return choose

    return decorate


lookups = when_enabled(
    limiter.shared_limit(lambda: configured("LOOKUP_RATE_LIMIT"), scope="lookups")
)
letters = when_enabled(
    limiter.shared_limit(lambda: configured("LETTER_RATE_LIMIT"), scope="letters")
)
login = when_enabled(limiter.limit(lambda: configured("LOGIN_RATE_LIMIT"), methods=["POST"]))
share_images = when_enabled(
    limiter.shared_limit(lambda: configured("SHARE_IMAGE_RATE_LIMIT"), scope="share-images")
)
share_kits = when_enabled(limiter.limit(lambda: configured("SHARE_KIT_RATE_LIMIT")))
