"""Forms of the organizer area, all POST forms with CSRF tokens (Flask-WTF).

The forms only carry and shape what was typed: the rules of the content
(required fields, lengths, link schemes, ratings, stages, dates…) are checked
by :mod:`outreach.campaign.editing` with the content file's own
models, and its problems are put back next to the fields here
(:meth:`EditForm.apply_problems`). Select fields therefore accept any value
(``validate_choice=False``) and leave the refusal to the service.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any, ClassVar
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms
from wtforms.validators import DataRequired, Length

from outreach.campaign.edit_checks import Problem
from outreach.campaign.scoring import CRITERIA
from outreach.models import BillStage, QiEffect, Rating, ReformStatus
from outreach.organizers.accounts import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH

#: Blank source rows offered below the filled ones (no JavaScript needed to add one).
SPARE_SOURCE_ROWS = 2
MAX_SOURCE_ROWS = 20
MAX_NEXT_LENGTH = 2000


def strip(value: object) -> object:
    """Field filter: trim surrounding spaces; Windows line ends become ``\\n``."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def safe_next(value: str | None) -> str | None:
    """``value`` if it is a path on this site (``/organizers/bills``), else None.

    Refuses anything that a browser could take for another host: absolute
    URLs, scheme-relative ``//host``, backslashes, spaces and control
    characters.
    """
    if not value or len(value) > MAX_NEXT_LENGTH or not value.startswith("/"):
        return None
    if value.startswith("//") or "\\" in value:
        return None
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


# ----------------------------------------------------------------------------- sign in and out


class LoginForm(FlaskForm):  # type: ignore[misc]  # flask_wtf has no type hints
    """Email address and password."""

    email = EmailField(
        "Email address",
        filters=[strip],
        validators=[DataRequired("Enter your email address."), Length(max=MAX_EMAIL_LENGTH)],
        render_kw={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ConfirmForm(FlaskForm):  # type: ignore[misc]  # flask_wtf has no type hints
    """A button alone (sign out, delete): the CSRF token is the whole form."""


# ----------------------------------------------------------------------------- editing


def _choices(enum_type: Iterable[Any], placeholder: str | None = None) -> list[SelectChoice]:
    first = [SelectChoice("", placeholder)] if placeholder else []
    return first + [SelectChoice(m.value, m.label) for m in enum_type]


class EditForm(FlaskForm):  # type: ignore[misc]  # flask_wtf has no type hints
    """Base of the edit forms: a stamp of the row as loaded, and the service's problems."""

    stamp = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_errors: list[str] = []
        #: Problems of a whole list of rows (``sources``), by list name.
        self.list_errors: dict[str, list[str]] = {}

    def field_for(self, loc: tuple[str | int, ...]) -> Any | None:
        """The form field that shows the problem at ``loc``, or None."""
        name = loc[0] if loc else None
        if isinstance(name, str) and name in self._fields and name not in ("stamp", "csrf_token"):
            return self._fields[name]
        return None

    def apply_problems(self, problems: Iterable[Problem]) -> None:
        """Show each problem on its field; those of no field go to ``general_errors``."""
        for problem in problems:
            found = self.field_for(problem.loc)
            if isinstance(found, FieldList):
                self.list_errors.setdefault(found.name, []).append(problem.message)
                continue
            if found is None:
                where = f"{problem.where}: " if problem.where else ""
                self.general_errors.append(f"{where}{problem.message}")
                continue
            errors = found.errors if isinstance(found.errors, list) else []
            if not isinstance(found.errors, list):
                found.errors = errors
            if problem.message not in errors:
                errors.append(problem.message)

    #: How the error summary names a row of a list of subforms, by list name.
    ROW_NAMES: ClassVar[dict[str, str]] = {}

    def error_items(self) -> list[tuple[str, str, str]]:
        """``(field id, field name, message)`` of every error, in form order."""
        items = []
        for f in self:
            if isinstance(f, FieldList):
                first = f[0].form if len(f) else None
                for message in self.list_errors.get(f.name, []):
                    target = next(iter(first), None) if first is not None else None
                    items.append((target.id if target else f.id, f.label.text, message))
                row_name = self.ROW_NAMES.get(f.name, "Row")
                for i, entry in enumerate(f):
                    for sub in entry.form:
                        if isinstance(sub.errors, list) and sub.errors:
                            name = f"{row_name} {i + 1}, {sub.label.text.lower()}"
                            items.append((sub.id, name, " ".join(sub.errors)))
            elif isinstance(f.errors, list) and f.errors and f.name != "csrf_token":
                items.append((f.id, f.label.text, " ".join(f.errors)))
        return items

    @property
    def has_errors(self) -> bool:
        return bool(self.general_errors or self.error_items())


class SourceRow(Form):
    """One source of a record: its title and its link."""

    title = StringField("Title", filters=[strip])
    url = StringField(
        "Link",
        filters=[strip],
        render_kw={"type": "url", "inputmode": "url", "spellcheck": "false"},
    )

    @property
    def blank(self) -> bool:
        return not (self.title.data or self.url.data)


class SourcedForm(EditForm):
    """An edit form with rows of sources (``sources``, declared by each subclass so that
    it stays in its place among the fields): spare blank rows, blank ones left out,
    and a problem with the n-th source placed on the row it came from."""

    ROW_NAMES: ClassVar[dict[str, str]] = {"sources": "Source"}
    sources: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._source_rows: list[int] = []

    def add_spare_rows(self) -> None:
        """Offer blank source rows after the filled ones, up to the limit."""
        filled = sum(1 for entry in self.sources if not entry.form.blank)
        while len(self.sources) < min(filled + SPARE_SOURCE_ROWS, MAX_SOURCE_ROWS):
            self.sources.append_entry()

    def source_data(self) -> list[dict[str, str]]:
        """The filled source rows, remembering which row each came from."""
        sources = []
        self._source_rows = []
        for i, entry in enumerate(self.sources):
            if entry.form.blank:
                continue
            self._source_rows.append(i)
            sources.append(
                {"title": entry.form.title.data or "", "url": entry.form.url.data or ""}
            )
        return sources

    def field_for(self, loc: tuple[str | int, ...]) -> Any | None:
        if (
            len(loc) >= 3
            and loc[0] == "sources"
            and isinstance(loc[1], int)
            and loc[1] < len(self._source_rows)
        ):
            row = self.sources[self._source_rows[loc[1]]].form
            return row._fields.get(str(loc[2]))
        if loc and loc[0] == "sources":
            return self.sources
        return super().field_for(loc)


class RecordForm(SourcedForm):
    """A jurisdiction's reform record: status, summary, date, sources."""

    status = SelectField(
        "Status",
        choices=_choices(ReformStatus, "Choose a status…"),
        validate_choice=False,
        default="",
    )
    summary = TextAreaField(
        "Summary",
        filters=[strip],
        description="One paragraph in plain words: what the law does or what was tried.",
        render_kw={"rows": 6},
    )
    as_of = StringField(
        "As of",
        filters=[strip],
        description="The date of the newest fact checked, as YYYY-MM-DD.",
        render_kw={"type": "date", "placeholder": "YYYY-MM-DD"},
    )
    sources = FieldList(FormField(SourceRow), min_entries=1, max_entries=MAX_SOURCE_ROWS + 5)

    def to_data(self) -> dict[str, Any]:
        """The record's fields for the service; blank source rows left out."""
        return {
            "status": self.status.data or "",
            "summary": self.summary.data or "",
            "as_of": self.as_of.data or "",
            "sources": self.source_data(),
        }


class AssessmentRow(Form):
    """One criterion's answer: the rating, a note and the source."""

    rating = SelectField(
        "Rating",
        choices=_choices(Rating, "Choose…"),
        validate_choice=False,
        default="",
    )
    note = TextAreaField("Note", filters=[strip], render_kw={"rows": 3})
    source = StringField(
        "Source link",
        filters=[strip],
        description="Needed for met, partly met and not met.",
        render_kw={"type": "url", "inputmode": "url", "spellcheck": "false"},
    )


class CriteriaForm(EditForm):
    """The nine criteria of a bill, one row each, criterion 1 first."""

    bill = HiddenField()
    assessments = FieldList(
        FormField(AssessmentRow), min_entries=len(CRITERIA), max_entries=len(CRITERIA)
    )

    ROW_NAMES: ClassVar[dict[str, str]] = {"assessments": "Criterion"}

    def assessment_data(self) -> dict[int, dict[str, Any]]:
        """Criterion number → ``{rating, note, source}`` (an empty link is None)."""
        return {
            number: {
                "rating": entry.form.rating.data or "",
                "note": entry.form.note.data or "",
                "source": entry.form.source.data or None,
            }
            for number, entry in zip(CRITERIA, self.assessments, strict=False)
        }

    def field_for(self, loc: tuple[str | int, ...]) -> Any | None:
        if len(loc) >= 2 and loc[0] == "assessment":
            try:
                index = int(loc[1]) - 1
            except (TypeError, ValueError):
                return None
            if not 0 <= index < len(self.assessments):
                return None
            row = self.assessments[index].form
            return row._fields.get(str(loc[2])) if len(loc) >= 3 else row.rating
        return super().field_for(loc)

    def load_assessments(self, assessment: dict[int, dict[str, Any]]) -> None:
        """Fill the nine rows from a bill's current answers."""
        for number, entry in zip(CRITERIA, self.assessments, strict=False):
            answer = assessment.get(number) or {}
            entry.form.rating.data = answer.get("rating", "")
            entry.form.note.data = answer.get("note", "")
            entry.form.source.data = answer.get("source") or ""


class BillForm(CriteriaForm):
    """A bill or law: its details and the nine criteria."""

    identifier = StringField(
        "Identifier", filters=[strip], description="As the legislature writes it, like SB 20-217."
    )
    title = StringField("Title", filters=[strip])
    jurisdiction = SelectField(
        "Jurisdiction",
        choices=[SelectChoice("", "Choose a jurisdiction…")],
        validate_choice=False,
        default="",
    )
    session = StringField(
        "Session",
        filters=[strip],
        description="As the legislature names it, like 2020 or 2023-2024.",
    )
    congress = StringField(
        "Congress",
        filters=[strip],
        description="Federal bills only: the number of the Congress, like 117.",
        render_kw={"inputmode": "numeric"},
    )
    stage = SelectField(
        "Stage", choices=_choices(BillStage, "Choose a stage…"), validate_choice=False
    )
    active = BooleanField("Still alive in the current session")
    last_action = StringField(
        "Last action",
        filters=[strip],
        description="The date of the last known action, as precise as the source: "
        "YYYY-MM-DD, YYYY-MM, YYYY, or unknown. Never invent a day.",
        render_kw={"placeholder": "YYYY-MM-DD, YYYY-MM, YYYY or unknown"},
    )
    qi_effect = SelectField(
        "Effect on qualified immunity",
        choices=_choices(QiEffect, "Choose what the sources say it does…"),
        validate_choice=False,
        description="Only from a source. Unknown never counts as reform: not in letters, "
        "posts, the map or the status.",
    )
    qi_scope = TextAreaField(
        "What it covers",
        filters=[strip],
        description="Who is covered, and which claims: state-law, city-law or federal.",
        render_kw={"rows": 2},
    )
    session_end = StringField(
        "Session ends",
        filters=[strip],
        description="For a pending bill: when its session ends (YYYY-MM-DD, YYYY-MM or YYYY).",
    )
    url = StringField(
        "Link",
        filters=[strip],
        description="The bill's official page, or the best source.",
        render_kw={"type": "url", "inputmode": "url", "spellcheck": "false"},
    )
    sponsors = TextAreaField(
        "Sponsors",
        filters=[strip],
        description="One name a line; only names the sources give.",
        render_kw={"rows": 3},
    )
    summary = TextAreaField("Summary", filters=[strip], render_kw={"rows": 5})

    DETAIL_FIELDS = (
        "identifier",
        "title",
        "jurisdiction",
        "session",
        "congress",
        "stage",
        "active",
        "last_action",
        "qi_effect",
        "qi_scope",
        "session_end",
        "url",
        "sponsors",
        "summary",
    )

    def __init__(
        self, *args: Any, jurisdictions: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.jurisdiction.choices = [SelectChoice("", "Choose a jurisdiction…")] + [
            SelectChoice(code, label) for code, label in jurisdictions or []
        ]

    def to_data(self) -> dict[str, Any]:
        """The bill's fields for the service (an empty congress is None)."""
        sponsors = [line.strip() for line in (self.sponsors.data or "").split("\n")]
        data = {
            "jurisdiction": self.jurisdiction.data or "",
            "identifier": self.identifier.data or "",
            "title": self.title.data or "",
            "session": self.session.data or "",
            "congress": self.congress.data or None,
            "stage": self.stage.data or "",
            "active": bool(self.active.data),
            "last_action": self.last_action.data or "",
            "url": self.url.data or "",
            "sponsors": [s for s in sponsors if s],
            "summary": self.summary.data or "",
            "assessment": self.assessment_data(),
        }
        # Fields a client did not send are kept as they are (older forms, the API).
        if self.qi_effect.raw_data:
            data["qi_effect"] = self.qi_effect.data or None
        if self.qi_scope.raw_data:
            data["qi_scope"] = self.qi_scope.data or ""
        if self.session_end.raw_data:
            data["session_end"] = self.session_end.data or None
        return data

    def load(self, data: dict[str, Any]) -> None:
        """Fill the form from a bill's current values (:func:`content_editing.bill_data`)."""
        for name in self.DETAIL_FIELDS:
            value = data.get(name)
            if name == "sponsors":
                value = "\n".join(value or [])
            elif name == "congress":
                value = "" if value is None else str(value)
            elif name != "active":
                value = value or ""
            self._fields[name].data = value
        self.load_assessments(data.get("assessment") or {})

    def field_for(self, loc: tuple[str | int, ...]) -> Any | None:
        if loc and loc[0] == "id":
            return self.identifier
        return super().field_for(loc)

    def apply_problems(self, problems: Iterable[Problem]) -> None:
        """As :meth:`EditForm.apply_problems`; a sponsor's problem names its line."""
        super().apply_problems(
            Problem(("sponsors",), f"Line {p.loc[1] + 1}: {p.message}")
            if p.loc[:1] == ("sponsors",) and len(p.loc) > 1 and isinstance(p.loc[1], int)
            else p
            for p in problems
        )
