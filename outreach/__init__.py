"""Outreach: a campaign toolkit to find, and write to, one's elected officials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from config import BASE_DIR, Config


def create_app(config_class: type[Config] = Config) -> Flask:
    """Build the application from ``config_class`` (by default, the environment)."""
    from outreach.web.security import PublicUrlFlask

    app = PublicUrlFlask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "outreach" / "static"),
        instance_path=str(config_class.INSTANCE_DIR),
    )
    app.config.from_object(config_class)
    # The default SQLite database lives in instance/, which a fresh clone lacks.
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # DefaultJSONProvider's setting

    from outreach import jinja as filters
    from outreach import lazy
    from outreach.extensions import csrf, db, limiter, login_manager
    from outreach.web import errors, input_guard, logs, security

    logs.init_app(app)
    security.init_app(app)
    db.init_app(app)
    # Flask-Migrate and the command groups load on first use (outreach/lazy.py).
    lazy.init_app(app, db, BASE_DIR / "migrations")
    csrf.init_app(app)
    login_manager.init_app(app, add_context_processor=False)
    # Public pages must not read the session: reading it adds "Vary: Cookie",
    # which keeps shared caches (a CDN) from storing them. Sign-in never sets
    # remember-me cookies, so Flask-Login's hook that refreshes them (and reads
    # the session on every response) goes; the organizer blueprint provides
    # ``current_user`` to its own templates.
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
    limiter.init_app(app)
    _configure_sqlite(app)

    from outreach.organizers import accounts

    accounts.use_hash_method(app.config["PASSWORD_HASH_METHOD"])

    from outreach.api import views as api
    from outreach.campaign import views as campaign
    from outreach.campaign.evaluator import views as evaluate
    from outreach.campaign.policy import views as policy
    from outreach.directory.version import VersionedCache, VersionTracker
    from outreach.directory.views import exports, health, officials, reports
    from outreach.directory.views import home as main
    from outreach.letters import views as write
    from outreach.organizers.views import dashboard as organizers
    from outreach.organizers.views import directory as directory_admin
    from outreach.share import services as share_services
    from outreach.share import views as share

    app.extensions["directory_version"] = VersionTracker(app.config["DIRECTORY_VERSION_TTL"])
    app.extensions["page_cache"] = VersionedCache(
        app.config["PAGE_CACHE_ENTRIES"],
        max_bytes=app.config["PAGE_CACHE_MB"] * 1024 * 1024,
        sizeof=lambda cached: len(cached.body),
    )
    # The officials a correction touched, read once per directory version (the API).
    app.extensions["corrected_ids"] = VersionedCache(1)
    share_services.init_app(app)
    # What pages of one package show from another, passed by their views (never
    # asked for by a template): a page's link preview, a place's campaign standing.
    app.extensions["link_preview"] = share.share_meta
    app.extensions["share_page_url"] = share.share_page_url
    app.extensions["case_image_url"] = share.case_image_url
    app.extensions["campaign_standing"] = campaign.campaign_standing
    app.extensions["highlights"] = policy.highlights_box
    app.context_processor(share.default_preview)

    app.register_blueprint(main.bp)
    app.register_blueprint(officials.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(campaign.bp)
    app.register_blueprint(policy.bp)
    app.register_blueprint(evaluate.bp)
    app.register_blueprint(organizers.bp)
    app.register_blueprint(write.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(share.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(directory_admin.bp)
    csrf.exempt(api.bp)

    _load_letters(app)
    errors.init_app(app)
    input_guard.init_app(app)
    filters.init_app(app)
    return app


def _configure_sqlite(app: Flask) -> None:
    """Turn on WAL (readers keep the old snapshot during a sync) and foreign keys."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    from outreach.extensions import db

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _on_connect(
            dbapi_connection: Any, _record: object
        ) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in app.config["SQLALCHEMY_DATABASE_URI"]:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()


def _load_letters(app: Flask) -> None:
    """Load the letter templates once; report broken files, keep the rest working."""
    from outreach.letters.catalog import load_catalog

    catalog = load_catalog(Path(app.config["LETTERS_DIR"]))
    for error in catalog.errors:
        app.logger.warning("Letter template not loaded: %s", error)
    app.extensions["letters"] = catalog
