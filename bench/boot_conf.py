"""gunicorn settings for the worker-boot measure: the shipped ones, plus two notes.

Everything comes from the project's gunicorn.conf.py (its own ``post_fork``
included). Each worker writes to ``BENCH_BOOT_LOG`` the moment it was forked
(first thing in ``post_fork``, in the child) and the moment it finished its
first answer (``post_request``): ``bench/boot.py`` reads the difference.
"""

import os
import time
from pathlib import Path
from runpy import run_path

_SHIPPED = run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
globals().update({name: value for name, value in _SHIPPED.items() if name.islower()})
_shipped_post_fork = _SHIPPED.get("post_fork")
_answered = False


def _note(event: str) -> None:
    with open(os.environ["BENCH_BOOT_LOG"], "a") as log:
        log.write(f"{event} {os.getpid()} {time.time():.6f}\n")


def post_fork(server, worker):
    _note("fork")
    if _shipped_post_fork is not None:
        _shipped_post_fork(server, worker)


def post_request(worker, req, environ, resp):
    global _answered
    if not _answered:
        _answered = True
        _note("answer")
