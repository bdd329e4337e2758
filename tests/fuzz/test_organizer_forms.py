"""Fuzz the organizer area: sign-in, records, bills, evaluate, audit log; never a 5xx.

The sign-in form is fuzzed anonymously (any email, password and ``next``,
as forms and as raw bodies). Every other form is fuzzed signed in, with one
organizer's client kept for the module: a reform record (status, summary,
date, any number of source rows), a bill (its details and the nine criteria),
the "evaluate a bill" tool (preview and save), deleting records and bills,
and the audit log's and dashboard's query parameters. Edits that the content
rules accept are saved, so later examples run against what earlier ones wrote,
as an organizer's session would.
"""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from outreach.models import BillStage, Rating, ReformStatus
from tests.fuzz.strategies import bodies, forms, query_strings, texts
from tests.fuzz.support import (
    LONG_REPR,
    ORGANIZER_EMAIL,
    ORGANIZER_PASSWORD,
    SIGN_IN_EMAIL,
    check,
    fuzz_settings,
)

pytestmark = LONG_REPR

CODES = ["CO", "IA", "NY", "NYC", "US", "DC", "PR", "WY"]
OTHER_CODES = ["co", "nyc", "GU", "ZZ", "", "C0", "ＣＯ"]
SLUGS = ["co-sb-2", "co-hb-9", "ny-s-1", "nyc-int-2220", "us-h.r.-1280", "no-such-bill"]
DATES = ["2026-04-01", "2021-07-06", "2026-02-30", "04/01/2026", "9999-12-31", "0001-01-01", ""]
URLS = [
    "https://example.org/statute",
    "http://example.org",
    "javascript:alert(1)",
    "https://",
    "ftp://example.org/x",
    "//example.org",
    "https://exa mple.org",
    "",
]
STAMPS = ["", "new", "0", "2026-01-01T00:00:00", "garbage"]
ROWS = ["0", "1", "2", "19", "24", "25", "999", "-1", "x", str(2**63)]
LOGIN = {
    "email": [ORGANIZER_EMAIL, ORGANIZER_EMAIL.upper(), "someone@example.org", "", "@"],
    "password": [ORGANIZER_PASSWORD, "wrong", "", "x" * 2000],
    "next": ["/organizers/bills", "//evil.example", "https://evil.example", "/\\evil", ""],
}
RECORD_FIELDS = {
    "stamp": STAMPS,
    "status": [*ReformStatus, "", "bogus"],
    "summary": ["A 2021 law narrows the immunity.", "", "x" * 5000],
    "as_of": DATES,
    **{f"sources-{row}-title": ["The statute", ""] for row in ROWS},
    **{f"sources-{row}-url": URLS for row in ROWS},
}
RECORD_FORM = [
    ("stamp", ""),
    ("status", "limited"),
    ("summary", "A 2021 law narrows the immunity."),
    ("as_of", "2026-04-01"),
    ("sources-0-title", "The statute"),
    ("sources-0-url", "https://example.org/statute"),
]
ASSESSMENT_FIELDS = {
    **{f"assessments-{n}-rating": [*Rating, "", "great"] for n in range(9)},
    **{f"assessments-{n}-note": ["A note.", ""] for n in range(9)},
    **{f"assessments-{n}-source": URLS for n in range(9)},
    "assessments-9-rating": ["met"],
    "assessments-x-rating": ["met"],
    "assessments--1-note": ["x"],
}
BILL_FIELDS = {
    "stamp": STAMPS,
    "identifier": ["SB 20-217", "H.R. 1280", "", "Int 2220", "../x", "SB 1"],
    "title": ["Enhance Law Enforcement Integrity", ""],
    "jurisdiction": ["CO", "US", "NYC", "co", "ZZ", ""],
    "session": ["2021", "2023-2024", ""],
    "congress": ["", "117", "0", "-1", "1.5", str(2**31), str(2**63), "9" * 5000],
    "stage": [*BillStage, "", "law"],
    "active": ["y", "", "on", "false"],
    "last_action": DATES,
    "url": URLS,
    "sponsors": ["Sen. Leroy Garcia\nRep. Leslie Herod", "\n\n", ""],
    "summary": ["Creates a state civil action.", ""],
    **ASSESSMENT_FIELDS,
}
BILL_FORM = [
    ("stamp", ""),
    ("identifier", "SB 20-217"),
    ("title", "Enhance Law Enforcement Integrity"),
    ("jurisdiction", "CO"),
    ("session", "2021"),
    ("congress", ""),
    ("stage", "enacted"),
    ("last_action", "2021-07-06"),
    ("url", "https://example.org/sb217"),
    ("sponsors", "Sen. Leroy Garcia"),
    ("summary", "Creates a state civil action without qualified immunity."),
    *(
        pair
        for n in range(9)
        for pair in (
            (f"assessments-{n}-rating", "met" if n < 3 else "unknown"),
            (f"assessments-{n}-note", f"Note on {n + 1}"),
            (f"assessments-{n}-source", f"https://example.org/{n}" if n < 3 else ""),
        )
    ),
]
EVALUATE_FIELDS = {"bill": SLUGS, "action": ["save", "preview", ""], **BILL_FIELDS}
AUDIT = {
    "entity": ["record", "bill", "organizer", "x"],
    "key": ["CO", "co-sb-2", "%", "_"],
    "page": ["1", "2", "0", "-1", "x", str(2**31), str(2**63), "9" * 30, "9" * 5000],
}
DASHBOARD = {"days": ["30", "90", "7", "-1", "x", "9" * 5000]}


def post(client, path: str, form=None, body=None, query: str = ""):
    kwargs = {"query_string": query}
    if form is not None:
        kwargs["data"] = form
    if body is not None:
        content_type, data = body
        kwargs["data"] = data
        if content_type is not None:
            kwargs["content_type"] = content_type
    return client.post(path, **kwargs)


def signed_in(response) -> None:
    """The organizer was not signed out by what was sent."""
    assert "/organizers/login" not in response.headers.get("Location", ""), response.location


# ----------------------------------------------------------------------------- sign in


def guesser(site):
    """A client from an address of its own: wrong passwords pause signing in from the
    address that sends them, and the other tests sign in from the usual one."""
    client = site.client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    return client


@fuzz_settings(max_examples=40)
@given(form=forms([("email", ORGANIZER_EMAIL), ("password", "wrong")], LOGIN))
def test_login_form(site, form):
    response = post(guesser(site), "/organizers/login", form=form)
    check(site, response, {200, 302, 400, 401, 429})


@fuzz_settings(max_examples=20)
@given(body=bodies(LOGIN))
def test_login_raw_bodies(site, body):
    response = post(guesser(site), "/organizers/login", body=body)
    check(site, response, {200, 302, 400, 401, 413, 429})


@fuzz_settings(max_examples=30)
@given(query=query_strings(LOGIN))
def test_login_page_next_parameter(site, query):
    response = site.client().get("/organizers/login", query_string=query)
    check(site, response, {200})


# ----------------------------------------------------------------------------- records


@fuzz_settings(max_examples=80)
@given(
    code=st.one_of(st.sampled_from(CODES), st.sampled_from(OTHER_CODES), texts(12)),
    form=forms(RECORD_FORM, RECORD_FIELDS),
)
@example(code="\x00", form=MultiDict(RECORD_FORM))
def test_record_form(site, organizer_client, code, form):
    path = "/organizers/records/" + quote(code, safe="")
    response = post(organizer_client, path, form=form)
    check(site, response, {200, 302, 308, 400, 404, 405, 409})
    signed_in(response)


@fuzz_settings(max_examples=20)
@given(code=st.sampled_from(CODES), body=bodies(RECORD_FIELDS))
def test_record_form_raw_bodies(site, organizer_client, code, body):
    response = post(organizer_client, f"/organizers/records/{code}", body=body)
    check(site, response, {200, 302, 400, 404, 409, 413})
    signed_in(response)


@fuzz_settings(max_examples=15)
@given(code=st.one_of(st.sampled_from(["IA", "nyc", "ZZ", "zz"]), texts(12)))
@example(code="\x00")
def test_record_delete(site, organizer_client, code):
    path = f"/organizers/records/{quote(code, safe='')}/delete"
    response = post(organizer_client, path, form={})
    check(site, response, {302, 308, 400, 404, 405})


# ----------------------------------------------------------------------------- bills


@fuzz_settings(max_examples=30)
@given(query=query_strings({"jurisdiction": BILL_FIELDS["jurisdiction"]}))
def test_new_bill_page(site, organizer_client, query):
    response = organizer_client.get("/organizers/bills/new", query_string=query)
    check(site, response, {200})


@fuzz_settings(max_examples=80)
@given(form=forms(BILL_FORM, BILL_FIELDS), number=st.integers(1, 10**6))
def test_new_bill_form(site, organizer_client, form, number):
    if form.get("identifier") == "SB 20-217":  # a new bill each time, not a conflict
        form.setlist("identifier", [f"SB {number}"])
    response = post(organizer_client, "/organizers/bills/new", form=form)
    check(site, response, {200, 302, 400, 409})
    signed_in(response)


@fuzz_settings(max_examples=60)
@given(slug=st.sampled_from(SLUGS), form=forms(BILL_FORM, BILL_FIELDS))
@example(slug="co-sb-2", form=MultiDict([*BILL_FORM, ("congress", str(2**31))]))
def test_bill_edit_form(site, organizer_client, slug, form):
    response = post(organizer_client, f"/organizers/bills/{slug}", form=form)
    check(site, response, {200, 302, 400, 404, 409})
    signed_in(response)


@fuzz_settings(max_examples=20)
@given(
    path=st.sampled_from(["/organizers/bills/new", "/organizers/bills/co-sb-2"]),
    body=bodies(BILL_FIELDS),
)
def test_bill_forms_raw_bodies(site, organizer_client, path, body):
    response = post(organizer_client, path, body=body)
    check(site, response, {200, 302, 400, 404, 409})
    signed_in(response)


@fuzz_settings(max_examples=40)
@given(
    page=st.sampled_from(["records/{}", "bills/{}", "records/{}/delete", "bills/{}/delete"]),
    segment=st.one_of(st.sampled_from([*CODES, *SLUGS]), texts(30)),
    method=st.sampled_from(["GET", "POST"]),
)
@example(page="bills/{}", segment="\x00", method="GET")
def test_organizer_pages_with_any_path(site, organizer_client, page, segment, method):
    path = "/organizers/" + page.format(quote(segment, safe=""))
    response = organizer_client.open(path, method=method)
    check(site, response, {200, 302, 308, 404, 405, 409})
    signed_in(response)


@fuzz_settings(max_examples=15)
@given(slug=st.one_of(st.sampled_from(["us-h.r.-7085", "no-such-bill"]), texts(20)))
@example(slug="\x00")
def test_bill_delete(site, organizer_client, slug):
    path = f"/organizers/bills/{quote(slug, safe='')}/delete"
    response = post(organizer_client, path, form={})
    check(site, response, {302, 308, 400, 404, 405})


# ----------------------------------------------------------------------------- evaluate


@fuzz_settings(max_examples=30)
@given(query=query_strings({"bill": SLUGS}))
@example(query="bill=%00")
def test_evaluate_page(site, organizer_client, query):
    response = organizer_client.get("/organizers/evaluate", query_string=query)
    check(site, response, {200, 404})


@fuzz_settings(max_examples=80)
@given(
    form=st.one_of(
        forms([("bill", "co-hb-9"), ("action", "preview"), *BILL_FORM[11:]], EVALUATE_FIELDS),
        forms([("action", "save"), *BILL_FORM], EVALUATE_FIELDS),
    )
)
def test_evaluate_form(site, organizer_client, form):
    response = post(organizer_client, "/organizers/evaluate", form=form)
    check(site, response, {200, 302, 400, 404, 409})
    signed_in(response)


# ----------------------------------------------------------------------------- audit log


@fuzz_settings(max_examples=40)
@given(
    path=st.sampled_from(["/organizers/audit", "/organizers/audit.csv", "/organizers/audit.json"]),
    query=query_strings(AUDIT),
)
@example(path="/organizers/audit", query=f"page={2**63}")
@example(path="/organizers/audit.csv", query="entity=bill&key=%00")
def test_audit_log_filters(site, organizer_client, path, query):
    response = organizer_client.get(path, query_string=query)
    check(site, response, {200})


@fuzz_settings(max_examples=20)
@given(query=query_strings(DASHBOARD))
def test_dashboard_period(site, organizer_client, query):
    response = organizer_client.get("/organizers/dashboard", query_string=query)
    check(site, response, {200})


@fuzz_settings(max_examples=15)
@given(next_url=st.one_of(st.sampled_from(LOGIN["next"]), texts()), body=bodies({}))
def test_sign_in_then_out(site, next_url, body):
    """Sign in (a third organizer, never locked out) to any ``next``; sign out with any body."""
    client = site.client()
    form = {"email": SIGN_IN_EMAIL, "password": ORGANIZER_PASSWORD, "next": next_url}
    response = post(client, "/organizers/login", form=form)
    check(site, response, {302})
    location = response.headers["Location"]
    assert location.startswith("/"), location
    assert not location.startswith(("//", "/\\")), location
    check(site, post(client, "/organizers/logout", body=body), {302, 400, 413})
