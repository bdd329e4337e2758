"""Fuzz the write pages and the letters API: every field, action and format; never a 5xx.

Covers ``/write/<id>`` (GET with the lookup's parameters, POST with every
field of the form and each action), the letter downloads (``letter.pdf``,
``letter.txt``), ``/write/all`` (GET and POST, with repeated ``official``,
``counted``, ``sent`` and ``called`` values) and its letters in each format,
and ``POST /api/v1/letters/render`` with any JSON body, schema-valid or not,
and with bodies that are not JSON at all. Forms are sent both decoded (any
Unicode text) and as raw bodies (invalid UTF-8, misleading content types).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from config import Config
from outreach.letters.catalog import load_catalog
from outreach.letters.channels import CHANNELS
from tests.fuzz.strategies import (
    bodies,
    dumps,
    forms,
    json_values,
    query_strings,
    texts,
)
from tests.fuzz.support import EDGE_IDS, LONG_REPR, OFFICIALS, check, fuzz_settings

pytestmark = LONG_REPR

TEMPLATES = sorted(template.id for template in load_catalog(Path(Config.LETTERS_DIR)))
LOOKUP_PARAMS = {
    "zip": ["95814", "94103", "80202", "96161", "68508", "00000", "abc"],
    "state": ["CA", "co", "NE", "ZZ"],
    "upper": ["10", "8", "x"],
    "lower": ["20", "1"],
    "legislature": ["29"],
}
SENDER = {
    "name": ["Jordan Quill", "Ünïcødé Nåme", "O'Brien"],
    "address": ["742 Evergreen Terrace", "1 Main St\nApt 2"],
    "city": ["Sacramento", "Denver"],
    "zip": ["95814", "80202-1234", "958140000", "9581", "٩٥٨١٤"],
    "email": ["jordan@example.org", "a@b", "not an email", "x@example.org\n"],
    "story": ["My cousin was hurt.", "Line one\r\nLine two", "\n\n\nspaced\n\n"],
}
WRITE_FIELDS = {
    **SENDER,
    "channel": [*CHANNELS, "None", "fax", ""],
    "template": [*TEMPLATES, "", "no-such-template", "own-words"],
    "subject": ["Please end qualified immunity", ""],
    "body": ["Dear Senator,\n\nPlease act.\n\n[your name]", "{{ official.name }}", ""],
    "action": ["prepare", "update", "sent", "called", "delete"],
}
ALL_FIELDS = {
    **SENDER,
    "official": [str(n) for n in range(1, 25)] + ["0", "-1", "1.5", "x", "9" * 30],
    "counted": [str(n) for n in range(1, 25)],
    "sent": [str(n) for n in range(1, 25)] + ["x"],
    "called": [str(n) for n in range(1, 25)] + [""],
}
SENDER_FORM = [
    ("name", "Jordan Quill"),
    ("address", "742 Evergreen Terrace"),
    ("city", "Sacramento"),
    ("zip", "95814"),
    ("email", "jordan@example.org"),
    ("story", "My cousin was beaten during a traffic stop."),
]
WRITE_FORM = [*SENDER_FORM, ("action", "prepare")]
#: Every official of the seed is included; the page keeps those of the ZIP code.
ALL_FORM = [*SENDER_FORM, *(("official", str(n)) for n in range(1, 16))]
RENDER_KEYS = {
    "official_id": st.one_of(
        st.integers(min_value=-2, max_value=30),
        st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, True, 1.0, "1", None]),
    ),
    "template_id": st.one_of(st.sampled_from([*TEMPLATES, "no-such-template"]), json_values(3)),
    "channel": st.one_of(st.sampled_from([*CHANNELS, "fax"]), json_values(3)),
    "sender": st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                key: st.one_of(st.sampled_from(values), texts(), json_values(2))
                for key, values in {**SENDER, "extra": ["x"]}.items()
                if key != "story"
            },
        ),
        json_values(4),
    ),
    "story": st.one_of(st.sampled_from(SENDER["story"]), texts(), json_values(2)),
    "unknown": json_values(2),
}
#: Well-typed values (strings of any content), to get past the type checks.
GOOD_RENDER_KEYS = {
    "template_id": st.one_of(st.sampled_from(TEMPLATES), texts(90)),
    "channel": st.sampled_from(CHANNELS),
    "sender": st.fixed_dictionaries(
        {},
        optional={
            key: st.one_of(st.sampled_from(values), texts())
            for key, values in SENDER.items()
            if key != "story"
        },
    ),
    "story": st.one_of(st.sampled_from(SENDER["story"]), texts()),
}


KINDS = st.sampled_from(["pdf", "txt"])
#: An official of the seed, mostly, or an id nobody has (out of range for the database too).
OFFICIAL_IDS = st.one_of(st.integers(1, OFFICIALS), st.sampled_from(EDGE_IDS))


def send(site, method: str, path: str, query: str = "", form=None, body=None):
    """POST ``form`` (decoded pairs) or ``body`` (``(content type, bytes)``)."""
    kwargs = {"query_string": query}
    if form is not None:
        kwargs["data"] = form
    elif body is not None:
        content_type, data = body
        kwargs["data"] = data
        if content_type is not None:
            kwargs["content_type"] = content_type
    return site.client().open(path, method=method, **kwargs)


def check_download(site, response, kind: str) -> None:
    check(site, response, {200, 400, 404})
    if response.status_code == 200:
        assert response.mimetype == ("application/pdf" if kind == "pdf" else "text/plain")
        if kind == "pdf":
            assert response.data.startswith(b"%PDF-")
        else:
            response.get_data(as_text=True)  # valid UTF-8


# ----------------------------------------------------------------------------- one official


@fuzz_settings(max_examples=40)
@given(official=OFFICIAL_IDS, query=query_strings(LOOKUP_PARAMS))
@example(official=2**31, query="")
def test_write_page_with_lookup_parameters(site, official, query):
    check(site, send(site, "GET", f"/write/{official}", query), {200, 404})


@fuzz_settings(max_examples=80)
@given(
    official=OFFICIAL_IDS, query=query_strings(LOOKUP_PARAMS), form=forms(WRITE_FORM, WRITE_FIELDS)
)
@example(official=1, query="", form=MultiDict([("channel", "fax")]))
@example(official=2**31, query="", form=MultiDict(WRITE_FORM))
def test_write_form(site, official, query, form):
    response = send(site, "POST", f"/write/{official}", query, form=form)
    check(site, response, {200, 400, 404})


@fuzz_settings(max_examples=40)
@given(official=OFFICIAL_IDS, body=bodies(WRITE_FIELDS))
def test_write_form_raw_bodies(site, official, body):
    check(site, send(site, "POST", f"/write/{official}", body=body), {200, 400, 404, 413})


@fuzz_settings(max_examples=50)
@given(official=OFFICIAL_IDS, kind=KINDS, form=forms(WRITE_FORM, WRITE_FIELDS))
@example(official=1, kind="pdf", form=MultiDict([("channel", "fax")]))
@example(official=1, kind="pdf", form=MultiDict([*WRITE_FORM, ("body", "😀 ﬀ \u202e İ")]))
@example(official=2**31, kind="txt", form=MultiDict(WRITE_FORM))
def test_letter_downloads(site, official, kind, form):
    response = send(site, "POST", f"/write/{official}/letter.{kind}", form=form)
    check_download(site, response, kind)


@fuzz_settings(max_examples=20)
@given(official=OFFICIAL_IDS, kind=KINDS, body=bodies(WRITE_FIELDS))
def test_letter_downloads_raw_bodies(site, official, kind, body):
    response = send(site, "POST", f"/write/{official}/letter.{kind}", body=body)
    check(site, response, {200, 400, 404, 413})


# ----------------------------------------------------------------------------- all officials


@fuzz_settings(max_examples=40)
@given(zip_code=st.sampled_from(LOOKUP_PARAMS["zip"]), query=query_strings(LOOKUP_PARAMS))
def test_write_all_page(site, zip_code, query):
    check(site, send(site, "GET", "/write/all", f"zip={zip_code}&{query}"), {200, 400, 404})
    check(site, send(site, "GET", "/write/all", query), {200, 400, 404})


@fuzz_settings(max_examples=60)
@given(
    zip_code=st.sampled_from(LOOKUP_PARAMS["zip"]),
    query=query_strings(LOOKUP_PARAMS),
    form=forms(ALL_FORM, ALL_FIELDS),
)
def test_write_all_form(site, zip_code, query, form):
    response = send(site, "POST", "/write/all", f"zip={zip_code}&{query}", form=form)
    check(site, response, {200, 400, 404})


@fuzz_settings(max_examples=50)
@given(
    zip_code=st.sampled_from(LOOKUP_PARAMS["zip"]),
    kind=KINDS,
    form=forms(ALL_FORM, ALL_FIELDS),
)
def test_write_all_letters(site, zip_code, kind, form):
    response = send(site, "POST", f"/write/all/letters.{kind}", f"zip={zip_code}", form=form)
    check_download(site, response, kind)


@fuzz_settings(max_examples=30)
@given(
    path=st.sampled_from(["/write/all", "/write/all/letters.pdf", "/write/all/letters.txt"]),
    zip_code=st.sampled_from(LOOKUP_PARAMS["zip"]),
    body=bodies(ALL_FIELDS),
)
def test_write_all_raw_bodies(site, path, zip_code, body):
    response = send(site, "POST", path, f"zip={zip_code}", body=body)
    check(site, response, {200, 400, 404, 413})


# ----------------------------------------------------------------------------- letters API


def render(site, body: bytes, content_type: str | None = "application/json"):
    kwargs = {"data": body}
    if content_type is not None:
        kwargs["content_type"] = content_type
    return site.client().post("/api/v1/letters/render", **kwargs)


@fuzz_settings(max_examples=80)
@given(
    payload=st.one_of(
        st.fixed_dictionaries({}, optional=RENDER_KEYS),
        st.fixed_dictionaries({"official_id": OFFICIAL_IDS}, optional=GOOD_RENDER_KEYS),
    ),
)
@example(payload={"official_id": 2**31})
def test_render_letter_objects(site, payload):
    check(site, render(site, dumps(payload)), {200, 400, 404, 413})


@fuzz_settings(max_examples=40)
@given(payload=json_values())
def test_render_letter_any_json(site, payload):
    check(site, render(site, dumps(payload)), {200, 400, 404, 413})


@fuzz_settings(max_examples=40)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.sampled_from(
            [
                b"",
                b"{",
                b'{"official_id": 1,}',
                b'{"official_id": ' + b"9" * 5000 + b"}",
                b"[" * 100000,
                b'{"official_id": 1, "story": "' + b"x" * 70000 + b'"}',
                b'{"official_id": 1, "story": "\\ud800"}',
                b'{"official_id": 1, "story": "\xff\xfe"}',
                b"\xef\xbb\xbf{}",
                b'{"official_id": NaN}',
                b'{"official_id": 1e400}',
            ]
        ),
    ),
    content_type=st.sampled_from(
        [None, "application/json", "text/plain", "application/x-www-form-urlencoded"]
    ),
)
def test_render_letter_raw_bodies(site, body, content_type):
    check(site, render(site, body, content_type), {200, 400, 404, 413})
