"""USPS ZIP codes to state and city, from the offline ``zipcodes`` package.

The Census crosswalk only knows ZCTAs; PO-box and single-organisation ZIPs
are missing from it. This database knows every USPS ZIP, so such a ZIP still
resolves to its state.

The package's own data, as Python objects, takes about a second and 140 MB to
load, in every process that asks. So it is read once, in a child process,
into a compact index file (:func:`build`): fixed-width records sorted by ZIP,
about 1.7 MB, named after the package's version so that an upgrade rebuilds
it. Each process keeps only those bytes and finds a ZIP by binary search.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from config import INSTANCE_DIR

#: Bytes of one record: ZIP (5), state (2), kind (1), city (UTF-8, space-padded).
ZIP_WIDTH, STATE_WIDTH, KIND_WIDTH, CITY_WIDTH = 5, 2, 1, 40
RECORD = ZIP_WIDTH + STATE_WIDTH + KIND_WIDTH + CITY_WIDTH
KINDS = {"S": "STANDARD", "P": "PO BOX", "U": "UNIQUE", "M": "MILITARY"}
_KIND_CODES = {name: code for code, name in KINDS.items()}
_MAGIC = b"outreach-zip-index 1\n"


@dataclass(frozen=True)
class ZipPlace:
    """Where a USPS ZIP code is: its state, main city and kind."""

    zip_code: str
    state: str
    city: str
    kind: str  # STANDARD | PO BOX | UNIQUE | MILITARY


def index_path(folder: Path | None = None) -> Path:
    """Where the index of the installed ``zipcodes`` version lives (in the instance folder)."""
    version = metadata.version("zipcodes")
    return (folder or INSTANCE_DIR) / f"zip-index-{version}.bin"


def encode(rows: Iterable[Mapping[str, str]]) -> bytes:
    """The index file's bytes for ``rows`` (dicts as ``zipcodes.list_all`` gives them).

    :raise ValueError: for a record that does not fit its fixed width.
    """
    records = []
    for row in sorted(rows, key=lambda r: r["zip_code"]):
        zip_code, state = row["zip_code"].encode(), row["state"].encode()
        city = row["city"].encode()
        if len(zip_code) != ZIP_WIDTH or len(state) != STATE_WIDTH or len(city) > CITY_WIDTH:
            raise ValueError(f"ZIP record does not fit the index: {row!r}")
        kind = _KIND_CODES[row["zip_code_type"]].encode()
        records.append(zip_code + state + kind + city.ljust(CITY_WIDTH))
    return _MAGIC + b"".join(records)


def build(path: Path) -> Path:
    """Write the index for the installed ``zipcodes`` to ``path`` (atomically) and return it."""
    import zipcodes

    data = encode(zipcodes.list_all())  # type: ignore[no-untyped-call]  # zipcodes has no hints
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".zip-index-", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)
    return path


class ZipIndex:
    """The index's bytes, searched by ZIP code."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(_MAGIC) or (len(data) - len(_MAGIC)) % RECORD:
            raise ValueError("not a ZIP index file")
        self._data = memoryview(data)[len(_MAGIC) :]
        self._count = len(self._data) // RECORD

    def __len__(self) -> int:
        return self._count

    def get(self, zip5: str) -> ZipPlace | None:
        """The place of ``zip5``, or None when the index does not hold it."""
        key = zip5.encode()
        if len(key) != ZIP_WIDTH:
            return None
        data, low, high = self._data, 0, self._count
        while low < high:
            middle = (low + high) // 2
            start = middle * RECORD
            found = data[start : start + ZIP_WIDTH].tobytes()
            if found < key:
                low = middle + 1
            elif found > key:
                high = middle
            else:
                record = data[start : start + RECORD].tobytes()
                state_end = ZIP_WIDTH + STATE_WIDTH
                return ZipPlace(
                    zip5,
                    record[ZIP_WIDTH:state_end].decode(),
                    record[state_end + KIND_WIDTH :].decode().rstrip(" "),
                    KINDS[record[state_end : state_end + KIND_WIDTH].decode()],
                )
        return None


_index: ZipIndex | None = None


def _load() -> ZipIndex:
    """Read the index file, building it first in a child process when it is missing."""
    global _index
    if _index is None:
        path = index_path()
        if not path.exists():
            try:
                _build_in_child(path)
            except (OSError, subprocess.CalledProcessError):
                # A read-only instance folder: build into the temporary folder instead.
                path = index_path(Path(tempfile.gettempdir()))
                if not path.exists():
                    _build_in_child(path)
        _index = ZipIndex(path.read_bytes())
    return _index


def _build_in_child(path: Path) -> None:
    """Run :func:`build` in a child process, so that this one never holds the package's data."""
    subprocess.run(
        [sys.executable, "-m", "outreach.directory.zip_database", str(path)],
        check=True,
        capture_output=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )


def lookup(zip5: str) -> ZipPlace | None:
    """Return the place of a 5-digit ZIP code, or None when it does not exist."""
    return _load().get(zip5)


def warm() -> None:
    """Read the index now (building it if needed) rather than on first use."""
    _load()


if __name__ == "__main__":  # python -m outreach.directory.zip_database PATH
    build(Path(sys.argv[1]))
