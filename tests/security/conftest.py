"""Fixtures of the red-team probes: the app served by a real HTTP server.

The probes attack the app as a stranger would, over HTTP on 127.0.0.1, with
many requests at once: a threaded werkzeug server (one process, a thread per
request) on a fresh database of each kind in :data:`tests.conftest.DATABASES`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

HOST = "127.0.0.1"


class QuietHandler(WSGIRequestHandler):
    """No access log on the test's output."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class LiveServer:
    """A running server: its app (for set-up in an app context) and its base URL."""

    app: Flask
    url: str


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` on 127.0.0.1 and a free port, a thread per request, until the block ends."""
    server = make_server(HOST, 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://{HOST}:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
