"""Cache whole responses of read-only views for one directory version.

A lookup page for a ZIP code is the same for everyone until the directory
changes, and on a busy day thousands of people ask for the same few
thousand ZIP codes. Such views are decorated with :func:`cached_response`:
the first answer is rendered and kept (bounded in entries and bytes), later
ones are served from memory until a sync changes the version. Only 200
answers are kept; headers added per response (security headers, CORS) are
added again on every response by the app's hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec

from flask import Response, current_app, make_response, request
from flask.typing import ResponseReturnValue

from outreach.extensions import db

P = ParamSpec("P")


@dataclass(frozen=True)
class CachedBody:
    """A response body and its content type."""

    body: bytes
    mimetype: str


def cached_response(
    make_key: Callable[[], Hashable | None],
) -> Callable[[Callable[P, ResponseReturnValue]], Callable[P, Response]]:
    """Serve the view from the page cache when ``make_key()`` gives a key.

    ``make_key`` runs inside the request and returns None for requests that
    must not be cached (for example those carrying a street address).
    """

    def decorator(view: Callable[P, ResponseReturnValue]) -> Callable[P, Response]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
            key = make_key()
            if key is None:
                return make_response(view(*args, **kwargs))
            cache = current_app.extensions["page_cache"]
            version = current_app.extensions["directory_version"].current(db.session).key
            # Pages hold absolute URLs: without a configured public URL they follow
            # the request's host, so each host (and scheme, and mount point) is kept
            # apart: the parts of ``request.host_url``, without building the URL.
            origin = (
                ()
                if current_app.config.get("PUBLIC_URL")
                else (request.scheme, request.host, request.root_path)
            )
            full_key = (view.__module__, view.__name__, key, origin)
            hit = cache.get(full_key, version)
            if hit is not None:
                return Response(hit.body, mimetype=hit.mimetype)
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200 and not response.direct_passthrough:
                cache.put(
                    full_key, version, CachedBody(response.get_data(), response.mimetype or "")
                )
            return response

        return wrapper

    return decorator


def plain_zip_key() -> str | None:
    """The key of a lookup by a plain 5-digit ZIP code alone (``?zip=12345``), else None.

    Street addresses are personal and picked districts are many: only the
    plain ZIP lookup, the same for everyone in that ZIP code, is cached, and
    only as five digits — ZIP+4 and other spellings are answered without the
    cache, so no client can fill it with variants of one ZIP code.
    """
    names = {name for name, value in request.args.items(multi=True) if value.strip()}
    if names != {"zip"} or len(request.args) > 2:
        return None
    value = request.args.get("zip", "")
    return value if len(value) == 5 and value.isascii() and value.isdigit() else None
