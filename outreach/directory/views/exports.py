"""Blueprint `exports`: the officials directory as CSV, XLSX, vCard and JSON files.

``/export`` is the form (GET, filters and a button per format) and documents
the columns; ``/export/officials.<ext>`` streams the file. Public officials'
contact data is open to anyone, so there is no login, but each address may
download at most ``EXPORT_RATE_LIMIT`` files (default 30 a minute), shared by
the four formats; past that it gets a 429 with ``Retry-After``.

Bad filter values: the form page shows them (HTML, 400); the file URLs answer
400 with a plain-text body, one problem a line, each listing the valid values.
"""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import RequestLimit
from limits import parse as parse_limit

from outreach.directory import jurisdictions
from outreach.directory.errors import FilterError
from outreach.directory.export_columns import COLUMNS
from outreach.directory.export_filters import (
    FILTER_NAMES,
    STATUS_LABELS,
    parse_filters,
    party_choices,
)
from outreach.directory.exports import FORMATS, OfficialsExport
from outreach.directory.jurisdictions import CHAMBERS
from outreach.extensions import db, limiter
from outreach.models import OfficeKind
from outreach.web.rate_limits import configured, describe

bp = Blueprint("exports", __name__)

CHAMBER_LABELS = {
    "upper": "Upper (U.S. Senate and state senates)",
    "lower": "Lower (U.S. House, state houses and assemblies)",
    "legislature": "Unicameral (Nebraska, DC Council)",
}


def export_rate_limit() -> str:
    """The limit per address on file downloads (``EXPORT_RATE_LIMIT``)."""
    return configured("EXPORT_RATE_LIMIT")


def _too_many(limit: RequestLimit) -> Response:
    """The 429 answer: what the limit is and when to come back (also in Retry-After)."""
    retry = max(1, int(limit.reset_at - time.time()))
    body = (
        "Too many downloads from your address: exports are limited to "
        f"{describe(limit.limit, 'file')}. Try again in {retry} "
        f"second{'s' if retry != 1 else ''}.\n"
    )
    response = Response(body, 429, content_type="text/plain; charset=utf-8")
    response.headers["Retry-After"] = str(retry)
    return response


def _raw_filters() -> dict[str, str]:
    return {name: request.args.get(name, "") for name in FILTER_NAMES}


def _choices() -> dict[str, Any]:
    return {
        "states": [
            (j.abbr, f"{j.name} ({j.abbr})")
            for j in sorted(jurisdictions.JURISDICTIONS.values(), key=lambda j: j.name)
        ],
        "offices": [(k.value, k.label) for k in OfficeKind],
        "chambers": [(c, CHAMBER_LABELS[c]) for c in CHAMBERS],
        "parties": [(name, name) for name in party_choices(db.session)],
        "statuses": list(STATUS_LABELS.items()),
    }


@bp.get("/export", endpoint="page")
def page() -> ResponseReturnValue:
    """The export form, with the columns documented; shows bad filters (400)."""
    raw = _raw_filters()
    problems: dict[str, str] = {}
    if any(raw.values()):
        try:
            parse_filters(db.session, raw)
        except FilterError as error:
            problems = error.by_field
    return (
        render_template(
            "exports/index.html",
            values=raw,
            problems=list(problems.values()),
            problem_fields=problems,
            columns=COLUMNS,
            formats=FORMATS,
            rate_limit=describe(parse_limit(export_rate_limit()), "file"),
            **_choices(),
        ),
        400 if problems else 200,
    )


@bp.get("/export/officials.<ext>", endpoint="officials")
@limiter.limit(export_rate_limit, on_breach=_too_many)
def officials(ext: str) -> ResponseReturnValue:
    """Stream the officials matching the query's filters as a ``.csv``, ``.xlsx``, ``.vcf``
    or ``.json`` file."""
    fmt = FORMATS.get(ext)
    if fmt is None:
        abort(404, description="Exports come as .csv, .xlsx, .vcf or .json.")
    raw = _raw_filters()
    try:
        filters = parse_filters(db.session, raw)
    except FilterError as error:
        form = url_for(".page", _external=True, **{k: v for k, v in raw.items() if v})
        body = (
            "The export could not be made:\n"
            + "".join(f"- {problem}\n" for problem in error.problems)
            + f"\nChoose the filters on {form}\n"
        )
        return Response(body, 400, content_type="text/plain; charset=utf-8")
    export = OfficialsExport(db.session, filters)
    if filters.slug() == "all":
        # The whole directory: built once per directory and content version, for everyone.
        version = current_app.extensions["directory_version"].current(db.session)
        data = current_app.extensions["built_exports"].get_or_build(
            f"d{version.sync_id}-c{version.content}",
            f"officials.{ext}",
            lambda: b"".join(export.chunks(ext)),
        )
        response = Response(data, content_type=fmt.mimetype)
    else:
        response = Response(stream_with_context(export.chunks(ext)), content_type=fmt.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename(ext)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
