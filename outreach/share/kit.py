"""The volunteer kit: what a share page offers (a main item and the pending bills), and the
ZIP of every image, alt text and post with a README.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from outreach.share import cards
from outreach.share import texts as share_texts
from outreach.share.card_builders import Overview
from outreach.share.shareable import (
    FEDERAL,
    ImageKey,
    campaign_name,
    pending_bills,
    resolve_place,
    where_name,
)

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
    for key, label in cards.SIZE_LABELS.items():
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
            for size_key, size in cards.SIZES.items():
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
