"""WSGI entry point: ``gunicorn wsgi:app``."""

from outreach import create_app
from outreach.services import zip_database

app = create_app()
# Load the ZIP database now, not during a supporter's first lookup.
zip_database.warm()
