"""The requests of the mixed load: what a supporter asks for, and how often.

Shared by ``bench/locustfile.py`` (which makes the requests under Locust),
``bench/mix.py`` (which runs Locust and reads its figures) and
``tests/test_bench_mix.py`` (which checks every request against the app).
It imports nothing but the standard library: importing ``locust`` patches the
standard library with gevent, which neither the bench process nor the tests
may undergo, so the builders live here rather than in the locustfile.

The ZIP codes, state codes and official ids come from the prepared database
(:func:`bench.mix.collect_plan`) and reach the Locust process as a small JSON
file named by the :data:`PLAN_ENV` environment variable.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

#: The environment variable naming the plan file for the locustfile.
PLAN_ENV = "OUTREACH_MIX_PLAN"
#: The only host the load may be aimed at.
ALLOWED_HOST = "127.0.0.1"

HOME = "home"
API_LOOKUP = "api_lookup"
RESULTS_PAGE = "results_page"
STATE_PAGE = "state_page"
STATE_IMAGE = "state_image"
CAMPAIGN_IMAGE = "campaign_image"
WRITE_PAGE = "write_page"
LETTER_RENDER = "letter_render"

#: Each kind of request: its weight (out of 100, so it reads as a share of the
#: requests) and the name its figures are grouped under.
#:
#: The weights follow a supporter's visit: most arrive on the home page or on
#: a state page from a shared link, look up their ZIP code (the results page,
#: or the JSON API from a partner site's widget), and a smaller share go on to
#: write to one official (the write page, then the letter rendered through the
#: API as they type). Share images are fetched by link previews and by people
#: sharing a state's card; the campaign's card is on every page without one.
TASKS: dict[str, tuple[int, str]] = {
    HOME: (15, "/"),
    RESULTS_PAGE: (22, "/lookup?zip=[zip]"),
    API_LOOKUP: (15, "/api/v1/lookup?zip=[zip]"),
    STATE_PAGE: (15, "/states/[abbr]"),
    STATE_IMAGE: (8, "/share/[abbr].png"),
    CAMPAIGN_IMAGE: (5, "/share/campaign.png"),
    WRITE_PAGE: (10, "/write/[official_id]"),
    LETTER_RENDER: (10, "/api/v1/letters/render"),
}

RENDER_PATH = "/api/v1/letters/render"

#: Writers' details, from none at all to complete (what is missing stays a
#: visible placeholder in the letter).
SENDERS: tuple[dict[str, str], ...] = (
    {},
    {"name": "Jordan Quill"},
    {"name": "Sam Rivera", "zip": "80202", "email": "sam@example.org"},
    {
        "name": "Alex Morgan",
        "address": "742 Evergreen Terrace",
        "city": "Springfield",
        "zip": "62704",
        "email": "alex@example.org",
    },
)
#: Stories, from none to a short paragraph.
STORIES: tuple[str, ...] = (
    "",
    "My brother's case was thrown out before a jury heard it.",
    "My cousin was beaten during a traffic stop and the case was dismissed on qualified "
    "immunity. Nobody was ever held responsible, and our family still has no answers.",
)


class HostRefused(ValueError):
    """The load was aimed at a host other than 127.0.0.1."""


def check_host(url: str | None) -> str:
    """Return ``url`` when it is ``http://127.0.0.1[:port]``; refuse anything else.

    :raise HostRefused: for any other scheme or host (``localhost`` too: it may
        resolve elsewhere), for a path, credentials or a missing URL.
    """
    if not url:
        raise HostRefused("no host given: the mixed load only runs against http://127.0.0.1")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise HostRefused(f"not a URL: {url!r} ({error})") from None
    if (
        parts.scheme != "http"
        or parts.hostname != ALLOWED_HOST
        or parts.username is not None
        or parts.password is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or (port is not None and not 0 < port < 65536)
    ):
        raise HostRefused(
            f"refusing to load {url!r}: only http://{ALLOWED_HOST}[:port] is allowed"
        )
    return url


@dataclass
class MixPlan:
    """What the load picks from: ZIP codes, state (and city) codes, official ids."""

    zips: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    officials: list[int] = field(default_factory=list)
    seed: int = 0

    def check(self) -> MixPlan:
        """Return the plan, or raise ValueError when a list is empty."""
        for name in ("zips", "states", "officials"):
            if not getattr(self, name):
                raise ValueError(f"the mix plan has no {name}")
        return self

    def write(self, path: Path) -> Path:
        """Write the plan as JSON to ``path``."""
        path.write_text(json.dumps(asdict(self), indent=1) + "\n")
        return path

    @classmethod
    def read(cls, path: Path) -> MixPlan:
        """Read a plan written by :meth:`write`."""
        data = json.loads(Path(path).read_text())
        return cls(
            zips=[str(z) for z in data["zips"]],
            states=[str(s) for s in data["states"]],
            officials=[int(i) for i in data["officials"]],
            seed=int(data.get("seed", 0)),
        ).check()


def home_path() -> str:
    """The home page."""
    return "/"


def api_lookup_path(zip_code: str) -> str:
    """The JSON lookup of one ZIP code."""
    return f"/api/v1/lookup?zip={zip_code}"


def results_page_path(zip_code: str) -> str:
    """The HTML results page of one ZIP code (where the home page's form leads)."""
    return f"/lookup?zip={zip_code}"


def state_page_path(abbr: str) -> str:
    """A state's (or a city's) page, with the lower-case code the site links to."""
    return f"/states/{abbr.lower()}"


def state_image_path(abbr: str) -> str:
    """A state's (or a city's) share image, in the default size."""
    return f"/share/{abbr.lower()}.png"


def campaign_image_path() -> str:
    """The campaign's share image."""
    return "/share/campaign.png"


def write_page_path(official_id: int) -> str:
    """The page for writing to one official."""
    return f"/write/{official_id}"


def render_body(official_id: int, rng: random.Random) -> dict:
    """A body for ``POST /api/v1/letters/render``: best-fit template and channel."""
    body: dict = {"official_id": official_id}
    sender = rng.choice(SENDERS)
    if sender:
        body["sender"] = dict(sender)
    story = rng.choice(STORIES)
    if story:
        body["story"] = story
    return body


def get_paths(plan: MixPlan) -> dict[str, list[str]]:
    """Every GET path the load can make, by task (for checking them all)."""
    return {
        HOME: [home_path()],
        API_LOOKUP: [api_lookup_path(z) for z in plan.zips],
        RESULTS_PAGE: [results_page_path(z) for z in plan.zips],
        STATE_PAGE: [state_page_path(s) for s in plan.states],
        STATE_IMAGE: [state_image_path(s) for s in plan.states],
        CAMPAIGN_IMAGE: [campaign_image_path()],
        WRITE_PAGE: [write_page_path(i) for i in plan.officials],
    }


def render_bodies(plan: MixPlan) -> list[dict]:
    """One render body per official of the plan (senders and stories drawn with its seed)."""
    rng = random.Random(plan.seed)
    return [render_body(i, rng) for i in plan.officials]
