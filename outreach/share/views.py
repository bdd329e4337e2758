"""Blueprint `share`: images to post, the share page and kit, and link previews.

Routes:

* ``/share/campaign.png``, ``/share/<abbr>.png`` (a state, DC, Puerto Rico or a
  city with a record), ``/share/bills/<slug>.png`` (a pending bill) and
  ``/share/cases/<slug>.png`` (a qualified-immunity case), each
  with ``?size=1200x630`` (default), ``1200x675``, ``1080x1080`` or
  ``1080x1920``. Anything else answers 404 before anything is drawn.
* ``/share`` (the campaign), ``/share/<abbr>`` (a state, a city, or ``us`` for
  Congress): the gallery, the posts with copy buttons and share links.
* ``/share/<abbr>/kit.zip`` (and ``/share/campaign/kit.zip``): every image,
  the alt texts, the posts and a README in one ZIP.

Images are drawn once per content version and size and kept on disk
(:mod:`outreach.share.store`); the content version comes from the
app's version tracker, so checking it costs nothing on most requests. Every
image is served with a strong ETag (a hash of its bytes) and answers 304 to a
matching ``If-None-Match``. The site's own links carry ``v=<content
version>``; an image asked for with the current ``v`` is cached as immutable
for a year, any other for a day.

:func:`share_meta` gives a page its link-preview image and alt text (see
``templates/_meta.html``): the views pass it to their templates as
``preview`` (views of other packages reach it as
``app.extensions["link_preview"]``), and every page gets the campaign's as
``default_preview`` (:func:`default_preview`, a context processor the factory
installs) without a database query: its alt text is kept in memory and in the
image store, written with the images.

The image store and the built kits are made by the factory
(:func:`outreach.share.services.init_app`), not here.

``SHARE_SITE_URL`` (optional, e.g. ``https://example.org``) prints the site's
address on the images, for platforms where a post cannot carry a link.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from outreach.campaign.standings import current_federal_bill
from outreach.directory.version import VersionTracker
from outreach.extensions import db
from outreach.share import cards, shareable
from outreach.share import kit as share_kit
from outreach.share.kit import ShareSet
from outreach.share.rendering import ShareImages
from outreach.share.shareable import ImageKey, NotShareable
from outreach.share.store import etag_for
from outreach.web import rate_limits
from outreach.web.built_files import BuiltFiles
from outreach.web.security import public_root

bp = Blueprint("share", __name__)

ABBR = re.compile(r"^[A-Za-z]{2,8}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IMMUTABLE = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"
#: Link previews use the 1200 × 630 image.
PREVIEW_SIZE = cards.DEFAULT_SIZE


def _built() -> BuiltFiles:
    built: BuiltFiles = current_app.extensions["built_kits"]
    return built


def _images() -> ShareImages:
    images: ShareImages = current_app.extensions["share_images"]
    return images


def _version() -> int:
    """The content version, as the process's version tracker sees it."""
    tracker: VersionTracker = current_app.extensions["directory_version"]
    return tracker.current(db.session).content


# --------------------------------------------------------------------------- images


def _size() -> tuple[int, int]:
    size = cards.parse_size(request.args.get("size", "")[:16])
    if size is None:
        abort(404)
    return size


def _image_response(key: ImageKey) -> ResponseReturnValue:
    size = _size()
    try:
        image = _images().get(db.session, key, size, _version())
    except NotShareable:
        abort(404)
    response = Response(image.data, mimetype="image/png")
    response.set_etag(image.etag)
    asked = request.args.get("v", "")[:12]
    response.headers["Cache-Control"] = IMMUTABLE if asked == str(image.version) else DAY
    response.headers["Content-Disposition"] = f'inline; filename="{_file_name(key, size)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


def _file_name(key: ImageKey, size: tuple[int, int]) -> str:
    return f"end-qualified-immunity-{key.file_name(size)}"


@bp.get("/share/campaign.png", endpoint="campaign_image")
@rate_limits.share_images
def campaign_image() -> ResponseReturnValue:
    """The national map with how many states have acted."""
    return _image_response(ImageKey.campaign())


@bp.get("/share/<abbr>.png", endpoint="place_image")
@rate_limits.share_images
def place_image(abbr: str) -> ResponseReturnValue:
    """A state's (DC's, Puerto Rico's, a city's) score, status and ask."""
    if not ABBR.match(abbr):
        abort(404)
    return _image_response(ImageKey.place(abbr))


@bp.get("/share/bills/<slug>.png", endpoint="bill_image")
@rate_limits.share_images
def bill_image(slug: str) -> ResponseReturnValue:
    """A pending bill: identifier, title, stage, score and the ask."""
    if len(slug) > 80 or not SLUG.match(slug):
        abort(404)
    return _image_response(ImageKey.bill(slug))


@bp.get("/share/cases/<slug>.png", endpoint="case_image")
@rate_limits.share_images
def case_image(slug: str) -> ResponseReturnValue:
    """A qualified-immunity case: its name, court, outcome and what happened."""
    if len(slug) > 80 or not SLUG.match(slug):
        abort(404)
    return _image_response(ImageKey.case(slug))


def case_image_url(slug: str, size: str = PREVIEW_SIZE) -> str:
    """The image of a case, for its page (``app.extensions["case_image_url"]``)."""
    return image_url(ImageKey.case(slug), size)


def image_url(key: ImageKey, size: str = PREVIEW_SIZE, *, external: bool = False) -> str:
    """The URL of an image, with the content version (so it can be cached for good)."""
    v = _safe_version()
    if key.kind == "campaign":
        return url_for("share.campaign_image", size=size, v=v, _external=external)
    if key.kind == "place":
        return url_for("share.place_image", abbr=key.key, size=size, v=v, _external=external)
    if key.kind == "case":
        return url_for("share.case_image", slug=key.key, size=size, v=v, _external=external)
    return url_for("share.bill_image", slug=key.key, size=size, v=v, _external=external)


def _safe_version() -> int:
    try:
        return _version()
    except SQLAlchemyError:
        db.session.rollback()
        return 0


# --------------------------------------------------------------------------- pages


def _place_url(code: str) -> str:
    return url_for("campaign.state", abbr=code.lower(), _external=True)


def _share_set(abbr: str | None) -> ShareSet:
    """The set for ``abbr`` (None: the campaign).

    :raise NotShareable: for an unknown code.
    """
    session = db.session
    if abbr is None:
        return share_kit.campaign_set(session, url_for("campaign.map", _external=True))
    if abbr.lower() == "us":
        return share_kit.federal_set(session, url_for("campaign.federal", _external=True))
    if not ABBR.match(abbr):
        raise NotShareable(abbr)
    return share_kit.place_set(session, abbr, _place_url)


@dataclass(frozen=True)
class Choice:
    code: str
    name: str


def _choices() -> list[Choice]:
    """The picker: the map's jurisdictions, the cities with records, Congress."""
    session = db.session
    found = [
        Choice(code.lower(), shareable.where_name(session, code))
        for code in shareable.place_codes(session)
    ]
    return [Choice("", "The whole country"), Choice("us", "Congress"), *found]


def _page_preview(code: str) -> ShareMeta:
    """The link preview of a share page: the campaign's, Congress's or a place's."""
    if code == "campaign":
        return share_meta("campaign")
    if code == "us":
        return share_meta("federal")
    return share_meta("place", code)


def _render_page(abbr: str | None) -> ResponseReturnValue:
    try:
        share = _share_set(abbr)
    except NotShareable:
        message = f"“{(abbr or '')[:20]}” is not a state, territory or city with share images."
        return render_template("campaign/not_found.html", message=message), 404
    return render_template(
        "share/index.html",
        share=share,
        choices=_choices(),
        sizes=cards.SIZES,
        size_labels=cards.SIZE_LABELS,
        kit_code=share.code,
        image_url=image_url,
        preview=_page_preview(share.code),
        campaign_name=shareable.campaign_name(db.session),
    )


@bp.get("/share", endpoint="index")
def index() -> ResponseReturnValue:
    """The campaign's images and posts, and a picker for a state's."""
    picked = request.args.get("state", "").strip().lower()[:12]
    if picked:
        if picked == "campaign":
            return redirect(url_for("share.index"))
        if ABBR.match(picked):
            return redirect(url_for("share.place", abbr=picked))
        abort(404)
    return _render_page(None)


@bp.get("/share/<abbr>", endpoint="place")
def place(abbr: str) -> ResponseReturnValue:
    """A state's (or a city's, or Congress's) images and posts."""
    if abbr.lower() == "campaign":
        return redirect(url_for("share.index"))
    if abbr != abbr.lower() and ABBR.match(abbr):
        return redirect(url_for("share.place", abbr=abbr.lower()))
    return _render_page(abbr)


@bp.get("/share/<abbr>/kit.zip", endpoint="kit")
@rate_limits.share_kits
def kit(abbr: str) -> ResponseReturnValue:
    """Everything for one state (or the campaign, or Congress) in one ZIP."""
    session = db.session
    try:
        share = _share_set(None if abbr.lower() == "campaign" else abbr)
    except NotShareable:
        abort(404)
    if not share.items:
        abort(404)
    images = _images()
    version = _version()

    def image(key: ImageKey, size: tuple[int, int]) -> bytes:
        return images.get(session, key, size, version).data

    def build() -> bytes:
        return share_kit.build_zip(share, shareable.campaign_name(session), image)

    # Built once per content version (and site address, which the posts carry).
    origin = hashlib.sha256(public_root().encode()).hexdigest()[:10]
    data = _built().get_or_build(f"c{version}-{images.style}", f"{share.code}-{origin}.zip", build)
    response = Response(data, mimetype="application/zip")
    response.set_etag(etag_for(data))
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="end-qualified-immunity-{share.code}-share-kit.zip"'
    )
    return response.make_conditional(request)


# --------------------------------------------------------------------------- link previews


@dataclass(frozen=True)
class ShareMeta:
    """A page's link preview: the image (absolute URL), its size and alt text."""

    image: str
    alt: str
    width: int = 1200
    height: int = 630


#: The campaign image's alt text when it cannot be read without the database.
GENERAL_ALT = (
    "A map of the 50 states, DC and Puerto Rico as tiles, each coloured by its score out of 9 "
    "on the End Qualified Immunity campaign's rubric, with how many states have ended or "
    "limited qualified immunity by law."
)


def _federal_key() -> ImageKey:
    """The image of the federal bill to ask about (the best scoring pending reform bill)."""
    bills = [bill for bill, _ in shareable.pending_bills(db.session, shareable.FEDERAL)]
    bill = current_federal_bill(bills)
    return ImageKey.bill(bill.slug) if bill is not None else ImageKey.campaign()


def share_meta(kind: str = "campaign", key: str = "", *, quick: bool = False) -> ShareMeta:
    """The link preview of a page: ``share_meta()`` (the campaign), ``share_meta('place',
    'co')``, ``share_meta('bill', slug)`` or ``share_meta('federal')``, with the image's
    alt text. Anything without an image of its own gets the campaign's.

    ``quick`` (the default of pages that set nothing, in base.html) never asks the
    database: the campaign's alt text comes from memory or from the image store
    (written with the images), else :data:`GENERAL_ALT`.
    """
    images = _images()
    try:
        version = _version()
        if quick:
            alt = images.alt(db.session, ImageKey.campaign(), version, read_db=False)
            return ShareMeta(image_url(ImageKey.campaign(), external=True), alt or GENERAL_ALT)
        if kind == "federal":
            image_key = _federal_key()
        elif kind == "place" and key and ABBR.match(key):
            image_key = ImageKey.place(key)
        elif kind == "bill" and key and SLUG.match(key):
            image_key = ImageKey.bill(key)
        elif kind == "case" and key and SLUG.match(key):
            image_key = ImageKey.case(key)
        else:
            image_key = ImageKey.campaign()
        try:
            alt = images.alt(db.session, image_key, version)
        except NotShareable:
            image_key = ImageKey.campaign()
            alt = images.alt(db.session, image_key, version)
    except SQLAlchemyError:
        db.session.rollback()
        image_key, alt = ImageKey.campaign(), GENERAL_ALT
    return ShareMeta(image=image_url(image_key, external=True), alt=alt or GENERAL_ALT)


def share_page_url(code: str | None = None) -> str | None:
    """The share page of ``code`` (a state, DC, Puerto Rico or a city with a record), None
    for a code without one (a territory off the map); the campaign's without a code."""
    if not code:
        return url_for("share.index")
    if not ABBR.match(code):
        return None
    try:
        known = code.upper() in shareable.place_codes(db.session)
    except SQLAlchemyError:
        db.session.rollback()
        return None
    return url_for("share.place", abbr=code.lower()) if known else None


def default_preview() -> dict[str, ShareMeta | None]:
    """``default_preview`` for every template: the campaign's link preview, read
    without the database (see :func:`share_meta`); None outside a request."""
    return {"default_preview": share_meta(quick=True) if has_request_context() else None}
