"""The public JSON API: the directory's record, the OpenAPI document, CORS, faults, serializers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from outreach.api import serialize
from outreach.directory import lookup
from tests.api.helpers import (
    error_of,
)
from tests.factories import make_person, make_sync


def test_directory_before_any_sync(client):
    assert client.get("/api/v1/directory").get_json() == {
        "directory_as_of": None,
        "data_as_of": {"synced": None, "sources": []},
        "sync": None,
    }


def test_directory_reports_the_latest_successful_sync(client, session):
    make_sync(session, source="https://mirror.example/data")
    good = make_sync(
        session,
        source="/srv/outreach/shared/directory",
        upstream={
            "congress-legislators": {"commit": "abc123", "commit_date": "2026-06-15"},
            "openstates-people": {"file_date": "2026-08-05", "newest_record": "2026-07-01"},
        },
        counts={"people": 3, "by_office": {"governor": 1}},
        warnings=["a", "b"],
    )
    good.finished_at = datetime(2026, 8, 5, 12, 30, 15, 123)
    good.started_at = datetime(2026, 8, 5, 12, 29, 0)
    make_sync(session, source="later-but-failed", status="failed")
    session.flush()
    body = client.get("/api/v1/directory").get_json()
    sources = {s["source"]: s for s in body.pop("data_as_of")["sources"]}
    assert sources["congress-legislators"]["date"] == "2026-06-15"
    assert sources["congress-legislators"]["date_kind"] == "commit"
    assert sources["openstates-people"]["date"] == "2026-08-05"
    assert sources["openstates-people"]["date_kind"] == "file"
    assert sources["openstates-people"]["newest_record"] == "2026-07-01"
    assert sources["us-zipcodes-congress"]["date"] is None
    assert body == {
        "directory_as_of": "2026-08-05",
        "sync": {
            "source": "local:directory",
            "upstream": {
                "congress-legislators": {"commit": "abc123", "commit_date": "2026-06-15"},
                "openstates-people": {"file_date": "2026-08-05", "newest_record": "2026-07-01"},
            },
            "started_at": "2026-08-05T12:29:00Z",
            "finished_at": "2026-08-05T12:30:15Z",
            "counts": {"people": 3, "by_office": {"governor": 1}},
            "warning_count": 2,
        },
    }


def test_openapi_document_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json()["openapi"].startswith("3.1")


def test_api_allows_any_origin(client, people):
    assert client.get("/api/v1/lookup?zip=94103").headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/lookup").headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_api_path_and_method_answer_json(client):
    error_of(client.get("/api/v1/nothing-here"), 404, "not_found")
    error_of(client.post("/api/v1/lookup?zip=94103"), 405, "method_not_allowed")


def test_unexpected_fault_is_a_json_500(client, monkeypatch):
    def boom(_session):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(lookup, "latest_sync", boom)
    message = error_of(client.get("/api/v1/directory"), 500, "internal_error")
    assert "fire" not in message


# -- serialize helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("office", "state", "district", "label"),
    [
        ("us_representative", "CA", "12", "CA-12"),
        ("us_representative", "AK", "0", "AK at-large"),
        ("us_senator", "CA", None, None),
        ("state_senator", "MN", "21A", "District 21A"),
        ("state_senator", "AK", "B", "District B"),
        ("state_representative", "NH", "Hillsborough 12", "Hillsborough 12"),
        ("state_legislator", "DC", "Ward 1", "Ward 1"),
        ("state_legislator", "DC", "At-Large", "At-Large"),
        ("state_representative", "MA", "10th Bristol", "10th Bristol"),
    ],
)
def test_district_label(office, state, district, label):
    assert serialize.district_label(office, state, district) == label


@pytest.mark.parametrize(
    ("platform", "handle", "url"),
    [
        ("twitter", "@SenSam", "https://x.com/SenSam"),
        ("facebook", "sen.sam", "https://www.facebook.com/sen.sam"),
        ("instagram", "sensam", "https://www.instagram.com/sensam"),
        ("youtube", "SenSamTube", "https://www.youtube.com/user/SenSamTube"),
        ("youtube", "@sensam", "https://www.youtube.com/@sensam"),
        ("mastodon", "@sam@Social.example", "https://social.example/@sam"),
        (
            "youtube_channel",
            "UCr4KOYv1o1oEQhy1jhhm3pQ",
            "https://www.youtube.com/channel/UCr4KOYv1o1oEQhy1jhhm3pQ",
        ),
        ("bluesky", "@sam.bsky.social", "https://bsky.app/profile/sam.bsky.social"),
        ("mastodon", "sam", None),
        ("myspace", "sam", None),
        ("facebook", "https://facebook.com/sam", "https://facebook.com/sam"),
        ("twitter", "a/../b?c", "https://x.com/a%2F..%2Fb%3Fc"),
    ],
)
def test_social_url(platform, handle, url):
    assert serialize.social_url(platform, handle) == url


@pytest.mark.parametrize(
    ("source", "public"),
    [
        ("upstream repositories", "upstream repositories"),
        ("/srv/outreach/mirror/directory/", "local:directory"),
        (
            "https://user:secret@mirror.example:8443/data?token=x#f",
            "https://mirror.example:8443/data",
        ),
        ("http://[broken/data", "http://"),
    ],
)
def test_public_source_hides_paths_and_credentials(source, public):
    assert serialize.public_source(source) == public


def test_serializing_a_person_without_office_is_refused(session):
    person = make_person(session)
    person.roles.clear()
    with pytest.raises(ValueError, match="holds no office"):
        serialize.official(person, today=date.today())
