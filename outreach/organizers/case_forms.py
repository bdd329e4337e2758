"""The organizers' form for a qualified-immunity case.

Like the other edit forms (:mod:`outreach.organizers.forms`) it only carries what
was typed: the rules are checked by :mod:`outreach.campaign.case_editing`, whose
problems are shown next to the fields.
"""

from __future__ import annotations

from typing import Any, ClassVar

from wtforms import FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms

from outreach.directory import jurisdictions
from outreach.models import CaseOutcome
from outreach.organizers.forms import (
    MAX_SOURCE_ROWS,
    SPARE_SOURCE_ROWS,
    EditForm,
    SourceRow,
    _choices,
    strip,
)


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


class CaseForm(EditForm):
    """A case: who, where, which court, the outcome, the story in plain words, sources."""

    name = StringField(
        "Case name", filters=[strip], description="As courts write it: Collie v. Barron."
    )
    citation = StringField(
        "Citation",
        filters=[strip],
        description="The reporter citation or docket number; leave blank when not confirmed.",
    )
    court = StringField("Court", filters=[strip])
    year = StringField("Year", filters=[strip], render_kw={"inputmode": "numeric"})
    state = SelectField("State where it happened", validate_choice=False, default="")
    circuit = SelectField("Federal circuit", validate_choice=False, default="")
    outcome = SelectField(
        "Outcome",
        choices=_choices(CaseOutcome, "Choose an outcome…"),
        validate_choice=False,
        default="",
    )
    outcome_note = StringField(
        "Outcome note", filters=[strip], description="Optional: “Granted by the Supreme Court”."
    )
    brief = TextAreaField(
        "In one sentence",
        filters=[strip],
        description="For lists, letters and share images; at most 400 characters.",
        render_kw={"rows": 2},
    )
    summary = TextAreaField("What happened", filters=[strip], render_kw={"rows": 5})
    held = TextAreaField("What the court held", filters=[strip], render_kw={"rows": 4})
    history = TextAreaField(
        "What it changed in the doctrine",
        filters=[strip],
        description="Only for the cases in the history box on the rubric page.",
        render_kw={"rows": 2},
    )
    sources = FieldList(FormField(SourceRow), min_entries=1, max_entries=MAX_SOURCE_ROWS + 5)

    ROW_NAMES: ClassVar[dict[str, str]] = {"sources": "Source"}

    def __init__(self, *args: Any, circuits: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._source_rows: list[int] = []
        self.state.choices = [SelectChoice("", "Choose a state…")] + [
            SelectChoice(j.abbr, j.name)
            for j in sorted(jurisdictions.JURISDICTIONS.values(), key=lambda j: j.name)
        ]
        self.circuit.choices = [SelectChoice("", "Choose a circuit…")] + [
            SelectChoice(code, name) for code, name in circuits
        ]

    def add_spare_rows(self) -> None:
        """Offer blank source rows after the filled ones, up to the limit."""
        filled = sum(1 for entry in self.sources if not entry.form.blank)
        while len(self.sources) < min(filled + SPARE_SOURCE_ROWS, MAX_SOURCE_ROWS):
            self.sources.append_entry()

    def to_data(self) -> dict[str, Any]:
        """The case's fields for the service; blank source rows left out."""
        sources = []
        self._source_rows = []
        for i, entry in enumerate(self.sources):
            if entry.form.blank:
                continue
            self._source_rows.append(i)
            sources.append(
                {"title": entry.form.title.data or "", "url": entry.form.url.data or ""}
            )
        return {
            "name": self.name.data or "",
            "citation": _optional(self.citation.data),
            "court": self.court.data or "",
            "year": self.year.data or "",
            "state": self.state.data or "",
            "circuit": self.circuit.data or "",
            "outcome": self.outcome.data or "",
            "outcome_note": self.outcome_note.data or "",
            "history": _optional(self.history.data),
            "brief": self.brief.data or "",
            "summary": self.summary.data or "",
            "held": self.held.data or "",
            "sources": sources,
        }

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
