"""Everything there is to share, read from the campaign's content: cards, images, the ZIP.

This module reads the database and puts together what the pure modules need:
the *cards* drawn by :mod:`outreach.share.images`, the alt texts and posts of
:mod:`outreach.share.texts`, and the images kept by :mod:`outreach.share.store`. The
images that exist are the campaign's, one per map jurisdiction (the states,
DC and Puerto Rico) and per city with a record, and one per pending bill
(active, introduced or passed one chamber), each in the four sizes: nothing
else can be drawn or stored.
"""

from __future__ import annotations

import io
import multiprocessing
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.campaign import records as campaign
from outreach.campaign import standings
from outreach.campaign.scoring import Score, bill_score
from outreach.campaign.standings import Standing
from outreach.campaign.tile_map import band_fill, swatch_for, text_colour, tile_map
from outreach.directory import jurisdictions
from outreach.directory.lookup import UnknownJurisdiction
from outreach.directory.version import VersionedCache, content_version
from outreach.models import Bill, Place, ReformStatus
from outreach.share import images as share_images
from outreach.share import texts as share_texts
from outreach.share.images import BillCard, CampaignCard, JurisdictionCard, ScoreMark
from outreach.share.store import ShareStore, etag_for, style_hash

DEFAULT_CAMPAIGN = "End Qualified Immunity"
FEDERAL = "US"

#: The status label's colours on the images (text on fill meets 4.5:1).
STATUS_COLOURS: dict[ReformStatus | None, tuple[str, str]] = {
    ReformStatus.ENACTED: ("#12355b", "#ffffff"),
    ReformStatus.LIMITED: ("#1b72b0", "#ffffff"),
    ReformStatus.PENDING: ("#fff4db", "#5c3300"),
    ReformStatus.NONE: ("#eef3f9", "#17202e"),
    ReformStatus.STRENGTHENED: ("#8c2d04", "#ffffff"),
    None: ("#eef3f9", "#17202e"),
}


class NotShareable(LookupError):
    """No image for that key: not a known jurisdiction, or not a pending bill."""


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True)
class ImageKey:
    """Which image: ``campaign``, a ``place`` (state, DC, PR, city) or a pending ``bill``."""

    kind: str
    key: str = ""

    @classmethod
    def campaign(cls) -> ImageKey:
        return cls("campaign")

    @classmethod
    def place(cls, code: str) -> ImageKey:
        return cls("place", code.lower())

    @classmethod
    def bill(cls, slug: str) -> ImageKey:
        return cls("bill", slug.lower())

    def alt_name(self) -> str:
        """``campaign-alt.txt``, ``co-alt.txt``, ``bill-co-sb26-005-alt.txt``."""
        return self.file_name((0, 0)).replace("-0x0.png", "-alt.txt")

    def file_name(self, size: tuple[int, int]) -> str:
        """``campaign-1200x630.png``, ``co-1080x1080.png``, ``bill-co-sb26-005-1200x675.png``."""
        suffix = share_images.size_name(size)
        if self.kind == "campaign":
            return f"campaign-{suffix}.png"
        if self.kind == "place":
            return f"{self.key}-{suffix}.png"
        return f"bill-{self.key}-{suffix}.png"


def site_label(base: str, path: str) -> str:
    """``example.org/states/co`` from ``https://example.org`` and ``/states/co``."""
    if not base:
        return ""
    parts = urlsplit(base if "//" in base else f"//{base}")
    host = (parts.netloc or parts.path).removeprefix("www.")
    return f"{host}{parts.path.rstrip('/') if parts.netloc else ''}{path}"


#: Paths printed on the images under the site's address (the site's own routes).
def place_path(code: str) -> str:
    return f"/states/{code.lower()}"


def bill_path(bill: Bill) -> str:
    return "/federal" if bill.jurisdiction == FEDERAL else place_path(bill.jurisdiction)


# --------------------------------------------------------------------------- reading


def campaign_name(session: Session) -> str:
    found = campaign.get_campaign(session)
    return found.name if found else DEFAULT_CAMPAIGN


def pending_bills(session: Session, jurisdiction: str | None = None) -> list[tuple[Bill, Score]]:
    """Pending reform bills (to pass) and pending rollbacks (to oppose), newest first."""
    query = (
        select(Bill)
        .where(standings.alive_clause())
        .order_by(Bill.last_action.desc(), Bill.identifier)
    )
    if jurisdiction:
        query = query.where(Bill.jurisdiction == jurisdiction.upper())
    today = date.today()
    return [
        (bill, bill_score(bill))
        for bill in session.scalars(query)
        if standings.is_pending(bill, today) or standings.is_pending_rollback(bill, today)
    ]


def place_codes(session: Session) -> list[str]:
    """Every jurisdiction with an image: the map's, then cities with records."""
    places = session.scalars(select(Place.code).order_by(Place.code))
    return [*campaign.MAP_JURISDICTIONS, *places]


def image_keys(session: Session) -> list[ImageKey]:
    """Every image that can exist for the current content."""
    return [
        ImageKey.campaign(),
        *(ImageKey.place(code) for code in place_codes(session)),
        *(ImageKey.bill(bill.slug) for bill, _ in pending_bills(session)),
    ]


def key_limit(session: Session) -> int:
    """How many images one content version may store: (places + bills + 1) × sizes."""
    places = session.scalar(select(func.count()).select_from(Place)) or 0
    bills = (
        session.scalar(select(func.count()).select_from(Bill).where(standings.alive_clause())) or 0
    )
    return (len(campaign.MAP_JURISDICTIONS) + places + bills + 1) * len(share_images.SIZES)


def resolve_place(session: Session, raw: str) -> Standing:
    """The standing of a map jurisdiction or a city.

    :raise NotShareable: for anything else (territories off the map, unknown codes).
    """
    code = (raw or "").strip().upper()[:8]
    if not code.isalpha():
        raise NotShareable(raw)
    if code not in campaign.MAP_JURISDICTIONS and session.get(Place, code) is None:
        raise NotShareable(raw)
    try:
        return campaign.standing(session, code, date.today())
    except UnknownJurisdiction:
        raise NotShareable(raw) from None


def resolve_bill(session: Session, slug: str) -> tuple[Bill, Score]:
    """A pending bill by slug.

    :raise NotShareable: when there is none.
    """
    bill = campaign.get_bill(session, (slug or "").lower())
    if bill is None or not standings.is_alive(bill):
        raise NotShareable(slug)
    return bill, bill_score(bill)


def where_name(session: Session, code: str) -> str:
    """``Colorado``, ``New York City``, ``Congress``."""
    if code == FEDERAL:
        return "Congress"
    info = jurisdictions.JURISDICTIONS.get(code)
    if info is not None:
        return info.name
    place = session.get(Place, code)
    return place.name if place else code


# --------------------------------------------------------------------------- cards


@dataclass(frozen=True)
class Overview:
    """The national figures the campaign image and posts use."""

    standings: list[Standing]
    acted: int
    pending: int

    @classmethod
    def read(cls, session: Session) -> Overview:
        standings = campaign.all_standings(session, date.today())
        acted = sum(
            1 for s in standings if s.status in (ReformStatus.ENACTED, ReformStatus.LIMITED)
        )
        pending = sum(1 for s in standings if s.has_pending)
        return cls(standings, acted, pending)


def campaign_card(session: Session, site: str = "") -> tuple[CampaignCard, str]:
    """The campaign's card and its alt text."""
    name = campaign_name(session)
    overview = Overview.read(session)
    states = "state has" if overview.acted == 1 else "states have"
    card = CampaignCard(
        campaign=name,
        tiles=tile_map(overview.standings),
        acted=overview.acted,
        pending=overview.pending,
        headline=f"{states} a law that ends or limits qualified immunity",
        pending_line=(
            f"Bills pending in {overview.pending} {'state' if overview.pending == 1 else 'states'}"
            if overview.pending
            else "Tiles show each state's score"
        ),
        call="Where does your state stand?",
        site=site_label(site, "/map"),
    )
    alt = share_texts.campaign_alt(name, overview.standings, overview.acted, overview.pending)
    return card, alt


def _glue(text: str, *identifiers: str) -> str:
    """``text`` with each bill identifier's spaces made non-breaking (kept on one line)."""
    for identifier in identifiers:
        text = text.replace(identifier, identifier.replace(" ", "\u00a0"))
    return text


def _mark(points: str, fill: str, text: str) -> ScoreMark:
    return ScoreMark(points=points, fill=fill, text=text)


def place_card(
    session: Session, standing: Standing, site: str = ""
) -> tuple[JurisdictionCard, str]:
    """A jurisdiction's card and its alt text."""
    name = campaign_name(session)
    swatch = swatch_for(standing)
    fill = swatch.fill if swatch.fill.startswith("#") else ""
    status_fill, status_text = STATUS_COLOURS.get(standing.status, STATUS_COLOURS[None])
    details = []
    law = standing.strongest_law
    if law is not None:
        details.append(f"Law in force: {law.identifier}")
    bill = standings.reform_bill_pending(standing)
    if bill is not None:
        details.append(f"Pending: {bill.identifier} ({bill.stage_kind.label.lower()})")
    elif standing.record is None:
        details.append("The campaign has no record of reform here yet")
    elif law is None:
        details.append("No law in force ends or limits it")
    kind_word = "city" if standing.kind in ("city", "county") else "state"
    card = JurisdictionCard(
        code=standing.code,
        name=standing.name,
        campaign=name,
        score=_mark(standing.score.label.split("/")[0], fill, swatch.text),
        status=standing.status_label,
        status_fill=status_fill,
        status_text=status_text,
        details=tuple(details),
        ask=_glue(share_texts.ask_for(standing), *(b.identifier for b, _ in standing.pending)),
        eyebrow=f"Qualified immunity: where this {kind_word} stands",
        site=site_label(site, place_path(standing.code)),
    )
    return card, share_texts.jurisdiction_alt(standing, name)


def bill_card(session: Session, bill: Bill, score: Score, site: str = "") -> tuple[BillCard, str]:
    """A pending bill's card and its alt text."""
    name = campaign_name(session)
    where = where_name(session, bill.jurisdiction)
    fill = band_fill(score.band)
    reform = standings.is_reform(bill)
    card = BillCard(
        slug=bill.slug,
        identifier=bill.identifier,
        title=bill.title,
        where=where,
        stage=bill.stage_kind.label,
        campaign=name,
        score=_mark(score.label.split("/")[0], fill, text_colour(fill)),
        ask=_glue(share_texts.bill_ask(bill), bill.identifier),
        warning="" if reform else share_texts.rollback_warning(bill),
        site=site_label(site, bill_path(bill)),
    )
    return card, share_texts.bill_alt(bill, score, where, name)


def card_for(session: Session, key: ImageKey, site: str = ""):
    """The card and alt text of ``key``.

    :raise NotShareable: for a key with no image.
    """
    if key.kind == "campaign":
        return campaign_card(session, site)
    if key.kind == "place":
        return place_card(session, resolve_place(session, key.key), site)
    if key.kind == "bill":
        bill, score = resolve_bill(session, key.key)
        return bill_card(session, bill, score, site)
    raise NotShareable(key.kind)


# --------------------------------------------------------------------------- images


@dataclass(frozen=True)
class RenderedImage:
    """An image's bytes, its ETag, the content version it shows and whether it was drawn now."""

    data: bytes
    etag: str
    version: int
    drawn: bool


class ShareImages:
    """Images (and their alt texts) read from the store, or drawn and stored on a miss."""

    def __init__(self, store: ShareStore, site: str = "") -> None:
        self.store = store
        self.site = site
        self.style = style_hash(site)
        #: Alt texts for link previews, per content version, in this process.
        self.alts: VersionedCache[str] = VersionedCache(512)

    def get(
        self, session: Session, key: ImageKey, size: tuple[int, int], version: int
    ) -> RenderedImage:
        """The image of ``key`` at ``size`` for content ``version`` (as the caller's
        version tracker sees it).

        :raise NotShareable: for a key with no image.
        """
        name = key.file_name(size)
        tag = self.store.tag(version, self.style)
        data = self.store.read(tag, name)
        if data is not None:
            return RenderedImage(data, etag_for(data), version, drawn=False)
        # One request draws a cold image; the others (threads and processes, on
        # every host sharing the store) wait for it and read what it stored.
        with self.store.drawing(name):
            data = self.store.read(tag, name)
            if data is not None:
                return RenderedImage(data, etag_for(data), version, drawn=False)
            return self.draw(session, key, size)

    def draw(self, session: Session, key: ImageKey, size: tuple[int, int]) -> RenderedImage:
        """Draw the image now from the database and store it, with its alt text.

        The content version is read before and after the card, in the same
        session; when an edit landed in between, the image is served but not
        stored (it could mix two versions).
        """
        before = content_version(session)
        card, alt = card_for(session, key, self.site)
        data = share_images.render(card, size)
        if content_version(session) == before:
            tag = self.store.tag(before, self.style)
            limit = key_limit(session)
            self.store.write(tag, key.file_name(size), data, limit=limit)
            self._keep_alt(tag, key, alt, limit)
        return RenderedImage(data, etag_for(data), before, drawn=True)

    def alt(
        self, session: Session, key: ImageKey, version: int, *, read_db: bool = True
    ) -> str | None:
        """The alt text of ``key``'s image: from this process's memory, else the store,
        else (unless ``read_db`` is false) the database; None when not found.

        :raise NotShareable: for a key with no image (when the database is read).
        """
        memo = (key.kind, key.key)
        found = self.alts.get(memo, version)
        if found is not None:
            return found
        tag = self.store.tag(version, self.style)
        stored = self.store.read(tag, key.alt_name())
        if stored is not None:
            found = stored.decode("utf-8", "replace")
        elif not read_db:
            return None
        else:
            before = content_version(session)
            _card, found = card_for(session, key)
            if before == version:
                self._keep_alt(tag, key, found, key_limit(session))
        self.alts.put(memo, version, found)
        return found

    def _keep_alt(self, tag: str, key: ImageKey, alt: str, image_limit: int) -> None:
        if self.store.read(tag, key.alt_name()) is None:
            keys = image_limit // len(share_images.SIZES)
            self.store.write(tag, key.alt_name(), alt.encode(), limit=keys)

    def render_all(
        self,
        session: Session,
        *,
        force: bool = False,
        jobs: int = 1,
    ) -> dict[str, int]:
        """Draw every image of the current content that is not stored yet (all with
        ``force``), with the alt texts; return counts by kind and how many were
        already stored.

        The cards are read here; with ``jobs`` > 1 the drawing (pure, the slow
        part) runs in that many worker processes, and the images are stored here.
        """
        version = content_version(session)
        tag = self.store.tag(version, self.style)
        counts = {"campaign": 0, "place": 0, "bill": 0, "stored": 0}
        limit = key_limit(session)
        tasks: list[tuple[ImageKey, str, share_images.Card, tuple[int, int]]] = []
        for key in image_keys(session):
            card = None
            for size in share_images.SIZES.values():
                name = key.file_name(size)
                if not force and self.store.read(tag, name) is not None:
                    counts["stored"] += 1
                    continue
                if card is None:
                    card, alt = card_for(session, key, self.site)
                    self._keep_alt(tag, key, alt, limit)
                tasks.append((key, name, card, size))
        for (key, name, _card, _size), data in zip(
            tasks, _draw_many([(t[2], t[3]) for t in tasks], jobs), strict=True
        ):
            self.store.write(tag, name, data, limit=limit)
            counts[key.kind] += 1
        self.store.prune(keep=tag)
        return counts


def _draw_one(job: tuple[share_images.Card, tuple[int, int]]) -> bytes:
    return share_images.render(*job)


def _draw_many(
    jobs_list: list[tuple[share_images.Card, tuple[int, int]]], jobs: int
) -> Iterator[bytes]:
    """Draw the cards, in ``jobs`` worker processes when more than one."""
    if jobs <= 1 or len(jobs_list) < 2:
        yield from map(_draw_one, jobs_list)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(_draw_one, jobs_list, chunksize=4)


# --------------------------------------------------------------------------- what a page offers


@dataclass(frozen=True)
class ShareItem:
    """One thing to share: its image key, title, alt text and posts."""

    key: ImageKey
    title: str
    alt: str
    posts: list[share_texts.Post]
    slug: str  # for file names: "co", "campaign", "bill-co-sb26-005"


@dataclass(frozen=True)
class ShareSet:
    """What a share page (and its kit) holds: a main item and the pending bills."""

    code: str  # "campaign", "co", "us"
    name: str  # "the campaign", "Colorado", "Congress"
    page_url: str
    items: list[ShareItem]


def campaign_set(session: Session, map_url: str) -> ShareSet:
    overview = Overview.read(session)
    name = campaign_name(session)
    item = ShareItem(
        key=ImageKey.campaign(),
        title=f"{name}: the national map",
        alt=share_texts.campaign_alt(name, overview.standings, overview.acted, overview.pending),
        posts=share_texts.campaign_posts(overview.acted, overview.pending, map_url),
        slug="campaign",
    )
    return ShareSet("campaign", "the whole country", map_url, [item])


def _bill_items(session: Session, code: str, url: str, campaign_label: str) -> Iterator[ShareItem]:
    for bill, score in pending_bills(session, code):
        where = where_name(session, bill.jurisdiction)
        yield ShareItem(
            key=ImageKey.bill(bill.slug),
            title=f"{bill.identifier}: {bill.title}",
            alt=share_texts.bill_alt(bill, score, where, campaign_label),
            posts=share_texts.bill_posts(bill, score, where, url),
            slug=f"bill-{bill.slug}",
        )


def place_set(session: Session, raw_code: str, page_url: Callable[[str], str]) -> ShareSet:
    """A jurisdiction's set: its own image and texts, then its pending bills'.

    :raise NotShareable: for an unknown jurisdiction.
    """
    standing = resolve_place(session, raw_code)
    name = campaign_name(session)
    url = page_url(standing.code)
    main = ShareItem(
        key=ImageKey.place(standing.code),
        title=standing.name,
        alt=share_texts.jurisdiction_alt(standing, name),
        posts=share_texts.jurisdiction_posts(standing, url),
        slug=standing.code.lower(),
    )
    return ShareSet(
        standing.code.lower(),
        standing.name,
        url,
        [main, *_bill_items(session, standing.code, url, name)],
    )


def federal_set(session: Session, federal_url: str) -> ShareSet:
    """The pending federal bills."""
    name = campaign_name(session)
    return ShareSet(
        "us", "Congress", federal_url, list(_bill_items(session, FEDERAL, federal_url, name))
    )


# --------------------------------------------------------------------------- the ZIP

#: ZIP entries carry this date, so the same content makes the same bytes (and ETag).
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    return info


def readme(share: ShareSet, campaign_label: str, images: list[str]) -> str:
    lines = [
        f"{campaign_label}: share kit for {share.name}",
        "=" * 60,
        "",
        f"Everything here points people to {share.page_url}",
        "",
        "images/     every image in four sizes:",
    ]
    for key, label in share_images.SIZE_LABELS.items():
        lines.append(f"             {key}  {label}")
    lines += [
        "alt-text.txt  a description of each image: paste it in the platform's",
        "              alt text (image description) field when you post the image.",
        "posts/      a short post for each platform, within its length limit.",
        "",
        "Post an image with its text, add the alt text, and link to the page above",
        "so people can see where things stand and write to their lawmakers.",
        "",
        f"{len(images)} images:",
        *(f"  {name}" for name in images),
        "",
    ]
    return "\n".join(lines)


def build_zip(
    share: ShareSet,
    campaign_label: str,
    image: Callable[[ImageKey, tuple[int, int]], bytes],
) -> bytes:
    """The kit: images in every size, alt texts, posts per platform, a README."""
    folder = f"{share.code}-share-kit"
    out = io.BytesIO()
    names: list[str] = []
    alt_lines: list[str] = []
    with zipfile.ZipFile(out, "w") as archive:
        for item in share.items:
            for size_key, size in share_images.SIZES.items():
                name = f"images/{item.slug}-{size_key}.png"
                archive.writestr(
                    _entry(f"{folder}/{name}"), image(item.key, size), zipfile.ZIP_STORED
                )
                names.append(name)
            alt_lines += [f"{item.title}", f"(images/{item.slug}-*.png)", item.alt, ""]
        archive.writestr(
            _entry(f"{folder}/alt-text.txt"), "\n".join(alt_lines), zipfile.ZIP_DEFLATED
        )
        for platform in share_texts.PLATFORMS:
            parts = []
            for item in share.items:
                post = next(p for p in item.posts if p.platform.key == platform.key)
                head = f"{item.title} ({post.length}/{platform.limit} characters)"
                if post.subject:
                    head += f"\nSubject: {post.subject}"
                parts.append(f"{head}\n\n{post.text}\n")
            text = f"\n{'-' * 40}\n\n".join(parts)
            archive.writestr(
                _entry(f"{folder}/posts/{platform.key}.txt"), text, zipfile.ZIP_DEFLATED
            )
        archive.writestr(
            _entry(f"{folder}/README.txt"),
            readme(share, campaign_label, names),
            zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()
