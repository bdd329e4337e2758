"""URL builders compiled once per process, shared by every app, and still right."""

from __future__ import annotations

from flask import Flask

from outreach import create_app
from outreach.web.routing import CompiledOnceRule, builders_compiled
from tests.conftest import make_config


def small_app(prefix: str) -> Flask:
    """An app with rules that differ only in their defaults and converters."""
    app = Flask(__name__)
    app.url_rule_class = CompiledOnceRule
    app.add_url_rule(f"/{prefix}/list/", "first", defaults={"page": 1})
    app.add_url_rule(f"/{prefix}/list/<int:page>", "first")
    app.add_url_rule(f"/{prefix}/n/<int(fixed_digits=4):n>", "padded")
    app.add_url_rule(f"/{prefix}/s/<n>", "plain")
    return app


def test_a_second_app_compiles_no_builder(tmp_path):
    create_app(make_config(f"sqlite:///{tmp_path / 'a.sqlite3'}"))
    before = builders_compiled()
    assert before > 0
    second = create_app(make_config(f"sqlite:///{tmp_path / 'b.sqlite3'}", PUBLIC_URL=""))
    assert builders_compiled() == before
    with second.test_request_context():
        from flask import url_for

        assert url_for("officials.lookup", zip="80203") == "/lookup?zip=80203"
        assert url_for("static", filename="css/site.css").startswith("/static/")


def test_shared_builders_use_each_rule_s_own_converters_and_defaults():
    app = small_app("x")
    with app.test_request_context():
        from flask import url_for

        assert url_for("first") == "/x/list/"
        assert url_for("first", page=3) == "/x/list/3"
        assert url_for("padded", n=7) == "/x/n/0007"
        assert url_for("plain", n="a b") == "/x/s/a%20b"
        assert url_for("plain", n="b", extra="1") == "/x/s/b?extra=1"
    # The same rules in another app: the builders are shared, the answers the same.
    other = small_app("x")
    with other.test_request_context():
        from flask import url_for

        assert url_for("padded", n=12) == "/x/n/0012"
        assert url_for("first", page=2) == "/x/list/2"
    # Another prefix is another rule, with builders of its own.
    before = builders_compiled()
    third = small_app("y")
    assert builders_compiled() > before
    with third.test_request_context():
        from flask import url_for

        assert url_for("padded", n=5) == "/y/n/0005"
