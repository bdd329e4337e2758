"""Fixtures of the JSON API's tests: the factory directory, a stand-in address lookup."""

from __future__ import annotations

import pytest

from outreach.directory import lookup
from tests.api.helpers import build_directory


@pytest.fixture
def people(session):
    return build_directory(session)


@pytest.fixture
def address_lookup(monkeypatch):
    """The address module, with ``lookup_address`` replaced by a recorder."""
    from outreach.directory import address_lookup as module

    calls: list[dict] = []
    outcome: dict = {}

    def fake(session, address, *, zip_code=None, config=None):
        calls.append({"address": address, "zip_code": zip_code, "config": config})
        if "error" in outcome:
            raise outcome["error"]
        result = lookup.lookup_zip(
            session, "94103", legislative={"CA": {"upper": "10", "lower": "20"}}
        )
        result.source = "address"
        result.ambiguous = False
        result.matched_address = "1 DR CARLTON B GOODLETT PL, SAN FRANCISCO, CA, 94102"
        return result

    monkeypatch.setattr(module, "lookup_address", fake)
    monkeypatch.setattr(module, "calls", calls, raising=False)
    monkeypatch.setattr(module, "outcome", outcome, raising=False)
    return module
