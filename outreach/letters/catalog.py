"""Letter templates: the catalog in ``letters/``, choosing one, rendering it safely.

Each template is one ``.txt`` file: a YAML header between ``---`` lines, then
the body. The header names the template and says where it fits::

    ---
    id: state-introduce
    title: Ask your state legislator to introduce a bill
    language: en
    channels: [letter, email]          # letter | email | call
    offices: [state_senator, state_representative, state_legislator]
    situations: [no_reform]            # no_reform | pending_bill | below_max | strengthened
    length: full                       # full | short
    subject: Please end qualified immunity in {{ state.name }}
    ---
    {{ official.salutation }},
    …

Templates are rendered in Jinja's sandbox with strict undefined values:
organizers may edit them, and a template must not reach Python internals,
files or anything not handed to it. What people type (their name, their
story, their edits) is passed in as values and never compiled, so template
syntax typed into a field stays plain text. A value the writer has not given
yet renders as a visible placeholder such as ``[your street address]``.
A broken template file is reported with its file and line; the others load.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from outreach.models import OfficeKind

CHANNELS = ("email", "letter", "call")
SITUATIONS = ("no_reform", "pending_bill", "below_max", "strengthened")
LENGTHS = ("full", "short")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADER_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


class LetterError(ValueError):
    """A template file that cannot be used: names the file and the line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class UnknownTemplate(LookupError):
    """No template has that id."""


class Missing:
    """A value the writer has not given: renders as a visible ``[placeholder]``."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __str__(self) -> str:
        return f"[{self.label}]"

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Missing) and other.label == self.label

    def __hash__(self) -> int:
        return hash(self.label)


def given(value: object, label: str) -> object:
    """``value`` if it is a non-empty string (or any non-string), else a placeholder."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Missing(label)
    return value.strip() if isinstance(value, str) else value


@dataclass(frozen=True)
class LetterTemplate:
    """One template: its header and its compiled subject and body."""

    id: str
    title: str
    language: str
    channels: tuple[str, ...]
    offices: tuple[str, ...]
    situations: tuple[str, ...]
    length: str
    subject_source: str
    body_source: str
    file: str
    body_line: int  # the file line where the body starts, for error messages

    def fits(self, office: str, situation: str, channel: str | None = None) -> bool:
        """Whether the template suits this office, situation (and channel)."""
        return (
            office in self.offices
            and situation in self.situations
            and (channel is None or channel in self.channels)
        )


@dataclass(frozen=True)
class RenderedLetter:
    """A rendered message: its subject and body, and the template it came from."""

    template_id: str
    subject: str
    body: str
    placeholders: tuple[str, ...] = ()


@dataclass
class LetterCatalog:
    """Every template of a folder, with the files that could not be loaded."""

    templates: dict[str, LetterTemplate] = field(default_factory=dict)
    errors: list[LetterError] = field(default_factory=list)

    def get(self, template_id: str) -> LetterTemplate:
        """The template with that id.

        :raise UnknownTemplate: when there is none.
        """
        try:
            return self.templates[template_id]
        except KeyError:
            raise UnknownTemplate(f"There is no letter template “{template_id[:60]}”.") from None

    def __iter__(self) -> Iterator[LetterTemplate]:
        return iter(sorted(self.templates.values(), key=lambda t: t.id))

    def choose(
        self, office: str, situation: str, channel: str = "letter", length: str = "full"
    ) -> LetterTemplate | None:
        """The best template for an office in a situation, for a channel.

        Preference: fits office, situation, channel and length; then any
        length; then, for the situation, a template for any channel.
        """
        fitting = [t for t in self if t.fits(office, situation, channel)]
        for template in fitting:
            if template.length == length:
                return template
        if fitting:
            return fitting[0]
        return next((t for t in self if t.fits(office, situation)), None)


def join_and(items: Iterable[object]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = [str(item) for item in items]
    if len(words) <= 2:
        return " and ".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["join_and"] = join_and
    return env


ENV = _environment()


def parse_template(text: str, file: str) -> LetterTemplate:
    """Read one template file's text.

    :raise LetterError: naming the file and line of the first problem.
    """
    match = HEADER_RE.match(text)
    if not match:
        raise LetterError(file, "must start with a header between two --- lines", 1)
    header_text = match.group(1)
    header = _read_header(header_text, file)
    raw_body = text[match.end() :]
    body = raw_body.strip("\n")
    # The body's first line in the file, after any blank lines that open it.
    body_line = text[: match.end()].count("\n") + 1 + len(raw_body) - len(raw_body.lstrip("\n"))

    def fail(message: str) -> LetterError:
        key = message.split()[0]
        lines = header_text.splitlines()
        line = next((i + 2 for i, row in enumerate(lines) if row.startswith(f"{key}:")), 2)
        return LetterError(file, message, line)

    def words(key: str, allowed: Iterable[str]) -> tuple[str, ...]:
        value = header.get(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise fail(f"{key} must list at least one of: {', '.join(allowed)}")
        bad = [v for v in value if v not in allowed]
        if bad:
            raise fail(f"{key} has unknown values {bad}; allowed: {', '.join(allowed)}")
        return tuple(value)

    template_id = str(header.get("id", ""))
    if not ID_RE.match(template_id):
        raise fail("id must be lower-case words joined by hyphens")
    for key in ("title", "subject"):
        if not isinstance(header.get(key), str) or not header[key].strip():
            raise fail(f"{key} is required")
    length = header.get("length", "full")
    if length not in LENGTHS:
        raise fail(f"length must be one of {', '.join(LENGTHS)}")
    if not body.strip():
        raise LetterError(file, "the body is empty", body_line)
    template = LetterTemplate(
        id=template_id,
        title=header["title"].strip(),
        language=str(header.get("language", "en")),
        channels=words("channels", CHANNELS),
        offices=words("offices", [k.value for k in OfficeKind]),
        situations=words("situations", SITUATIONS),
        length=length,
        subject_source=header["subject"],
        body_source=body,
        file=file,
        body_line=body_line,
    )
    _check_syntax(((template.subject_source, 2), (body, body_line)), file)
    return template


def _read_header(header_text: str, file: str) -> dict[str, Any]:
    """The header's YAML as a mapping.

    :raise LetterError: when it is not valid YAML or not a mapping.
    """
    try:
        header = yaml.safe_load(header_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise LetterError(
            file,
            f"header is not valid YAML ({getattr(error, 'problem', error)})",
            (mark.line + 2) if mark else 2,
        ) from None
    if not isinstance(header, dict):
        raise LetterError(file, "header must be a mapping", 2)
    return header


def _check_syntax(sources: Iterable[tuple[str, int]], file: str) -> None:
    """Parse each template source (with the file line it starts on).

    :raise LetterError: at the line of the first syntax error.
    """
    for source, offset in sources:
        try:
            ENV.parse(source)
        except TemplateSyntaxError as error:
            line = offset + (error.lineno or 1) - 1
            raise LetterError(file, f"template syntax error: {error.message}", line) from None


@functools.lru_cache(maxsize=1024)
def _parsed(text: str, file: str) -> LetterTemplate:
    """:func:`parse_template`, remembered by the file's text and name.

    Parsing the header (YAML) and checking both templates' syntax is most of the
    time an app takes to start; a template is immutable, so every app (each test,
    each CLI command, each worker of a preloaded server) built in the process
    shares the parse of an unchanged file. A changed file has another text, and is
    parsed again; a broken one raises each time (errors are not cached).
    """
    return parse_template(text, file)


def load_catalog(folder: Path) -> LetterCatalog:
    """Load every ``*.txt`` template under ``folder``; broken files become errors."""
    catalog = LetterCatalog()
    for path in sorted(folder.rglob("*.txt")):
        name = str(path.relative_to(folder.parent))
        try:
            template = _parsed(path.read_text(encoding="utf-8"), name)
        except LetterError as error:
            catalog.errors.append(error)
            continue
        except (OSError, UnicodeDecodeError) as error:
            catalog.errors.append(LetterError(name, f"cannot be read ({error})"))
            continue
        if template.id in catalog.templates:
            other = catalog.templates[template.id].file
            catalog.errors.append(LetterError(name, f"id {template.id} is also used by {other}"))
            continue
        catalog.templates[template.id] = template
    return catalog


@functools.lru_cache(maxsize=512)
def compiled(source: str) -> Template:
    """The sandboxed template for ``source``, compiled once per process.

    Compiling is most of what rendering a letter costs (the text is parsed and
    turned into Python each time), and a template's text never changes once
    loaded: every render of the same text shares one compiled template.
    """
    return ENV.from_string(source)


def render(template: LetterTemplate, context: Mapping[str, Any]) -> RenderedLetter:
    """Render ``template`` with ``context`` in the sandbox.

    :raise LetterError: when the template asks for something the context does
        not have, or for something the sandbox forbids.
    """
    try:
        subject = " ".join(compiled(template.subject_source).render(context).split())
        body = compiled(template.body_source).render(context)
    except UndefinedError as error:
        raise LetterError(template.file, f"unknown value in template: {error.message}") from None
    except SecurityError as error:
        raise LetterError(template.file, f"not allowed in a template: {error}") from None
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return RenderedLetter(template.id, subject, body, placeholders_in(subject + body))


def placeholders_in(text: str) -> tuple[str, ...]:
    """The ``[your …]`` placeholders still in ``text``, once each."""
    return tuple(dict.fromkeys(re.findall(r"\[(your [^\]\n]{1,80})\]", text)))
