"""The compact ZIP index: built from the ``zipcodes`` package, read back, kept out of workers."""

from __future__ import annotations

import subprocess
import sys

import pytest
import zipcodes

from outreach.directory import zip_database
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> zip_database.ZipIndex:
    path = zip_database.build(tmp_path_factory.mktemp("zip") / "zip-index.bin")
    return zip_database.ZipIndex(path.read_bytes())


def test_every_zip_of_the_package_reads_back_the_same(index):
    rows = zipcodes.list_all()
    assert len(index) == len(rows)
    for row in rows:
        place = index.get(row["zip_code"])
        assert place == zip_database.ZipPlace(
            row["zip_code"], row["state"], row["city"], row["zip_code_type"]
        )


@pytest.mark.parametrize("zip5", ["00000", "99999", "00500", "00502"])
def test_a_zip_the_package_does_not_know_is_none(index, zip5):
    assert zipcodes.matching(zip5) == []
    assert index.get(zip5) is None


@pytest.mark.parametrize("text", ["9581", "958123", "", "ABCDE", "é0000"])
def test_text_that_is_no_zip_is_none(index, text):
    assert index.get(text) is None


def test_a_file_that_is_not_an_index_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not a ZIP index"):
        zip_database.ZipIndex(b"zip,state\n95812,CA\n")


def test_a_city_too_long_for_its_field_is_refused():
    row = {"zip_code": "95812", "state": "CA", "city": "X" * 41, "zip_code_type": "PO BOX"}
    with pytest.raises(ValueError, match="does not fit"):
        zip_database.encode([row])


def test_a_process_that_looks_up_zips_never_loads_the_package(tmp_path):
    """The worker keeps the index's bytes only: the package's data stays in a child process."""
    script = (
        "import sys\n"
        "from outreach.directory import zip_database\n"
        "place = zip_database.lookup('95812')\n"
        "assert (place.state, place.kind) == ('CA', 'PO BOX'), place\n"
        "assert zip_database.lookup('99999') is None\n"
        "assert 'zipcodes' not in sys.modules, 'the zipcodes package was imported'\n"
        "print(zip_database.index_path())\n"
    )
    env = {"OUTREACH_INSTANCE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # The index was built into the instance folder, under the package's version.
    assert done.stdout.strip() == str(zip_database.index_path(tmp_path))
    assert zip_database.index_path(tmp_path).stat().st_size < 2_500_000
