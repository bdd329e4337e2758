"""Command-line interface: ``flask directory …``."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the command groups on ``app``."""
