"""Probes of the production set-up: rate limits per worker, gunicorn exposed without a proxy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.web.deployment import (
    Settings,
    UnsafeDeployment,
    check_rate_limit_storage,
    proxy_warning,
)
from tests.conftest import ROOT
from tests.net import free_port

PRODUCTION = {"OUTREACH_ENV": "production"}


def settings(**env: str) -> Settings:
    return Settings.from_environ({**PRODUCTION, **env})


def test_production_refuses_in_memory_limits_with_several_workers():
    with pytest.raises(UnsafeDeployment, match="REDIS_URL"):
        check_rate_limit_storage(settings(), workers=5)


@pytest.mark.parametrize(
    ("env", "workers"),
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, 5),
        ({}, 1),
        ({"OUTREACH_ALLOW_PER_WORKER_LIMITS": "1"}, 5),
        ({"OUTREACH_RATELIMIT": "0"}, 5),
        ({"OUTREACH_ENV": "development"}, 5),
    ],
)
def test_shared_counters_one_worker_or_an_explicit_choice_may_start(env, workers):
    check_rate_limit_storage(settings(**env), workers=workers)


def test_gunicorn_with_five_workers_and_no_redis_refuses_to_start(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "REDIS"))}
    env.update(
        OUTREACH_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        OUTREACH_INSTANCE_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{free_port()}",
        GUNICORN_WORKERS="5",
    )
    env.pop("OUTREACH_RATELIMIT", None)
    env.pop("OUTREACH_ALLOW_PER_WORKER_LIMITS", None)
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
    assert "5 gunicorn workers" in result.stderr


@pytest.mark.parametrize("bind", ["0.0.0.0:8000", ":8000", "[::]:8000", "outreach.example:80"])
def test_an_exposed_production_gunicorn_without_a_proxy_is_warned_about(bind):
    warning = proxy_warning(settings(), [bind])
    assert warning
    assert bind in warning
    assert "nginx" in warning


@pytest.mark.parametrize(
    ("env", "bind"),
    [
        ({}, "127.0.0.1:8000"),
        ({}, "localhost:8000"),
        ({}, "unix:/run/outreach.sock"),
        ({}, "[::1]:8000"),
        ({"OUTREACH_TRUSTED_PROXIES": "1"}, "0.0.0.0:8000"),
        ({"OUTREACH_ENV": "development"}, "0.0.0.0:8000"),
    ],
)
def test_no_warning_behind_a_proxy_or_on_loopback(env, bind):
    assert proxy_warning(settings(**env), [bind]) is None
