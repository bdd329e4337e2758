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


class InvalidFilter(LookupInputError):
    """One filter of a query string whose value is not valid; ``name`` is the filter."""

    code = "invalid_parameter"

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class BlankFilters(LookupInputError):
    """Filters given blank (``office=``) where a value or no parameter is expected."""

    code = "invalid_parameter"

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"{', '.join(names)}: empty; give a value or leave the parameter out.")
        self.names = names


class FilterError(ValueError):
    """One or more filter values are not valid; each problem lists the valid values.

    ``by_field`` maps each bad filter's name to its problem; ``problems`` lists them.
    """

    def __init__(self, by_field: dict[str, str]) -> None:
        self.by_field = by_field
        self.problems = list(by_field.values())
        super().__init__(" ".join(self.problems))
