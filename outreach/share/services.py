"""The share package's services, built once by the application factory.

:func:`init_app` puts them in ``app.extensions``: ``share_images`` (the image
store and, in it, the per-version memory of alt texts), ``built_kits`` and
``built_exports`` (ZIP kits and directory exports built once per version).
The views and the ``assets render`` command read them from there, so the
command works whether or not the share blueprint is registered.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from outreach.share.rendering import ShareImages
from outreach.share.store import ShareStore
from outreach.web.built_files import BuiltFiles


def share_images(app: Flask) -> ShareImages:
    """The image service of ``app``'s configuration (``SHARE_CACHE_DIR``, ``SHARE_SITE_URL``)."""
    site = str(app.config.get("SHARE_SITE_URL", "") or "")
    return ShareImages(ShareStore(app.config["SHARE_CACHE_DIR"]), site)


def init_app(app: Flask) -> None:
    """Build the share services into ``app.extensions``."""
    app.extensions["share_images"] = share_images(app)
    built = Path(app.config["SHARE_CACHE_DIR"]) / "built"
    app.extensions["built_kits"] = BuiltFiles(built / "kits")
    app.extensions["built_exports"] = BuiltFiles(built / "exports")
