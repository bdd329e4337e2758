"""Page templates are compiled once per process and shared by every app in it."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from outreach import create_app
from outreach.jinja import BYTECODE_CACHE, ProcessBytecodeCache
from tests.conftest import make_config


def _compiles(env: Environment) -> list[str]:
    """Record the names of the templates ``env`` compiles from source."""
    seen: list[str] = []
    real = env.compile

    def compile_and_note(source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return real(source, name, filename, raw, defer_init)

    env.compile = compile_and_note  # type: ignore[method-assign]
    return seen


def test_a_second_app_loads_the_first_apps_compiled_templates(tmp_path):
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    first, second = (create_app(make_config(url)) for _ in range(2))
    assert first.jinja_env.bytecode_cache is BYTECODE_CACHE
    assert second.jinja_env.bytecode_cache is BYTECODE_CACHE
    first_compiles, second_compiles = _compiles(first.jinja_env), _compiles(second.jinja_env)
    first.jinja_env.get_template("errors/404.html")
    second.jinja_env.get_template("errors/404.html")
    # Compiled by whichever app of the process asked first (maybe an earlier test's).
    assert "errors/404.html" not in second_compiles
    assert second.jinja_env.get_template("errors/404.html") is not None
    assert first_compiles.count("errors/404.html") <= 1


def test_an_edited_template_is_compiled_anew():
    cache = ProcessBytecodeCache()
    sources = {"page.html": "Hello {{ name }}"}
    env = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert env.get_template("page.html").render(name="Ada") == "Hello Ada"
    sources["page.html"] = "Goodbye {{ name }}"
    fresh = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    compiled = _compiles(fresh)
    assert fresh.get_template("page.html").render(name="Ada") == "Goodbye Ada"
    assert compiled == ["page.html"]
    # The same source again, in a third environment: loaded, not compiled.
    third = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    again = _compiles(third)
    assert third.get_template("page.html").render(name="Ada") == "Goodbye Ada"
    assert again == []
