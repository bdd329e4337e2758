"""Start-up checks of a production deployment under gunicorn.

``gunicorn.conf.py`` calls :func:`gunicorn_starting` from its ``on_starting``
hook, before any worker is forked:

- **Rate limits shared by every worker.** Without ``REDIS_URL`` each worker
  counts in its own memory, so *N* workers multiply every budget by *N* (five
  workers let an address make 300 lookups a minute instead of 60, and 50
  sign-in attempts instead of 10). In production, with rate limits on, more
  than one worker and no Redis, gunicorn refuses to start with a message
  naming ``REDIS_URL`` — unless ``OUTREACH_ALLOW_PER_WORKER_LIMITS=1`` says
  the operator accepts the multiplied budgets.
- **A buffering proxy in front.** gunicorn's workers wait for each client's
  whole request: a client sending its headers slowly holds a worker. When a
  production gunicorn listens on an address other than loopback or a Unix
  socket and no proxy is declared (``OUTREACH_TRUSTED_PROXIES``), a warning
  says to put nginx (or a load balancer that buffers requests) in front.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ALLOW_PER_WORKER = "OUTREACH_ALLOW_PER_WORKER_LIMITS"


class UnsafeDeployment(RuntimeError):
    """A production set-up that would not keep the promises the app makes."""


def _truthy(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """What the checks read from the environment (as ``config.py`` does)."""

    production: bool
    ratelimit: bool
    redis_url: str
    allow_per_worker: bool
    trusted_proxies: int

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        try:
            proxies = int(env.get("OUTREACH_TRUSTED_PROXIES", "0") or 0)
        except ValueError:
            proxies = 0
        return cls(
            production=env.get("OUTREACH_ENV", "development") == "production",
            ratelimit=_truthy(env.get("OUTREACH_RATELIMIT"), True),
            redis_url=env.get("REDIS_URL", "").strip(),
            allow_per_worker=_truthy(env.get(ALLOW_PER_WORKER), False),
            trusted_proxies=proxies,
        )


def check_rate_limit_storage(settings: Settings, workers: int) -> None:
    """Refuse per-process rate-limit counters with several workers in production.

    :raise UnsafeDeployment: with a message naming ``REDIS_URL``.
    """
    if not settings.production or not settings.ratelimit or settings.redis_url:
        return
    if workers <= 1 or settings.allow_per_worker:
        return
    raise UnsafeDeployment(
        f"Refusing to start in production: {workers} gunicorn workers would each count "
        "rate limits in their own memory, multiplying every limit by "
        f"{workers} (a sign-in budget of 10 a minute would allow {10 * workers}). Set "
        "REDIS_URL=redis://… so every worker (and host) shares the counters, or run one "
        f"worker (GUNICORN_WORKERS=1), or set {ALLOW_PER_WORKER}=1 to accept the "
        "multiplied limits."
    )


def _exposed(bind: str) -> bool:
    """Whether a gunicorn bind address is reachable from other machines."""
    if bind.startswith(("unix:", "fd://")):
        return False
    host = bind.rsplit(":", 1)[0] if ":" in bind else bind
    host = host.strip("[]")
    if host in {"localhost", ""}:
        return host == ""
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a host name: assume it resolves to a public address


def proxy_warning(settings: Settings, binds: Iterable[str]) -> str | None:
    """The warning for a production gunicorn exposed without a buffering proxy, if any."""
    if not settings.production or settings.trusted_proxies > 0:
        return None
    exposed = [bind for bind in binds if _exposed(bind)]
    if not exposed:
        return None
    return (
        f"gunicorn listens on {', '.join(exposed)} with no proxy in front "
        "(OUTREACH_TRUSTED_PROXIES=0). Its workers wait for each client's whole request, "
        "so slow clients can hold them all: put nginx, or a load balancer that buffers "
        "requests, in front, bind gunicorn to 127.0.0.1 or a Unix socket, and set "
        "OUTREACH_TRUSTED_PROXIES=1."
    )


def gunicorn_starting(server: Any, environ: Mapping[str, str] | None = None) -> None:
    """gunicorn's ``on_starting`` hook: run the checks, exit with the message if refused.

    :param server: gunicorn's arbiter (untyped): its ``cfg`` and ``log`` are read.
    """
    settings = Settings.from_environ(environ)
    try:
        check_rate_limit_storage(settings, int(server.cfg.workers))
    except UnsafeDeployment as error:
        server.log.error("%s", error)
        raise SystemExit(f"{error}") from None
    warning = proxy_warning(settings, server.cfg.bind)
    if warning:
        server.log.warning("%s", warning)
