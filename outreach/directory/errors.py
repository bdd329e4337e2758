"""The errors a directory lookup raises on bad input, each with a stable ``code``.

Views turn them into messages (pages) or ``{"error": {"code", "message"}}``
answers (the API); the message of each is fit to show the person.
"""

from __future__ import annotations


class LookupInputError(ValueError):
    """The input is malformed (for example a ZIP code that is not 5 digits)."""

    code = "invalid_input"


class InvalidZip(LookupInputError):
    """A ZIP code that is not five digits (optionally plus four)."""

    code = "invalid_zip"


class UnknownZip(LookupError):
    """A well-formed ZIP code that no ZIP database knows."""

    code = "unknown_zip"

    def __init__(self, zip_code: str, message: str | None = None) -> None:
        super().__init__(
            message
            or f"We could not find the ZIP code {zip_code}. Check it, or choose your state."
        )
        self.zip_code = zip_code


class UnknownJurisdiction(LookupError):
    """A state code that is not one of the 56 jurisdictions."""

    code = "unknown_state"
