"""A throwaway Redis server for the tests, from the machine's ``redis-server``.

It listens on 127.0.0.1 on a free port, keeps nothing on disk and is stopped
when the test session ends. A missing binary is an error with a clear message,
never a skip: shared rate-limit counters are part of what the suite checks.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from tests.net import free_port

INSTALL_HINT = (
    "redis-server was not found. Install it with `bash scripts/install-os-packages.sh` "
    "(Debian package `redis-server`)."
)


class RedisServer:
    """Start, use and stop one temporary Redis server."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError(INSTALL_HINT)
        self.binary = binary
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="outreach-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait until it answers PING."""
        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def flush(self) -> None:
        """Forget every key (each test starts with fresh counters)."""
        redis.Redis.from_url(self.url).flushall()

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)
