"""Links that open a message ready to send: mailto, Gmail and Outlook on the web.

``mailto:`` links follow RFC 6068: every character outside the unreserved set
is percent-encoded as UTF-8, spaces as ``%20`` and line breaks as ``%0D%0A``.
Mail programs and webmail refuse links past a few thousand characters, so
when a link would be longer than that there is no link and the page offers
copy-and-paste instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

#: Longest mailto link we hand out (several mail programs stop near 2,000).
MAILTO_LIMIT = 2000
#: Longest webmail compose link (browsers and webmail reject much longer ones).
WEBMAIL_LIMIT = 7000
GMAIL = "https://mail.google.com/mail/"
OUTLOOK = "https://outlook.office.com/mail/deeplink/compose"


@dataclass(frozen=True)
class ComposeLinks:
    """The links for one message; None where the message is too long for that link."""

    mailto: str | None
    gmail: str | None
    outlook: str | None

    @property
    def too_long(self) -> bool:
        """True when not even the webmail links could carry the message."""
        return self.gmail is None and self.outlook is None


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(to: Sequence[str], subject: str, body: str) -> str:
    """A ``mailto:`` URL per RFC 6068 (addresses, then ``subject`` and ``body``)."""
    addresses = ",".join(quote(address, safe="@") for address in to)
    query = "&".join(
        f"{name}={quote(_crlf(value), safe='')}"
        for name, value in (("subject", subject), ("body", body))
    )
    return f"mailto:{addresses}?{query}"


def gmail_url(to: Sequence[str], subject: str, body: str) -> str:
    """Gmail's compose window with the message filled in."""
    return (
        GMAIL
        + "?"
        + urlencode(
            {"view": "cm", "fs": "1", "to": ",".join(to), "su": subject, "body": body},
            quote_via=quote,
        )
    )


def outlook_url(to: Sequence[str], subject: str, body: str) -> str:
    """Outlook on the web's compose window with the message filled in."""
    return (
        OUTLOOK
        + "?"
        + urlencode({"to": ",".join(to), "subject": subject, "body": body}, quote_via=quote)
    )


def compose_links(to: Sequence[str], subject: str, body: str) -> ComposeLinks:
    """Every link that fits its limit, for a message to ``to``."""
    mailto = mailto_url(to, subject, body)
    gmail = gmail_url(to, subject, body)
    outlook = outlook_url(to, subject, body)
    return ComposeLinks(
        mailto=mailto if len(mailto) <= MAILTO_LIMIT else None,
        gmail=gmail if len(gmail) <= WEBMAIL_LIMIT else None,
        outlook=outlook if len(outlook) <= WEBMAIL_LIMIT else None,
    )
