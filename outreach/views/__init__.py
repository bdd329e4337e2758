"""Blueprints: thin views over :mod:`outreach.services`."""
