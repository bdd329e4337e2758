"""What the letters read of an official: the shape both a directory row and its
read-only view have (:data:`outreach.directory.lookup.Official`).

The role and the contact offices are handed on to the directory's labels,
which take either kind, so they are left untyped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class LetterOfficial(Protocol):
    """An official a letter is written to."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def family_name(self) -> str | None: ...

    @property
    def email(self) -> str | None: ...

    @property
    def contact_form_url(self) -> str | None: ...

    @property
    def role(self) -> Any: ...

    @property
    def offices(self) -> Sequence[Any]: ...
