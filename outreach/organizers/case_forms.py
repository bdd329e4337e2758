"""The organizers' form for a qualified-immunity case.

Like the other edit forms (:mod:`outreach.organizers.forms`) it only carries what
was typed: the rules are checked by :mod:`outreach.campaign.case_editing`, whose
problems are shown next to the fields.
"""

from __future__ import annotations

from typing import Any

from wtforms import FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms

from outreach.directory import jurisdictions
from outreach.models import CaseOutcome
from outreach.organizers.forms import (
    MAX_SOURCE_ROWS,
    SourcedForm,
    SourceRow,
    _choices,
    strip,
)


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


class CaseForm(SourcedForm):
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

    def __init__(self, *args: Any, circuits: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state.choices = [SelectChoice("", "Choose a state…")] + [
            SelectChoice(j.abbr, j.name)
            for j in sorted(jurisdictions.JURISDICTIONS.values(), key=lambda j: j.name)
        ]
        self.circuit.choices = [SelectChoice("", "Choose a circuit…")] + [
            SelectChoice(code, name) for code, name in circuits
        ]

    def to_data(self) -> dict[str, Any]:
        """The case's fields for the service; blank source rows left out."""
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
            "sources": self.source_data(),
        }
