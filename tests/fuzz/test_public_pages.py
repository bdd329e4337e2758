"""Fuzz the public HTML pages: every query parameter and path segment; never a 5xx.

Covers the lookup form (ZIP code, address, district picks), the state
picker and a state's directory filters, an official's page, the campaign
pages (map sort, a state's page, federal, rubric), the exports (form page and
files, every filter and extension), the share pages, images and kits, and
every route with any method. Each answer must be below 500, have a status
the page can give, and, when it refuses the input, say why in words.
"""

from __future__ import annotations

from urllib.parse import quote, quote_from_bytes, unquote_to_bytes

from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import Client, TestResponse

from outreach.directory.export_filters import STATUS_LABELS
from outreach.directory.exports import FORMATS
from outreach.models import OfficeKind
from outreach.share import cards
from tests.fuzz.strategies import bodies, encoded_values, query_strings, texts
from tests.fuzz.support import LONG_REPR, check, fuzz_settings

pytestmark = LONG_REPR

DISTRICTS = ["10", "20", "12", "8", "1", "29", "0", "Ward 1", "Hillsborough 12"]
STATES = ["CA", "ca", "CO", "WY", "NV", "NE", "DC", "PR", "GU", "ZZ", "nyc", "us"]
LOOKUP = {
    "zip": ["94103", "94538", "96161", "82001", "90001", "80202", "68508", "00000", "9410"],
    "address": ["1 Main St", "1 Main St, Sacramento, CA 95814", "<b>1</b>", "PO Box 7"],
    "state": STATES,
    "upper": DISTRICTS,
    "lower": DISTRICTS,
    "legislature": DISTRICTS,
}
STATE_FILTERS = {
    "office": [kind.value for kind in OfficeKind],
    "chamber": ["upper", "lower", "legislature", "house"],
    "district": DISTRICTS,
}
EXPORT_FILTERS = {
    "state": STATES,
    "office": [kind.value for kind in OfficeKind],
    "chamber": ["upper", "lower", "legislature"],
    "district": DISTRICTS,
    "party": ["Democratic", "democratic", "D", "Republican"],
    "committee": ["Senate Judiciary", "judiciary", "test-committee-1", "%", "_"],
    "has_email": ["1", "0", "yes", "no", "maybe"],
    "has_phone": ["1", "0", "true", "off"],
    "status": [*STATUS_LABELS, "law"],
    "format": ["csv"],
}
SHARE = {
    "size": [*cards.SIZES, "1200X630", " 1080x1080 ", "0x0", "99999x99999"],
    "v": ["0", "1", "2", "-1", "9" * 20],
    "state": ["co", "us", "campaign", "nyc", "zz"],
}
MAP = {"sort": ["name", "score", "status", "x"], "dir": ["asc", "desc", "up"]}
SEGMENTS = ["co", "CO", "ca", "nyc", "NYC", "us", "dc", "pr", "zz", "campaign", "1", "0"]
#: Every route of the app with its variable parts as ``{}``, for path fuzzing.
ROUTES = [
    "/states/{}",
    "/states/{}/officials",
    "/officials/{}",
    "/write/{}",
    "/share/{}",
    "/share/{}.png",
    "/share/{}/kit.zip",
    "/share/bills/{}.png",
    "/export/officials.{}",
    "/organizers/records/{}",
    "/organizers/bills/{}",
    "/api/v1/states/{}",
    "/api/v1/states/{}/officials",
    "/api/v1/officials/{}",
    "/static/{}",
    "/{}",
]
#: Ids as digits: any size, past 64 bits, and past Python's 4,300-digit limit on int().
HUGE_INTS = st.one_of(
    st.integers(min_value=0, max_value=2**70).map(str),
    st.sampled_from([str(2**31), str(2**63 - 1), str(2**63), str(2**64), "0" * 30 + "1"]),
    st.sampled_from([19, 20, 400, 4300, 4301, 5000]).map(lambda n: "9" * n),
)


def segments() -> st.SearchStrategy[str]:
    """A path segment, percent-encoded: hostile text, raw bytes, huge numbers, known codes."""
    return st.one_of(
        st.sampled_from(SEGMENTS),
        HUGE_INTS,
        texts().map(lambda t: quote(t, safe="")),
        st.binary(min_size=1, max_size=16).map(lambda b: quote_from_bytes(b, safe="")),
    )


def request(site, path: str, query: str = "", method: str = "GET", **kwargs):
    """Send ``path`` (percent-encoded) as a WSGI server would: ``PATH_INFO`` holds the
    URL's bytes decoded as Latin-1, so invalid UTF-8 reaches the app unchanged."""
    raw = unquote_to_bytes(path).decode("latin-1")
    return site.client().open(
        "/",
        method=method,
        query_string=query,
        environ_overrides={"PATH_INFO": raw},
        **kwargs,
    )


def get(site, path: str, query: str = "", **kwargs):
    return request(site, path, query, **kwargs)


# ----------------------------------------------------------------------------- lookup


@fuzz_settings(max_examples=80)
@given(query=query_strings(LOOKUP))
@example(query="zip=%00")
@example(query="zip=94103&address=1%00Main")
@example(query="zip=%ED%A0%80&upper=%FF")
def test_lookup_form(site, query):
    check(site, get(site, "/lookup", query), {200, 400, 404})


@fuzz_settings(max_examples=30)
@given(zip_code=st.sampled_from(LOOKUP["zip"]), picks=query_strings(LOOKUP))
def test_lookup_with_district_picks(site, zip_code, picks):
    check(site, get(site, "/lookup", f"zip={zip_code}&{picks}"), {200, 400, 404})


@fuzz_settings(max_examples=40)
@given(query=query_strings({"state": STATES}))
def test_state_picker(site, query):
    check(site, get(site, "/states", query), {200, 302, 400})


@fuzz_settings(max_examples=60)
@given(abbr=st.one_of(st.sampled_from(STATES), segments()), query=query_strings(STATE_FILTERS))
@example(abbr="%00", query="")
@example(abbr="CA", query="district=%00&office=%00&chamber=%00")
def test_state_directory_filters(site, abbr, query):
    response = get(site, f"/states/{abbr}/officials", query)
    check(site, response, {200, 308, 400, 404})


@fuzz_settings(max_examples=40)
@given(person=HUGE_INTS, query=query_strings({"zip": LOOKUP["zip"]}))
@example(person=str(2**31), query="")
@example(person=str(2**63 - 1), query="")
def test_official_page_with_any_id(site, person, query):
    check(site, get(site, f"/officials/{person}", query), {200, 404})


# ----------------------------------------------------------------------------- campaign


@fuzz_settings(max_examples=40)
@given(query=query_strings(MAP))
def test_map_sort(site, query):
    check(site, get(site, "/map", query), {200})


@fuzz_settings(max_examples=50)
@given(abbr=segments(), query=query_strings({"zip": LOOKUP["zip"]}))
@example(abbr="%00", query="")
def test_campaign_state_page(site, abbr, query):
    check(site, get(site, f"/states/{abbr}", query), {200, 308, 404})


@fuzz_settings(max_examples=20)
@given(
    path=st.sampled_from(["/", "/federal", "/rubric", "/healthz", "/readyz", "/share"]),
    query=query_strings({"zip": LOOKUP["zip"], "state": SHARE["state"]}),
)
def test_pages_ignore_stray_parameters(site, path, query):
    check(site, get(site, path, query), {200, 302, 404})


# ----------------------------------------------------------------------------- exports


@fuzz_settings(max_examples=60)
@given(query=query_strings(EXPORT_FILTERS))
@example(query="committee=%00&party=%00&district=%00")
def test_export_form_filters(site, query):
    check(site, get(site, "/export", query), {200, 400})


@fuzz_settings(max_examples=60)
@given(
    ext=st.one_of(st.sampled_from([*FORMATS, "CSV", "xls", "pdf", ""]), segments()),
    query=query_strings(EXPORT_FILTERS),
)
@example(ext="csv", query="committee=%00")
@example(ext="json", query="district=%00&party=%00")
def test_export_files(site, ext, query):
    response = get(site, f"/export/officials.{ext}", query)
    check(site, response, {200, 308, 400, 404})


# ----------------------------------------------------------------------------- share


@fuzz_settings(max_examples=50)
@given(
    path=st.one_of(
        st.sampled_from(["/share/campaign.png", "/share/co.png", "/share/nyc.png"]),
        segments().map(lambda s: f"/share/{s}.png"),
        segments().map(lambda s: f"/share/bills/{s}.png"),
    ),
    query=query_strings(SHARE),
    etag=st.one_of(st.none(), st.sampled_from(['"x"', "*", 'W/""', "\x00"]), texts(20)),
)
def test_share_images(site, path, query, etag):
    headers = {}
    if etag is not None:  # as a server passes a header: its bytes as Latin-1, one line
        value = etag.encode("utf-8").decode("latin-1")
        headers["If-None-Match"] = value.replace("\r", "").replace("\n", "")
    response = get(site, path, query, headers=headers)
    check(site, response, {200, 304, 308, 404})


@fuzz_settings(max_examples=12)
@given(slug=st.sampled_from(["co-hb-9", "ny-s-1", "co-sb-2"]), size=encoded_values(SHARE["size"]))
def test_share_bill_image_sizes(site, slug, size):
    response = get(site, f"/share/bills/{slug}.png", f"size={size}")
    check(site, response, {200, 404})


@fuzz_settings(max_examples=40)
@given(abbr=segments(), query=query_strings(SHARE))
@example(abbr="%00", query="")
def test_share_pages(site, abbr, query):
    check(site, get(site, f"/share/{abbr}", query), {200, 302, 308, 404})


@fuzz_settings(max_examples=15)
@given(abbr=st.one_of(st.sampled_from(["campaign", "us", "co", "ZZ"]), segments()))
def test_share_kits(site, abbr):
    check(site, get(site, f"/share/{abbr}/kit.zip"), {200, 308, 404})


# ----------------------------------------------------------------------------- headers

HOSTS = ["localhost", "example.org:8080", "[::1]:5000", "a b", "", "localhost:99999", "é.example"]
HEADERS = {
    "Host": HOSTS,
    "X-Forwarded-For": ["203.0.113.9", "203.0.113.9, 10.0.0.1", "not-an-ip", "", "::1"],
    "X-Forwarded-Proto": ["https", "http", "gopher", ""],
    "X-Forwarded-Host": HOSTS,
    "X-Forwarded-Port": ["443", "0", "-1", "99999", "x"],
    "X-Forwarded-Prefix": ["/sub", "", "//evil.example", "/%00"],
    "Cookie": ["session=garbage", "session=" + "a" * 5000, "=;;;", "session=.eJw.x.y"],
    "Accept": ["application/json", "*/*", "text/html;q=x"],
    "Accept-Language": ["fr", "*;q=2", "x" * 500],
    "Accept-Encoding": ["gzip", "br;q=1.5"],
    "If-None-Match": ['"x"', "*", "W/"],
    "If-Modified-Since": ["Mon, 01 Jan 2024 00:00:00 GMT", "yesterday", "0"],
    "Range": ["bytes=0-10", "bytes=10-0", "bytes=x", "items=1"],
    "Origin": ["https://evil.example", "null"],
    "Referer": ["https://evil.example/", "::"],
    "Authorization": ["Bearer x", "Basic ???"],
}
HEADER_PAGES = [
    "/",
    "/lookup?zip=94103",
    "/officials/1",
    "/states/co",
    "/map",
    "/share/co",
    "/share/co.png",
    "/export/officials.csv",
    "/write/1",
    "/organizers/login",
    "/api/v1/lookup?zip=94103",
    "/api/v1/states",
]


def header_values(good) -> st.SearchStrategy[str]:
    """A header value as a server passes it: its bytes as Latin-1, on one line."""
    return st.one_of(st.sampled_from(good), texts()).map(
        lambda v: v.encode("utf-8").decode("latin-1").replace("\r", "").replace("\n", "")
    )


@fuzz_settings(max_examples=60)
@given(
    page=st.sampled_from(HEADER_PAGES),
    headers=st.fixed_dictionaries(
        {}, optional={name: header_values(good) for name, good in HEADERS.items()}
    ),
    proxied=st.booleans(),
)
def test_request_headers(site, page, headers, proxied):
    """Any request headers, also behind ProxyFix (``TRUSTED_PROXIES``) believing them."""
    app = site.app
    if proxied:
        wsgi = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)
        client = Client(wsgi, response_wrapper=TestResponse)
    else:
        client = site.client()
    path, _, query = page.partition("?")
    response = client.get(path, query_string=query, headers=headers)
    check(site, response, {200, 206, 302, 304, 404, 416})


# ----------------------------------------------------------------------------- every route


@fuzz_settings(max_examples=120)
@given(
    template=st.sampled_from(ROUTES),
    segment=segments(),
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
    body=bodies({"zip": LOOKUP["zip"], "official_id": ["1"], "action": ["prepare"]}),
)
@example(template="/api/v1/states/{}", segment="%00", method="GET", body=(None, b""))
@example(template="/api/v1/states/{}/officials", segment="%00", method="GET", body=(None, b""))
@example(template="/api/v1/officials/{}", segment=str(2**31), method="GET", body=(None, b""))
def test_any_method_on_any_route(site, template, segment, method, body):
    content_type, data = body
    kwargs = {"data": data}
    if content_type is not None:
        kwargs["content_type"] = content_type
    response = request(site, template.format(segment), method=method, **kwargs)
    check(site, response)
