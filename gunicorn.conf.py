"""gunicorn settings for production: ``gunicorn --config gunicorn.conf.py wsgi:app``.

Every value can be overridden with the environment variable named beside it.
``make bench`` serves with this file as it is (only the address and the control
socket differ) and reports what it holds: see bench/README.md.

- The app is loaded once, in the master, before the workers are forked
  (``preload_app``): a worker starts in milliseconds, shares the loaded code and
  data with the others (copy-on-write; ``wsgi.py`` freezes them out of the
  garbage collector's passes), and recycling one costs a fork, not an import.
- Workers are recycled after ``max_requests`` (with jitter, so that they do not
  all restart at once): a bound on any slow leak, cheap thanks to the preload.
- No access log by default: the reverse proxy in front keeps one, and writing a
  line per request costs throughput. ``GUNICORN_ACCESS_LOG=-`` writes it to stdout.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# A worker per core, plus one: each has threads for waiting clients, and a page cache
# of its own (fewer, busier workers keep it warmer).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
# Threads keep slow clients and keep-alive connections from holding a whole worker.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))
# Empty (the default) turns the access log off; "-" is stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse per-worker rate limits in production; warn when exposed without a proxy
    (see outreach/deployment.py)."""
    from outreach.web.deployment import gunicorn_starting

    gunicorn_starting(server)


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
