"""URL rules whose URL builders are compiled once per process, not once per app.

Werkzeug turns every URL rule into a small Python function that builds its URLs
(for ``url_for``), by writing its syntax tree and compiling it: about nine tenths
of the time ``create_app`` takes. The function depends only on the rule's text,
its parts and its defaults, never on the app, so every app built in the process
(each CLI command's, each test's) can share it. It is bound to each rule as
Werkzeug does, and reads the rule's own converters when it runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import ClassVar

from werkzeug.routing import Rule


class CompiledOnceRule(Rule):
    """A :class:`werkzeug.routing.Rule` that reuses URL builders compiled before."""

    _builders: ClassVar[dict[Hashable, Callable[..., tuple[str, str]]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _builder_key(self, append_unknown: bool) -> Hashable | None:
        """What the compiled builder depends on, or None when it cannot be told."""
        trace = getattr(self, "_trace", None)
        converters = getattr(self, "_converters", None)
        if trace is None or converters is None:
            return None
        defaults = self.defaults or {}
        try:
            # A default for a part of the rule is compiled in as its URL text.
            resolved = tuple(
                (name, converters[name].to_url(value))
                for name, value in defaults.items()
                if name in converters
            )
            key = (self.rule, append_unknown, tuple(trace), tuple(defaults), resolved)
            hash(key)
        except (TypeError, KeyError, ValueError):
            return None
        return key

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        key = self._builder_key(append_unknown)
        if key is None:
            return super()._compile_builder(append_unknown)
        with self._lock:
            builder = self._builders.get(key)
        if builder is None:
            builder = super()._compile_builder(append_unknown)
            with self._lock:
                self._builders[key] = builder
        return builder


def builders_compiled() -> int:
    """How many URL builders this process has compiled (for the tests)."""
    return len(CompiledOnceRule._builders)
