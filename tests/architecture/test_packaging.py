"""The package installs: ``pip install .`` builds a wheel that carries the whole app."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = ("outreach", "config.py", "wsgi.py", "pyproject.toml", "requirements.txt", "README.md")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built offline from a copy of the checkout (the build leaves files behind)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("outreach-*.whl")
    return built


def test_the_wheel_carries_every_module_and_data_file(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "outreach").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert modules <= names, sorted(modules - names)[:10]
    assert {"config.py", "wsgi.py", "outreach/api/openapi.yaml", "outreach/py.typed"} <= names


def test_the_wheel_requires_the_pinned_runtime_dependencies(wheel: Path):
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    requires = email.message_from_bytes(archive.read(metadata)).get_all("Requires-Dist")
    pins = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert sorted(r.replace(" ", "") for r in requires) == sorted(p.replace(" ", "") for p in pins)


def test_the_installed_package_imports(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
         "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    probe = (
        "import outreach, config\n"
        "from outreach.directory import lookup\n"
        "from outreach.api import views\n"
        "print(outreach.__file__)\n"
        "print(views.OPENAPI_PATH.is_file())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(site)}, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    where, has_openapi = done.stdout.split()
    assert Path(where).is_relative_to(site)
    assert has_openapi == "True"
