"""The benchmark's mixed load (bench/locustfile.py, bench/mix.py): not timed.

Every request the locustfile makes is built by :mod:`bench.mix_plan`; here
each one is made through the test client on a seeded database and must
answer 200. The host guard, the Locust command line and the reading of
Locust's CSV statistics are checked without running Locust (importing it
would patch the standard library with gevent).
"""

from __future__ import annotations

import ast
import csv
import itertools
from pathlib import Path

import pytest

from bench import mix, mix_plan
from bench.mix_plan import HostRefused, MixPlan
from outreach.campaign import content
from outreach.models import Person
from tests.factories import make_person, make_zip

LOCUSTFILE = Path(mix.LOCUSTFILE)

#: Locust 2.x's ``_stats.csv`` header, exactly as it writes it.
STATS_HEADER = [
    "Type",
    "Name",
    "Request Count",
    "Failure Count",
    "Median Response Time",
    "Average Response Time",
    "Min Response Time",
    "Max Response Time",
    "Average Content Size",
    "Requests/s",
    "Failures/s",
    "50%",
    "66%",
    "75%",
    "80%",
    "90%",
    "95%",
    "98%",
    "99%",
    "99.9%",
    "99.99%",
    "100%",
]


@pytest.fixture
def plan(session) -> MixPlan:
    """The campaign content as the bench loads it, a few ZIP codes and officials of
    every office the mix writes to; the plan drawn from them as the bench draws it."""
    content.load_content(
        session, content.read_content(content.DEFAULT_PATH), source="campaign.yaml"
    )
    make_zip(session, "95814", "CA", "7")
    make_zip(session, "80202", "CO", "1")
    make_zip(session, "68508", "NE", "1")
    make_person(session, name="Alex Padilla", office="us_senator", district=None)
    make_person(session, name="Doris Matsui", office="us_representative", district="7")
    make_person(session, name="Gavin Newsom", office="governor", district=None, email=None)
    make_person(session, name="Roger Niello", office="state_senator", district="6")
    make_person(
        session, name="Maggy Krell", office="state_representative", district="6", email=None
    )
    make_person(session, name="Pat Ward", office="state_representative", state="CO")
    make_person(
        session, name="Jo Unicam", office="state_legislator", state="NE", chamber="legislature"
    )
    # An office the mix does not write to: not in the plan.
    make_person(session, name="Rob Bonta", office="attorney_general", district=None)
    session.commit()
    return mix.plan_from_session(session)


def test_the_plan_comes_from_the_database(plan: MixPlan, session):
    assert sorted(plan.zips) == ["68508", "80202", "95814"]
    # the map's jurisdictions the database has, in map (name) order, then the cities
    assert plan.states == ["CA", "CO", "NE", "NYC"]
    assert len(plan.officials) == 7
    offices = {session.get(Person, i).role.office for i in plan.officials}
    assert offices == set(mix.OFFICES)


def test_every_get_of_the_mix_answers_200(client, plan: MixPlan):
    paths = mix_plan.get_paths(plan)
    assert set(paths) == {kind for kind in mix_plan.TASKS if kind != mix_plan.LETTER_RENDER}
    for kind, found in paths.items():
        assert found, kind
        for path in found:
            response = client.get(path)
            assert response.status_code == 200, (kind, path, response.status_code)
            if kind in (mix_plan.STATE_IMAGE, mix_plan.CAMPAIGN_IMAGE):
                assert response.mimetype == "image/png"
                assert response.data.startswith(b"\x89PNG")


def test_every_letter_render_body_is_accepted(client, plan: MixPlan):
    bodies = mix_plan.render_bodies(plan)
    assert [b["official_id"] for b in bodies] == plan.officials
    # and every sender with every story, for one official
    bodies += [
        mix_plan.render_body(plan.officials[0], _Fixed(sender, story))
        for sender, story in itertools.product(mix_plan.SENDERS, mix_plan.STORIES)
    ]
    for body in bodies:
        response = client.post(mix_plan.RENDER_PATH, json=body)
        assert response.status_code == 200, (body, response.get_json())
        answer = response.get_json()
        assert answer["official_id"] == body["official_id"]
        assert answer["body"]
        if body.get("story") and answer["channel"] != "call":  # a call script has no story
            assert body["story"] in answer["body"]


class _Fixed:
    """A stand-in for random.Random whose choice() gives the sender, then the story."""

    def __init__(self, *picks: object) -> None:
        """``picks``: what each call of :meth:`choice` returns, in order."""
        self.picks = list(picks)

    def choice(self, _options: object) -> object:
        """The next pick, whatever the options."""
        return self.picks.pop(0)


def test_the_locustfile_makes_every_kind_of_request_with_the_shared_builders():
    tree = ast.parse(LOCUSTFILE.read_text())
    weighted = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "id", None) == "task"
                    and isinstance(decorator.args[0], ast.Call)
                ):
                    weighted.add(decorator.args[0].args[0].id)
    kinds = {name: getattr(mix_plan, name) for name in weighted}
    assert set(kinds.values()) == set(mix_plan.TASKS)
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "mix_plan"
    }
    builders = {
        "home_path",
        "api_lookup_path",
        "results_page_path",
        "state_page_path",
        "state_image_path",
        "campaign_image_path",
        "write_page_path",
        "render_body",
        "RENDER_PATH",
        "check_host",
    }
    assert builders <= used


def test_weights_add_up_to_100_and_names_are_routes():
    assert sum(weight for weight, _ in mix_plan.TASKS.values()) == 100
    names = [name for _, name in mix_plan.TASKS.values()]
    assert len(set(names)) == len(names)
    assert all(name.startswith("/") for name in names)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://127.0.0.1", "http://127.0.0.1:41234/"],
)
def test_the_host_guard_accepts_127_0_0_1(url: str):
    assert mix_plan.check_host(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "127.0.0.1:8000",
        "http://localhost:8000",
        "https://127.0.0.1:8000",
        "http://127.0.0.2:8000",
        "http://0.0.0.0:8000",
        "http://[::1]:8000",
        "http://example.org",
        "http://127.0.0.1.example.org:8000",
        "http://user:secret@127.0.0.1:8000",
        "http://127.0.0.1:8000/elsewhere",
        "http://127.0.0.1:8000/?x=1",
        "http://127.0.0.1:0",
        "http://127.0.0.1:99999",
        "http://127.0.0.1:port",
    ],
)
def test_the_host_guard_refuses_any_other_host(url: str | None):
    with pytest.raises(HostRefused):
        mix_plan.check_host(url)


def test_the_locust_command_is_bounded_and_refuses_other_hosts(tmp_path: Path):
    command = mix.locust_command("http://127.0.0.1:8123", tmp_path / "locust", 7, 3)
    assert command[command.index("--host") + 1] == "http://127.0.0.1:8123"
    assert command[command.index("--run-time") + 1] == "7s"
    assert command[command.index("--users") + 1] == "3"
    assert command[command.index("--locustfile") + 1] == str(LOCUSTFILE)
    assert {"--headless", "--only-summary", "--stop-timeout", "--csv"} <= set(command)
    for url in ("http://example.org", "http://localhost:8123", "https://127.0.0.1:8123"):
        with pytest.raises(HostRefused):
            mix.locust_command(url, tmp_path / "locust", 7, 3)


def test_the_plan_file_round_trips(tmp_path: Path):
    plan = MixPlan(zips=["95814"], states=["CA", "NYC"], officials=[3, 1], seed=5)
    assert MixPlan.read(plan.write(tmp_path / "plan.json")) == plan
    with pytest.raises(ValueError, match="officials"):
        MixPlan.read(MixPlan(zips=["95814"], states=["CA"]).write(tmp_path / "empty.json"))


def _write_stats(path: Path, rows: list[list[object]]) -> Path:
    """A ``_stats.csv`` as Locust writes it: its header, then ``rows``."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(STATS_HEADER)
        writer.writerows(rows)
    return path


def _row(method: str, name: str, count: int, failures: int, rps: float, p99: object) -> list:
    """One row of Locust's stats; percentiles are ``N/A`` without requests, as Locust writes."""
    percentiles = ["N/A"] * 11 if count == 0 else [10, 12, 14, 15, 20, 30, 40, p99, 200, 200, 200]
    return [method, name, count, failures, 10, 11.5, 2.0, 200.5, 1234.0, rps, 0.0, *percentiles]


def test_parse_stats_csv_reads_locusts_columns(tmp_path: Path):
    path = _write_stats(
        tmp_path / "locust_stats.csv",
        [
            _row("GET", "/", 150, 0, 15.0, 90),
            _row("POST", "/api/v1/letters/render", 100, 2, 10.0, 120),
            _row("GET", "/lookup?zip=[zip]", 220, 0, 22.0, 110),
            _row("GET", "/share/campaign.png", 0, 0, 0.0, None),
            _row("", "Aggregated", 470, 2, 47.0, 115),
        ],
    )
    endpoints, total = mix.parse_stats_csv(path)
    assert [e.name for e in endpoints] == [
        "/",
        "/api/v1/letters/render",
        "/lookup?zip=[zip]",
        "/share/campaign.png",
    ]
    render = endpoints[1]
    assert render.method == "POST"
    assert render.label == "POST /api/v1/letters/render"
    assert (render.requests, render.failures, render.rps, render.p99_ms) == (100, 2, 10.0, 120.0)
    assert render.median_ms == 10.0
    assert render.max_ms == 200.5
    assert render.p95_ms == 30.0
    assert endpoints[3].p99_ms is None
    assert endpoints[3].median_ms == 10.0
    assert total.label == "all requests"
    assert (total.requests, total.failures, total.rps, total.p99_ms) == (470, 2, 47.0, 115.0)
    ordered = [e.name for e in mix.in_task_order(endpoints)]
    assert ordered == ["/", "/lookup?zip=[zip]", "/share/campaign.png", "/api/v1/letters/render"]


def test_parse_stats_csv_refuses_a_file_that_is_not_locusts(tmp_path: Path):
    no_total = _write_stats(tmp_path / "a_stats.csv", [_row("GET", "/", 1, 0, 1.0, 5)])
    with pytest.raises(ValueError, match="Aggregated"):
        mix.parse_stats_csv(no_total)
    other = tmp_path / "b_stats.csv"
    other.write_text("Name,Count\n/,1\n")
    with pytest.raises(ValueError, match="missing columns"):
        mix.parse_stats_csv(other)


def test_the_report_rows_judge_failures_and_p99(tmp_path: Path):
    path = _write_stats(
        tmp_path / "locust_stats.csv",
        [
            _row("GET", "/", 150, 0, 15.0, 90),
            _row("POST", "/api/v1/letters/render", 100, 2, 10.0, mix.MAX_ENDPOINT_P99_MS + 10),
            _row("", "Aggregated", 250, 2, 25.0, 115),
        ],
    )
    endpoints, total = mix.parse_stats_csv(path)
    result = mix.MixResult(users=10, seconds=20, endpoints=endpoints, total=total)
    rows = {m.name: m for m in result.measures()}
    assert rows["Mix: requests/second"].value == 25.0
    assert rows["Mix: requests/second"].verdict == "info"
    assert rows["Mix: p99 latency (all requests)"].verdict == "PASS"
    failures = rows["Mix: failures (not 200, or no answer)"]
    assert failures.value == 2
    assert failures.verdict == "FAIL"
    assert "POST /api/v1/letters/render: 2" in failures.note
    assert rows["Mix: GET / p99"].verdict == "PASS"
    assert rows["Mix: POST /api/v1/letters/render p99"].verdict == "FAIL"
    details = result.details()
    assert details["total"]["rps"] == 25.0
    assert [e["name"] for e in details["endpoints"]] == ["/", "/api/v1/letters/render"]
    error = mix.MixResult(users=10, seconds=20, error="Locust exited with 1")
    assert [m.verdict for m in error.measures()] == ["error"]
    total.requests = 0
    idle = mix.MixResult(users=10, seconds=20, endpoints=[], total=total)
    assert [(m.verdict, m.note) for m in idle.measures()] == [("error", "Locust made no requests")]
