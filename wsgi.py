"""WSGI entry point: ``gunicorn wsgi:app``."""

import gc

from outreach import create_app
from outreach.directory import zip_database

app = create_app()
# Load the ZIP database now, not during a supporter's first lookup.
zip_database.warm()
# Everything loaded so far lives as long as the process: move it out of the
# cyclic collector's sight, so its full passes stay short under load.
gc.collect()
gc.freeze()
