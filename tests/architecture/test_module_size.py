"""Small modules named for their job: none of the package's modules runs past 500 lines."""

from __future__ import annotations

from tests.conftest import ROOT

MAX_LINES = 500


def test_no_module_is_over_the_limit():
    long = {
        str(path.relative_to(ROOT)): count
        for path in (ROOT / "outreach").rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
