"""Jinja filters and template globals."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the filters on ``app``."""
