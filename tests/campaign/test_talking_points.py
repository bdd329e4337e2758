"""The talking-points file: the shipped content loads and bad files are rejected."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from outreach.campaign import talking_points as tp

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "talking_points.yaml"

VALID_POINT = """\
  - id: {id}
    kind: {kind}
    title: "“A title.”"
    text: >-
      Some text to paste.
    source_title: A source
    source_url: {url}
"""


def write(tmp_path: Path, body: str, name: str = "points.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def points_file(tmp_path: Path, *points: str) -> Path:
    return write(tmp_path, "points:\n" + "".join(points))


def point(id: str = "one", kind: str = "argument", url: str = "https://example.org/a") -> str:
    return VALID_POINT.format(id=id, kind=kind, url=url)


def rejected(path: Path) -> tp.TalkingPointsError:
    with pytest.raises(tp.TalkingPointsError) as info:
        tp.load_talking_points(path)
    return info.value


# --- the shipped file -------------------------------------------------------


def test_default_path_is_the_shipped_file():
    assert tp.DEFAULT_PATH == SHIPPED
    assert SHIPPED.is_file()


def test_shipped_file_loads_with_both_kinds():
    points = tp.load_talking_points()
    assert 16 <= len(points) <= 20
    kinds = [p.kind for p in points]
    assert 4 <= kinds.count("argument") <= 6
    assert 10 <= kinds.count("objection") <= 13
    assert all(isinstance(p, tp.TalkingPoint) for p in points)


def test_shipped_ids_unique_and_slugs():
    ids = [p.id for p in tp.load_talking_points()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_shipped_texts_within_limit_and_sourced():
    for p in tp.load_talking_points():
        assert p.title.strip(), p.id
        assert p.source_title.strip(), p.id
        assert 0 < len(p.text) <= tp.MAX_TEXT, p.id
        assert "\n" not in p.text, p.id


def test_every_shipped_point_links_its_source():
    for p in tp.load_talking_points():
        assert p.source_url, p.id
        assert re.fullmatch(r"https?://[^\s<>\"]+", p.source_url), p.id


def test_the_opposing_arguments_of_the_seeds_are_answered():
    ids = {p.id for p in tp.load_talking_points() if p.kind == "objection"}
    assert {
        "absolute-immunity",
        "state-tort-suits",
        "proactive-policing",
        "teachers-social-workers",
        "one-size",
    } <= ids


def test_no_point_says_the_doctrine_matters_only_when_rights_were_violated():
    """Courts may grant it without deciding whether rights were violated (Pearson)."""
    text = " ".join(p.text for p in tp.load_talking_points()).lower()
    assert "only when rights were violated" not in text
    assert "pearson v. callahan" in text
    # 1967 is the good-faith defense; the "clearly established" test came in 1982.
    assert "harlow v. fitzgerald in 1982" in text


def test_shipped_urls_are_http():
    points = tp.load_talking_points()
    urls = [p.source_url for p in points if p.source_url is not None]
    assert urls, "at least one point should link its source"
    for url in urls:
        assert re.fullmatch(r"https?://[^\s<>\"]+", url), url


def test_shipped_objections_are_quoted():
    for p in tp.load_talking_points():
        if p.kind == "objection":
            assert p.title.startswith("“"), p.id
            assert p.title.endswith("”"), p.id


def test_shipped_figures_are_exact():
    text = " ".join(p.text for p in tp.load_talking_points())
    assert "more than 99%" in text
    assert "under 1%" in text
    assert "5% of the judgment or $25,000, whichever is less" in text
    assert "1967" in text


# --- a valid file -----------------------------------------------------------


def test_valid_file_loads(tmp_path):
    path = points_file(tmp_path, point("one"), point("two", kind="objection", url=""))
    points = tp.load_talking_points(path)
    assert [p.id for p in points] == ["one", "two"]
    assert points[0] == tp.TalkingPoint(
        id="one",
        kind="argument",
        title="“A title.”",
        text="Some text to paste.",
        source_title="A source",
        source_url="https://example.org/a",
    )
    assert points[1].source_url is None


def test_points_are_frozen(tmp_path):
    points = tp.load_talking_points(points_file(tmp_path, point()))
    with pytest.raises(AttributeError):
        points[0].text = "changed"  # type: ignore[misc]


def test_reloads_when_the_file_changes(tmp_path):
    path = points_file(tmp_path, point("one"))
    assert [p.id for p in tp.load_talking_points(path)] == ["one"]
    path.write_text("points:\n" + point("one") + point("two"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [p.id for p in tp.load_talking_points(path)] == ["one", "two"]


def test_returned_list_is_a_copy(tmp_path):
    path = points_file(tmp_path, point())
    tp.load_talking_points(path).clear()
    assert len(tp.load_talking_points(path)) == 1


# --- bad files --------------------------------------------------------------


def test_error_is_a_value_error(tmp_path):
    assert issubclass(tp.TalkingPointsError, ValueError)


def test_missing_field(tmp_path):
    body = point("no-source").replace("    source_title: A source\n", "")
    error = rejected(points_file(tmp_path, body))
    assert "points.yaml" in str(error)
    assert "point 1 (id 'no-source')" in str(error)
    assert "missing required field 'source_title'" in str(error)


def test_missing_id_names_the_index(tmp_path):
    body = point("gone").replace("  - id: gone\n    kind", "  - kind")
    error = rejected(points_file(tmp_path, point("first"), body))
    assert "point 2: missing required field 'id'" in str(error)


def test_empty_text_counts_as_missing(tmp_path):
    body = point("blank").replace("      Some text to paste.\n", "")
    error = rejected(points_file(tmp_path, body))
    assert "point 1 (id 'blank'): missing required field 'text'" in str(error)


def test_bad_kind(tmp_path):
    error = rejected(points_file(tmp_path, point("rebuttal", kind="rebuttal")))
    message = str(error)
    assert "point 1 (id 'rebuttal')" in message
    assert "kind 'rebuttal' is not one of argument, objection" in message


def test_duplicate_id(tmp_path):
    error = rejected(points_file(tmp_path, point("same"), point("other"), point("same")))
    assert "point 3 (id 'same'): duplicate id, already used by point 1" in str(error)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/file",
        "javascript:alert(1)",
        "example.org/page",
        '"https://example.org/a page"',
        "https://",
    ],
)
def test_bad_url(tmp_path, url):
    error = rejected(points_file(tmp_path, point("linked", url=url)))
    assert "point 1 (id 'linked'): source_url" in str(error)
    assert "is not an http(s) link" in str(error)


def test_text_too_long(tmp_path):
    long_text = "word " * 130  # 650 characters
    body = point("long").replace("Some text to paste.", long_text.strip())
    error = rejected(points_file(tmp_path, body))
    assert "point 1 (id 'long'): text is 649 characters, more than 600" in str(error)


def test_text_at_the_limit_is_accepted(tmp_path):
    body = point("edge").replace("Some text to paste.", "x" * tp.MAX_TEXT)
    assert len(tp.load_talking_points(points_file(tmp_path, body))[0].text) == tp.MAX_TEXT


def test_non_text_field(tmp_path):
    body = point("numbers").replace("source_title: A source", "source_title: 2021")
    error = rejected(points_file(tmp_path, body))
    assert "point 1 (id 'numbers'): 'source_title' must be text, not int" in str(error)


def test_unknown_field(tmp_path):
    body = point("typo").replace("source_url:", "source_link:")
    error = rejected(points_file(tmp_path, body))
    assert "point 1 (id 'typo'): unknown field(s) source_link" in str(error)


def test_bad_slug(tmp_path):
    error = rejected(points_file(tmp_path, point("Not A Slug")))
    assert "id must be lower-case letters, digits and hyphens" in str(error)


def test_every_problem_is_reported(tmp_path):
    error = rejected(points_file(tmp_path, point("a", kind="nope"), point("b", url="ftp://x")))
    assert len(error.problems) == 2
    assert str(error).count("points.yaml") == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("points: [\n", "not valid YAML"),
        ("- just a list\n", "top-level 'points' list"),
        ("points:\n", "top-level 'points' list"),
        ("points: []\n", "'points' is empty"),
        ("points:\n  - just text\n", "point 1: must be a mapping"),
    ],
)
def test_malformed_files(tmp_path, body, message):
    error = rejected(write(tmp_path, body))
    assert message in str(error)
    assert "points.yaml" in str(error)


def test_missing_file(tmp_path):
    error = rejected(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(error)
    assert "cannot read the file" in str(error)
