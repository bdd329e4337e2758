"""What the shipped gunicorn.conf.py does to the processes it runs (read back from glibc)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

#: Eight threads allocate, then glibc's own report (malloc_info) lists the arenas in use.
ARENAS_SCRIPT = """
import ctypes, os, runpy, sys, tempfile, threading
if len(sys.argv) > 1:
    runpy.run_path(sys.argv[1])
libc = ctypes.CDLL("libc.so.6")
kept = []
together = threading.Barrier(8)
def allocate():
    together.wait()  # all alive at once: none can take over an arena another left
    kept.extend(bytearray(64 * 1024) for _ in range(50))
    together.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc.fdopen.restype = ctypes.c_void_p
with tempfile.TemporaryFile() as report:
    stream = ctypes.c_void_p(libc.fdopen(os.dup(report.fileno()), b"w"))
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    report.seek(0)
    print(report.read().decode().count("<heap nr="))
"""


def arenas(*args: str, **env: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", ARENAS_SCRIPT, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_threads_of_a_worker_share_two_malloc_arenas():
    """With glibc's default each thread may take an arena of its own; the config allows two."""
    assert arenas() > 2
    assert arenas(str(ROOT / "gunicorn.conf.py")) <= 2
    assert arenas(str(ROOT / "gunicorn.conf.py"), GUNICORN_MALLOC_ARENAS="0") > 2
