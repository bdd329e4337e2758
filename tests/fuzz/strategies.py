"""Hypothesis strategies for hostile input: text, raw bytes, query strings, form bodies, JSON.

Values are generated at the byte level where the WSGI layer allows it: a
query string or a form body is built already percent-encoded, so it can
carry NUL bytes, invalid UTF-8, UTF-8-encoded lone surrogates, a stray ``%``
or ``%zz``, names without ``=``, empty names and repeated parameters, as a
hostile client could send them. Known parameter names and a few valid values
are mixed in so that the fuzzing also reaches past the first validation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

#: Values that have broken web forms before: control characters, markup, numbers
#: out of range, non-ASCII digits, look-alikes of valid values, long runs.
NASTY = (
    "",
    " ",
    "\x00",
    "95814\x00",
    "\r\n",
    "\t\x0b\x0c",
    "\x1b[31m",
    "\x7f",
    "\u0085",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\u200b",
    "\ufffd",
    "\U0010ffff",
    "%",
    "%00",
    "%zz",
    "+",
    "&",
    "=",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "{% raw %}",
    "' OR 1=1 --",
    "'; DROP TABLE person; --",
    "../../etc/passwd",
    "javascript:alert(1)",
    '=HYPERLINK("http://evil")',
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "9" * 40,
    str(2**31),
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "٩٥٨١٤",
    "９５８１４",
    "⁹⁵⁸¹⁴",
    "95814",
    "95814-0001",
    "958140001",
    " 94103 ",
    "94103\n",
    "00000",
    "CA",
    "ca",
    "co",
    "Co",
    "US",
    "us",
    "NYC",
    "nyc",
    "DC",
    "PR",
    "campaign",
    "x" * 201,
    "é" * 300,
    "😀" * 60,
    "İ",
    "ß",
    "ǅ",
    "ﬀ",
)

#: How a text value is repeated to make long input without generating it byte by byte.
LONG_LENGTHS = st.sampled_from([81, 121, 201, 301, 1001, 3001, 20001, 70000])


def long_text() -> st.SearchStrategy[str]:
    """A short random piece repeated to a length just past one of the app's limits."""
    return st.builds(
        lambda piece, length: (piece * (length // len(piece) + 1))[:length],
        st.text(min_size=1, max_size=3),
        LONG_LENGTHS,
    )


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Any text a form field could receive (as Unicode, without lone surrogates)."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=max_size),
        st.text(alphabet=st.characters(codec="ascii"), max_size=max_size),
        st.from_regex(r"\A[0-9 +-]{0,12}\Z"),
        long_text(),
    )


def _quote(value: str) -> str:
    return quote(value, safe="")


def encoded_values(good: Sequence[str] = ()) -> st.SearchStrategy[str]:
    """A percent-encoded value: text, raw bytes (invalid UTF-8), encoded surrogates, or
    characters left unencoded as a sloppy client would send them."""
    choices = [
        texts().map(_quote),
        st.binary(max_size=24).map(lambda b: quote_from_bytes(b, safe="")),
        st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3).map(
            lambda s: quote_from_bytes(s.encode("utf-8", "surrogatepass"), safe="")
        ),
        st.text(alphabet=st.characters(codec="ascii", exclude_characters="&#"), max_size=20),
    ]
    if good:
        choices.insert(0, st.sampled_from(list(good)).map(_quote))
    return st.one_of(choices)


@st.composite
def query_pairs(
    draw, known: Mapping[str, Sequence[str]], max_extra: int = 3
) -> list[tuple[str, str | None]]:
    """Encoded ``(name, value)`` pairs: each known parameter missing, once or twice, with a
    good or a hostile value; unknown parameters; in any order. A value of None is a bare
    name (``?zip``)."""
    pairs: list[tuple[str, str | None]] = []
    for name, good in known.items():
        value = st.one_of(st.none(), encoded_values(good))
        if good:  # good values more often, to get past validation to the work
            value = st.one_of(st.sampled_from(list(good)).map(_quote), value)
        for _ in range(draw(st.sampled_from([0, 0, 1, 1, 1, 2]))):
            pairs.append((_quote(name), draw(value)))
    for _ in range(draw(st.integers(0, max_extra))):
        pairs.append((draw(encoded_values()), draw(st.one_of(st.none(), encoded_values()))))
    return draw(st.permutations(pairs)) if len(pairs) > 1 else pairs


def join_pairs(pairs: Iterable[tuple[str, str | None]]) -> str:
    return "&".join(key if value is None else f"{key}={value}" for key, value in pairs)


def query_strings(known: Mapping[str, Sequence[str]], max_extra: int = 3):
    """A raw query string (no ``?``) over the ``known`` parameters and others."""
    separators = st.sampled_from(["&", "&&", ";", "&=&"])
    return st.one_of(
        query_pairs(known, max_extra).map(join_pairs),
        st.tuples(query_pairs(known, max_extra), separators).map(
            lambda t: t[1].join(join_pairs([p]) for p in t[0])
        ),
    )


@st.composite
def form_data(draw, known: Mapping[str, Sequence[str]], max_extra: int = 3) -> MultiDict:
    """A decoded form (what ``data=`` of the test client takes): each known field missing,
    with a good value or with hostile text, sometimes twice; plus unknown fields."""
    form = MultiDict()
    for name, good in known.items():
        value = texts()
        if good:  # good values twice as often, to get past validation to the work
            value = st.one_of(st.sampled_from(list(good)), st.sampled_from(list(good)), value)
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
            form.add(name, draw(value))
    for _ in range(draw(st.integers(0, max_extra))):
        form.add(draw(texts(20)), draw(texts()))
    return form


@st.composite
def mutated_forms(
    draw,
    base: Sequence[tuple[str, str]],
    known: Mapping[str, Sequence[str]],
    max_mutations: int = 3,
) -> MultiDict:
    """A valid form (``base``) with a few fields dropped, replaced, repeated or added:
    the input that gets furthest into the code before something is off."""
    pairs = list(base)
    names = list(known)
    for _ in range(draw(st.integers(0, max_mutations))):
        name = draw(st.one_of(st.sampled_from(names), texts(20)))
        good = list(known.get(name, ()))
        value = draw(st.one_of(st.sampled_from(good), texts()) if good else texts())
        action = draw(st.sampled_from(["replace", "drop", "repeat"]))
        if action != "repeat":
            pairs = [(n, v) for n, v in pairs if n != name]
        if action != "drop":
            pairs.append((name, value))
    return MultiDict(pairs)


def forms(base: Sequence[tuple[str, str]], known: Mapping[str, Sequence[str]]):
    """Forms near the valid ``base``, or anywhere."""
    return st.one_of(mutated_forms(base, known), form_data(known))


@st.composite
def bodies(draw, known: Mapping[str, Sequence[str]]) -> tuple[str | None, bytes]:
    """``(content type, body)``: a form-encoded body at the byte level, or garbage
    with a misleading content type."""
    form = join_pairs(draw(query_pairs(known))).encode("ascii")
    content_type = st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=latin-1",
            "multipart/form-data",
            "multipart/form-data; boundary=x",
            "multipart/form-data; boundary=",
            "application/json",
            "text/plain",
            "application/octet-stream",
            "x/y; charset=nope",
        ]
    )
    return draw(
        st.one_of(
            st.tuples(st.just("application/x-www-form-urlencoded"), st.just(form)),
            st.tuples(st.one_of(st.none(), content_type), st.binary(max_size=300)),
            st.tuples(
                st.just("multipart/form-data; boundary=x"),
                st.sampled_from(
                    [
                        b'--x\r\nContent-Disposition: form-data; name="zip"\r\n\r\n95814\r\n--x--',
                        b'--x\r\nContent-Disposition: form-data; name="story"\r\n\r\n',
                        b"--x\r\n\r\n\r\n--x--",
                        b"--x--",
                        b"--y\r\nnot the boundary\r\n--y--",
                        b'--x\r\nContent-Disposition: form-data; name="f"; filename="a.txt"'
                        b"\r\nContent-Type: text/plain\r\n\r\n\x00\xff\r\n--x--",
                    ]
                ),
            ),
            st.tuples(content_type, st.just(form)),
        )
    )


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**64 + 2),
    st.floats(allow_nan=True, allow_infinity=True),
    texts(),
)


def json_values(max_leaves: int = 12) -> st.SearchStrategy:
    """Any JSON value (NaN and Infinity included, which Python's JSON reads)."""
    return st.recursive(
        JSON_SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(texts(12), children, max_size=4),
        ),
        max_leaves=max_leaves,
    )


def dumps(value: object) -> bytes:
    """JSON bytes of ``value``; lone surrogates are written as ``\\udXXX`` escapes."""
    return json.dumps(value).encode("ascii")
