"""Letter templates: parsing with file and line, the sandbox, placeholders, choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.letters import catalog as letters
from outreach.letters.catalog import LetterError, given, parse_template, render

HEADER = """---
id: {id}
title: A letter
channels: [{channels}]
offices: [{offices}]
situations: [{situations}]
length: {length}
subject: Please act in {{{{ state }}}}
---
"""


def template_text(
    body: str,
    *,
    id="t",
    channels="email, letter",
    offices="state_senator",
    situations="no_reform",
    length="full",
) -> str:
    return (
        HEADER.format(
            id=id, channels=channels, offices=offices, situations=situations, length=length
        )
        + body
    )


def test_renders_values_and_visible_placeholders():
    template = parse_template(template_text("Dear {{ name }},\n\nFrom {{ address }}.\n"), "t.txt")
    result = render(
        template,
        {"state": "Ohio", "name": "Senator Lee", "address": given("  ", "your street address")},
    )
    assert result.subject == "Please act in Ohio"
    assert result.body == "Dear Senator Lee,\n\nFrom [your street address].\n"
    assert result.placeholders == ("your street address",)
    assert "None" not in result.body


def test_typed_template_syntax_is_never_evaluated():
    template = parse_template(template_text("{{ story }}\n"), "t.txt")
    story = "{{ 7*7 }} {% for x in ().__class__.__mro__ %}{{ x }}{% endfor %} <b>"
    assert render(template, {"state": "Ohio", "story": story}).body == story + "\n"


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ state.__class__.__init__.__globals__ }}",
        "{{ data.update({'a': 1}) }}",
        "{{ data.items.__self__.clear() }}",
        "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_sandbox_refuses_escapes(body):
    template = parse_template(template_text(body + "\n"), "t.txt")
    with pytest.raises(LetterError, match="not allowed"):
        render(template, {"state": "Ohio", "data": {"a": 0}})


def test_strict_undefined_names_the_file():
    template = parse_template(template_text("{{ nobody }}\n"), "letters/t.txt")
    with pytest.raises(LetterError, match=r"letters/t\.txt: unknown value.*'nobody'"):
        render(template, {"state": "Ohio"})


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("no header at all", 1, "must start with a header"),
        (template_text("ok\n", channels="fax"), 4, "channels has unknown values"),
        (template_text("ok\n", id="Bad Id"), 2, "id must be"),
        (template_text("\nline one\n{% for %}\n"), 12, "template syntax error"),
        (template_text("\n\n"), None, "the body is empty"),
    ],
)
def test_broken_files_name_file_and_line(text, line, message):
    with pytest.raises(LetterError) as caught:
        parse_template(text, "letters/broken.txt")
    assert message in str(caught.value)
    if line is not None:
        assert caught.value.line == line
        assert str(caught.value).startswith(f"letters/broken.txt:{line}:")


def test_catalog_loads_good_files_and_reports_broken_ones(tmp_path: Path):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "good.txt").write_text(template_text("Hello\n", id="good"))
    (folder / "short.txt").write_text(template_text("Hi\n", id="good-short", length="short"))
    (folder / "call.txt").write_text(template_text("Hi\n", id="call", channels="call"))
    (folder / "broken.txt").write_text(template_text("{% if %}\n", id="broken"))
    (folder / "twin.txt").write_text(template_text("Hello\n", id="good"))
    catalog = letters.load_catalog(folder)
    assert sorted(catalog.templates) == ["call", "good", "good-short"]
    assert sorted(e.file for e in catalog.errors) == ["letters/broken.txt", "letters/twin.txt"]
    assert catalog.choose("state_senator", "no_reform", "email").id == "good"
    assert catalog.choose("state_senator", "no_reform", "email", "short").id == "good-short"
    assert catalog.choose("state_senator", "no_reform", "call").id == "call"
    assert catalog.choose("governor", "no_reform", "email") is None
    with pytest.raises(letters.UnknownTemplate):
        catalog.get("nope")


def test_join_and():
    assert letters.join_and([]) == ""
    assert letters.join_and(["a"]) == "a"
    assert letters.join_and(["a", "b"]) == "a and b"
    assert letters.join_and(["a", "b", "c"]) == "a, b and c"
