"""The mixed load: a supporter's requests, weighted, for Locust.

Run by ``bench/mix.py`` (``python -m bench``) against the benchmark's gunicorn
on 127.0.0.1; by hand, from the project root, with a plan file written by
``bench.mix.collect_plan``::

    OUTREACH_MIX_PLAN=plan.json PYTHONPATH=. .venv/bin/locust -f bench/locustfile.py \\
        --headless --host http://127.0.0.1:8000 --users 10 --spawn-rate 10 --run-time 20s

The requests themselves (paths, render bodies, weights) are built in
:mod:`bench.mix_plan`, which the tests import without importing Locust.
Any host but ``http://127.0.0.1[:port]`` stops the run before a request is made.
"""

from __future__ import annotations

import logging
import os
import random
from functools import cache
from pathlib import Path

from locust import FastHttpUser, between, events, task
from locust.env import Environment

from bench import mix_plan
from bench.mix_plan import (
    API_LOOKUP,
    CAMPAIGN_IMAGE,
    HOME,
    LETTER_RENDER,
    RESULTS_PAGE,
    STATE_IMAGE,
    STATE_PAGE,
    TASKS,
    WRITE_PAGE,
    MixPlan,
)


@events.init.add_listener
def _refuse_other_hosts(environment: Environment, **_kwargs: object) -> None:
    """Stop before any user starts unless the host is http://127.0.0.1[:port]."""
    try:
        mix_plan.check_host(environment.host)
    except mix_plan.HostRefused as error:
        logging.error("%s", error)
        # SystemExit is not caught by Locust's event hooks: the process ends here.
        raise SystemExit(2) from None


@cache
def plan() -> MixPlan:
    """The plan file named by ``OUTREACH_MIX_PLAN`` (read once per process)."""
    path = os.environ.get(mix_plan.PLAN_ENV)
    if not path:
        raise RuntimeError(f"set {mix_plan.PLAN_ENV} to a plan file (see bench/mix.py)")
    return MixPlan.read(Path(path))


def _weight(kind: str) -> int:
    """How often ``kind`` is picked (out of 100)."""
    return TASKS[kind][0]


def _name(kind: str) -> str:
    """The name ``kind``'s figures are grouped under (one per route, not per URL)."""
    return TASKS[kind][1]


class Supporter(FastHttpUser):
    """One person on the site: lands, looks up their ZIP code, reads, writes.

    ``wait_time``: real people pause for seconds between clicks; simulating
    that would take thousands of users, more than one Locust process can drive
    on the benchmark's small machine. Each user here stands for many people
    with the pauses compressed: a short random wait (0-50 ms, 25 ms on
    average) keeps the users out of lockstep while the run's few users (more
    than gunicorn's workers) still keep every worker busy, so the requests per
    second are what the server can do with this mix, not what the users ask for.

    FastHttpUser (geventhttpclient) rather than HttpUser (requests): it costs
    the load generator several times less CPU, and on a 2-core machine Locust
    shares the CPUs with gunicorn. Redirects are not followed: every request
    must answer 200 itself, anything else is counted as a failure.
    """

    wait_time = between(0.0, 0.05)

    def on_start(self) -> None:
        """Each user draws from the plan with its own random stream."""
        self.plan = plan()
        self.rng = random.Random()

    def _get(self, path: str, kind: str) -> None:
        """GET ``path``, counted under ``kind``'s name; anything but 200 is a failure."""
        with self.client.get(
            path, name=_name(kind), allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            else:
                response.success()

    @task(_weight(HOME))
    def home(self) -> None:
        """The home page."""
        self._get(mix_plan.home_path(), HOME)

    @task(_weight(RESULTS_PAGE))
    def results_page(self) -> None:
        """The results page of a ZIP code."""
        self._get(mix_plan.results_page_path(self.rng.choice(self.plan.zips)), RESULTS_PAGE)

    @task(_weight(API_LOOKUP))
    def api_lookup(self) -> None:
        """The JSON lookup of a ZIP code."""
        self._get(mix_plan.api_lookup_path(self.rng.choice(self.plan.zips)), API_LOOKUP)

    @task(_weight(STATE_PAGE))
    def state_page(self) -> None:
        """A state's (or a city's) page."""
        self._get(mix_plan.state_page_path(self.rng.choice(self.plan.states)), STATE_PAGE)

    @task(_weight(STATE_IMAGE))
    def state_image(self) -> None:
        """A state's share image."""
        self._get(mix_plan.state_image_path(self.rng.choice(self.plan.states)), STATE_IMAGE)

    @task(_weight(CAMPAIGN_IMAGE))
    def campaign_image(self) -> None:
        """The campaign's share image."""
        self._get(mix_plan.campaign_image_path(), CAMPAIGN_IMAGE)

    @task(_weight(WRITE_PAGE))
    def write_page(self) -> None:
        """The page for writing to one official."""
        self._get(mix_plan.write_page_path(self.rng.choice(self.plan.officials)), WRITE_PAGE)

    @task(_weight(LETTER_RENDER))
    def letter_render(self) -> None:
        """A letter rendered through the API."""
        official_id = self.rng.choice(self.plan.officials)
        body = mix_plan.render_body(official_id, self.rng)
        with self.client.post(
            mix_plan.RENDER_PATH,
            json=body,
            name=_name(LETTER_RENDER),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"render for {official_id} answered {response.status_code}")
            else:
                response.success()
