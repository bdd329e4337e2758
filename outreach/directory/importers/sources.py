"""Where a directory sync reads from: a local folder or downloads.

A source is laid out like the upstream repositories::

    congress-legislators/legislators-current.yaml (and four more files)
    openstates-people/data/<state>/{legislature,executive,committees}/*.yml
    us-zipcodes-congress/zccd.csv

It can be such a folder, ``upstream`` (the public repositories), or an
http(s) base URL serving the same layout, with Open States as one archive,
``openstates-people.tar.gz``, as GitHub serves it (one top folder).
"""

from __future__ import annotations

import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import requests

from outreach.directory.importers import SyncError
from outreach.directory.importers.congress import FILES as CONGRESS_FILES

UPSTREAM = {
    "congress": "https://raw.githubusercontent.com/unitedstates/congress-legislators/main",
    "openstates": "https://github.com/openstates/people/archive/refs/heads/main.tar.gz",
    "zccd": (
        "https://raw.githubusercontent.com/OpenSourceActivismTech/"
        "us-zipcodes-congress/master/zccd.csv"
    ),
}
#: Only these Open States folders are extracted from an archive.
_WANTED = re.compile(r"^data/([a-z]{2})/(legislature|executive|committees)/[^/]+\.yml$")
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024


@dataclass
class SourceTree:
    """A source laid out on disk, with what is known of its upstream versions."""

    description: str
    root: Path
    congress: Path
    openstates_data: Path
    zccd: Path
    upstream: dict[str, dict[str, str]] = field(default_factory=dict)


@contextmanager
def open_source(spec: str, *, shared: Path | None, timeout: float) -> Iterator[SourceTree]:
    """Yield the source named by ``spec``; downloads live in a temporary folder.

    :param spec: a folder, an http(s) base URL, ``upstream``, or empty for the
        shared mirror when present (else upstream).
    :raise SyncError: for a missing folder or a failed download.
    """
    spec = (spec or "").strip()
    if not spec:
        spec = str(shared) if shared and shared.is_dir() else "upstream"
    if spec == "upstream" or re.match(r"^https?://", spec, re.IGNORECASE):
        with tempfile.TemporaryDirectory(prefix="outreach-sync-") as tmp:
            yield _download(spec, Path(tmp), timeout)
        return
    yield local_tree(Path(spec))


def local_tree(root: Path) -> SourceTree:
    """A folder laid out like upstream; each part must exist."""
    if not root.is_dir():
        raise SyncError(str(root), "source folder does not exist")
    tree = SourceTree(
        description=str(root),
        root=root,
        congress=root / "congress-legislators",
        openstates_data=root / "openstates-people" / "data",
        zccd=root / "us-zipcodes-congress" / "zccd.csv",
    )
    for path in (tree.congress, tree.openstates_data):
        if not path.is_dir():
            raise SyncError(str(path), "folder is missing from the source")
    for name, path in (
        ("congress-legislators", tree.congress),
        ("openstates-people", tree.openstates_data.parent),
        ("us-zipcodes-congress", tree.zccd.parent),
    ):
        commit = git_head(path)
        if commit:
            tree.upstream[name] = {"commit": commit}
    return tree


def git_head(folder: Path) -> str | None:
    """The commit a git checkout is at, read from ``.git`` without running git."""
    head = folder / ".git" / "HEAD"
    try:
        text = head.read_text().strip()
    except OSError:
        return None
    if text.startswith("ref: "):
        ref = folder / ".git" / text[5:]
        try:
            return ref.read_text().strip()
        except OSError:
            return None
    return text or None


def _download(spec: str, tmp: Path, timeout: float) -> SourceTree:
    if spec == "upstream":
        congress_base, archive_url, zccd_url = (
            UPSTREAM["congress"],
            UPSTREAM["openstates"],
            UPSTREAM["zccd"],
        )
    else:
        base = spec.rstrip("/")
        congress_base = f"{base}/congress-legislators"
        archive_url = f"{base}/openstates-people.tar.gz"
        zccd_url = f"{base}/us-zipcodes-congress/zccd.csv"
    root = tmp / "source"
    congress = root / "congress-legislators"
    congress.mkdir(parents=True)
    for name in CONGRESS_FILES:
        fetch(f"{congress_base}/{name}", congress / name, timeout)
    zccd = root / "us-zipcodes-congress" / "zccd.csv"
    zccd.parent.mkdir(parents=True)
    fetch(zccd_url, zccd, timeout)
    archive = tmp / "openstates-people.tar.gz"
    fetch(archive_url, archive, timeout)
    data, commit = extract_openstates(archive, root / "openstates-people")
    tree = SourceTree(
        description=spec if spec != "upstream" else "upstream repositories",
        root=root,
        congress=congress,
        openstates_data=data,
        zccd=zccd,
        upstream={
            "congress-legislators": {"url": congress_base},
            "openstates-people": {"url": archive_url},
            "us-zipcodes-congress": {"url": zccd_url},
        },
    )
    if commit:
        tree.upstream["openstates-people"]["commit"] = commit
    from outreach.directory.importers.contact_forms import download as download_forms

    tree.upstream.update(
        download_forms(root, tmp, None if spec == "upstream" else spec.rstrip("/"), timeout)
    )
    return tree


def fetch(url: str, target: Path, timeout: float) -> None:
    """Download ``url`` to ``target``, streaming, with a timeout and a size cap.

    :raise SyncError: naming the URL on any network or HTTP failure.
    """
    try:
        with requests.get(url, stream=True, timeout=timeout) as response:
            response.raise_for_status()
            size = 0
            with target.open("wb") as handle:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    size += len(chunk)
                    if size > MAX_DOWNLOAD_BYTES:
                        raise SyncError(url, "download is larger than the allowed size")
                    handle.write(chunk)
    except requests.RequestException as error:
        raise SyncError(url, f"download failed ({error.__class__.__name__}: {error})") from None


def extract_openstates(archive: Path, target: Path) -> tuple[Path, str | None]:
    """Extract the people files from a GitHub-style archive of the repository.

    Only ``data/<state>/{legislature,executive,committees}/*.yml`` are taken:
    ``retired/`` and ``municipalities/`` are skipped. Returns the ``data``
    folder and the commit recorded in the archive, when there is one.

    :raise SyncError: for a damaged archive or one with no data folder.
    """
    try:
        with tarfile.open(archive, "r:*") as tar:
            commit = tar.pax_headers.get("comment")
            for member in tar:
                parts = PurePosixPath(member.name).parts
                if len(parts) < 2 or not member.isfile():
                    continue
                inner = "/".join(parts[1:])
                if not _WANTED.match(inner):
                    continue
                destination = target / inner
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                if source is None:  # pragma: no cover - isfile() members have data
                    continue
                with source, destination.open("wb") as handle:
                    shutil.copyfileobj(source, handle)
                # A GitHub archive dates each file at the commit: keep that date.
                os.utime(destination, (member.mtime, member.mtime))
    except (tarfile.TarError, EOFError, OSError) as error:
        raise SyncError(str(archive.name), f"damaged archive ({error})") from None
    data = target / "data"
    if not data.is_dir():
        raise SyncError(str(archive.name), "archive holds no data/ folder")
    return data, (commit if commit and re.fullmatch(r"[0-9a-f]{40}", commit) else None)


def relative_to(root: Path, text: str) -> str:
    """``text`` with the source folder's path removed, so messages name files
    as they are named upstream (``congress-legislators/…``)."""
    prefix = f"{root}/"
    return text.replace(prefix, "")
