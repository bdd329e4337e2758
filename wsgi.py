"""WSGI entry point: ``gunicorn wsgi:app`` (and ``flask --app wsgi …`` for the commands)."""

import gc
import os

from outreach import create_app
from outreach.directory import zip_database

app = create_app()
# A `flask` command (the CLI sets FLASK_RUN_FROM_CLI) answers and exits: it needs
# neither the ZIP database read ahead nor the long-lived objects frozen.
if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
    # Load the ZIP database now, not during a supporter's first lookup.
    zip_database.warm()
    # Everything loaded so far lives as long as the process: move it out of the
    # cyclic collector's sight, so its full passes stay short under load.
    gc.collect()
    gc.freeze()
