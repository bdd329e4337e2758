"""gunicorn settings for production: ``gunicorn --config gunicorn.conf.py wsgi:app``.

Every value can be overridden with the environment variable named beside it.
``make bench`` serves with this file as it is (only the address and the control
socket differ) and reports what it holds: see bench/README.md.

- The app is loaded once, in the master, before the workers are forked
  (``preload_app``): a worker starts in milliseconds, shares the loaded code and
  data with the others (copy-on-write; ``wsgi.py`` freezes them out of the
  garbage collector's passes), and recycling one costs a fork, not an import.
- Workers are recycled after ``max_requests`` (with jitter, so that they do not
  all restart at once): a bound on any slow leak. Every cache a worker keeps is
  bounded (the page cache by entries and bytes, the lookups' index by one per
  directory version), so the bound is high: a recycled worker starts with a cold
  page cache and renders again every page it is asked for (about 35 ms for a
  results page, 8 ms for a JSON lookup, against well under 1 ms from the cache).
  Measured with ``make bench`` on 2 cores, recycling after 50,000 requests cost
  a third of the results page's throughput (28% of the floor against 42% without
  recycling, in 30 s runs one after the other). After 1,000,000 requests (about 1 ms of
  CPU each under load), refilling the cache costs about 1% of a worker's time
  when visitors ask for a few hundred ZIP codes (200 × 43 ms), and at most about
  14% when they ask for more than the cache holds (4,096 pages × 35 ms).
- The master builds the lookups' index before it forks (``when_ready``), so a
  new worker answers its first lookup from memory too.
- Workers: one per core plus one, each with 4 threads. On 2 cores, 2 and 3
  workers served the same share of the floor within the noise of a shared
  machine (53–57% for the JSON lookup, 40–42% for the page, in 30 s runs while
  the page caches were still filling); the extra worker keeps a core busy while
  another waits for the database or a slow client. Threads let keep-alive
  connections and slow clients wait without holding a whole worker.
- Two malloc arenas per process (``malloc_arenas``, glibc's ``M_ARENA_MAX``, set
  in the master and inherited): by default glibc gives each allocating thread an
  arena of its own, which keeps the memory it freed. After ``make bench``'s mixed
  load the largest worker held 110 MiB with two arenas (978 requests) against
  124 MiB with glibc's default (451 requests), runs one after the other.
- No access log by default: the reverse proxy in front keeps one, and writing a
  line per request costs throughput. ``GUNICORN_ACCESS_LOG=-`` writes it to stdout.
"""

import ctypes
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# A worker per core, plus one (see above): each has threads for waiting clients, and a
# page cache of its own.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
# Threads keep slow clients and keep-alive connections from holding a whole worker.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "50000"))
# Empty (the default) turns the access log off; "-" is stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# Malloc arenas per process (see above); 0 leaves glibc's default (up to 8 per core).
malloc_arenas = int(os.environ.get("GUNICORN_MALLOC_ARENAS", "2"))


def _limit_malloc_arenas(count: int) -> None:
    """glibc's ``M_ARENA_MAX`` for this process and the workers it forks (elsewhere: nothing)."""
    if count <= 0:
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, count)  # M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc
        return


_limit_malloc_arenas(malloc_arenas)


def on_starting(server):
    """Refuse per-worker rate limits in production; warn when exposed without a proxy
    (see outreach/deployment.py)."""
    from outreach.web.deployment import gunicorn_starting

    gunicorn_starting(server)


def when_ready(server):
    """With the app preloaded, build the lookups' index in the master, before any fork.

    Every worker (and every worker that replaces one) then starts with the
    officials a ZIP code reaches (outreach/directory/reach_index.py) instead of
    reading them on its first lookup. The master's connections are closed
    again, and what was built joins what the garbage collector leaves alone.
    """
    if not server.cfg.preload_app:
        return
    import gc

    from outreach.directory import reach_index
    from outreach.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        reach_index.warm(db.session)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """Give each worker database connections of its own: none crosses a fork.

    With ``preload_app`` the engine was built in the master; its pool is
    forgotten here (without closing the master's connections, if it had any).
    """
    app = server.app.wsgi() if server.cfg.preload_app else None  # the loaded Flask app
    database = getattr(app, "extensions", {}).get("sqlalchemy")
    if database is None:
        return
    with app.app_context():
        for engine in database.engines.values():
            engine.dispose(close=False)
