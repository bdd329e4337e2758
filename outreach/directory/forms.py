"""Forms of the officials pages: all GET forms, so without CSRF tokens.

The validators keep out what no ZIP code, address or district contains:
over-long text, control characters and markup. Messages are written for the
person filling in the form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, Form, SelectField, StringField
from wtforms.fields import SelectFieldBase
from wtforms.fields.choices import (  # type: ignore[attr-defined]  # types-WTForms lacks it
    SelectChoice,
)
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import Select

from outreach.directory import checks, errors, jurisdictions, lookup, ordering
from outreach.directory.checks import has_control_characters
from outreach.directory.labels import chamber_name, district_label
from outreach.models import OfficeKind

MAX_ZIP_LENGTH = 10
MAX_ADDRESS_LENGTH = 200
_ADDRESS_CHARS = re.compile(r"^[\w .,#'’&()/:°-]+$")


def strip(value: object) -> object:
    """Field filter: trim surrounding spaces (and keep None as None)."""
    return value.strip() if isinstance(value, str) else value


class PlainText:
    """Stop validation of over-long text or text with control characters."""

    def __init__(self, max_length: int, too_long: str) -> None:
        self.max_length = max_length
        self.too_long = too_long

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data or ""
        if len(value) > self.max_length:
            raise StopValidation(self.too_long)
        if has_control_characters(value):
            raise StopValidation(
                "Remove the invisible or control characters from this field and try again."
            )


class LookupForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """ "Who represents me?": a ZIP code, and optionally a street address."""

    class Meta:
        csrf = False  # a GET form: nothing changes on the server

    zip = StringField(
        "ZIP code",
        filters=[strip],
        validators=[
            PlainText(
                MAX_ZIP_LENGTH,
                "That is too long for a ZIP code: enter 5 digits, like 20500.",
            )
        ],
        description="5 digits, like 20500.",
        render_kw={
            "autocomplete": "postal-code",
            "inputmode": "numeric",
            "maxlength": MAX_ZIP_LENGTH,
            "size": MAX_ZIP_LENGTH,
            "spellcheck": "false",
        },
    )
    address = StringField(
        "Street address (optional)",
        filters=[strip],
        validators=[
            PlainText(
                MAX_ADDRESS_LENGTH,
                f"That address is too long: use at most {MAX_ADDRESS_LENGTH} characters, "
                "like 1600 Pennsylvania Ave NW, Washington, DC.",
            )
        ],
        description=(
            "Add your street address for an exact answer, including your state "
            "legislators. We use it for this search only and do not store it."
        ),
        render_kw={"autocomplete": "street-address", "maxlength": MAX_ADDRESS_LENGTH},
    )

    def validate_zip(self, field: Field) -> None:
        if not field.data:
            if not self.address.data:
                raise ValidationError("Enter a 5-digit ZIP code, or your street address.")
            return
        try:
            lookup.normalize_zip(field.data)
        except errors.InvalidZip as exc:
            raise ValidationError(str(exc)) from exc

    def validate_address(self, field: Field) -> None:
        if field.data and not _ADDRESS_CHARS.match(field.data):
            raise ValidationError(
                "An address can only contain letters, numbers, spaces and . , # ' - / & ( ): "
                "please remove any other characters."
            )


def office_choices() -> list[SelectChoice]:
    return [SelectChoice("", "All offices")] + [
        SelectChoice(kind.value, kind.label) for kind in OfficeKind
    ]


def _choice_values(field: SelectField) -> set[str]:
    # types-WTForms types choices as tuples; this app gives SelectChoice objects.
    choices: list[SelectChoice] = field.choices  # type: ignore[assignment]
    return {choice.value for choice in choices}


class StateFilterForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """Filters of a state directory page: office, chamber and district."""

    class Meta:
        csrf = False

    office = SelectField("Office", choices=office_choices(), default="", validate_choice=False)
    chamber = SelectField(
        "Legislative chamber",
        choices=[SelectChoice("", "All chambers")],
        default="",
        validate_choice=False,
    )
    district = StringField(
        "District",
        filters=[strip],
        validators=[
            PlainText(
                checks.MAX_DISTRICT_LENGTH,
                f"A district name has at most {checks.MAX_DISTRICT_LENGTH} characters.",
            )
        ],
        description="Like 12, 21A or Ward 1.",
        render_kw={"maxlength": checks.MAX_DISTRICT_LENGTH, "spellcheck": "false"},
    )

    def __init__(
        self, formdata: object, *, state: str, chambers: list[str], **kwargs: object
    ) -> None:
        super().__init__(formdata, **kwargs)
        self.chamber.choices = [SelectChoice("", "All chambers")] + [
            SelectChoice(c, chamber_name(c, state)) for c in chambers
        ]

    def validate_office(self, field: SelectField) -> None:
        if field.data and field.data not in _choice_values(field):
            raise ValidationError("Choose an office from the list.")

    def validate_chamber(self, field: SelectField) -> None:
        if field.data and field.data not in _choice_values(field):
            raise ValidationError("Choose a chamber from the list.")

    def validate_district(self, field: Field) -> None:
        if field.data and any(c in field.data for c in '<>{}[]\\"`;='):
            raise ValidationError(
                "A district name contains only letters, numbers, spaces and dashes."
            )


class DistrictPickerForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """One ``<select>`` per chamber of one state, to place state legislators."""

    class Meta:
        csrf = False


_COUNTY_DISTRICT = re.compile(r"^([A-Za-z][A-Za-z .'&]*?)[ -]+\d+[A-Za-z]?$")


def district_choices(
    districts: list[str], placeholder: str = "Choose a district"
) -> list[SelectChoice]:
    """Options of a district select; named districts (``Hillsborough 12``) grouped by name.

    Grouping needs at least two names, as in New Hampshire or Vermont, so that
    a long list of a few hundred districts stays easy to scan. The options of a
    list are worked out once per process (a state's list changes only with a sync).
    """
    return list(_district_options(tuple(districts), placeholder))


@lru_cache(maxsize=256)
def _district_options(districts: tuple[str, ...], placeholder: str) -> tuple[SelectChoice, ...]:
    """:func:`district_choices`, remembered: a few hundred lists at most (places × chambers)."""
    groups: dict[str, str | None] = {}
    for district in districts:
        match = _COUNTY_DISTRICT.match(district)
        groups[district] = match.group(1).strip() if match else None
    named = {g for g in groups.values() if g}
    grouped = len(named) > 1
    options = [SelectChoice("", placeholder)]
    ordered = sorted(districts, key=lambda d: (groups[d] or "", ordering.natural_key(d)))
    for district in ordered if grouped else districts:
        group = groups[district] if grouped else None
        options.append(SelectChoice(district, district_label(district), optgroup=group))
    return tuple(options)


class RememberedSelect(Select):
    """WTForms' select, its HTML kept per field, attributes, choices and selection.

    A results page shows a select per chamber with every district of the state
    (hundreds of options in some states); drawing them option by option was a
    third of the page's time. The same select is drawn again only when any of
    those differ, and then exactly as WTForms draws it.
    """

    _drawn: ClassVar[dict[tuple[object, ...], Markup]] = {}
    MAX_KEPT = 2048

    def __call__(self, field: SelectFieldBase, **kwargs: object) -> Markup:
        # WTForms' own Select draws from these (not in types-WTForms).
        groups = (
            field._iter_groups_normalized()  # type: ignore[attr-defined]
            if field.has_groups()
            else [(None, field._iter_choices_normalized())]  # type: ignore[attr-defined]
        )
        key = (
            field.name,
            field.id,
            tuple(sorted((k, str(v)) for k, v in kwargs.items())),
            tuple(
                (k, str(getattr(field.flags, k)))
                for k in sorted(dir(field.flags))
                if k in self.validation_attrs
            ),
            tuple(
                (
                    group,
                    tuple(
                        (c.value, c.label, c.selected, tuple(sorted((c.render_kw or {}).items())))
                        for c in choices
                    ),
                )
                for group, choices in groups
            ),
        )
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = super().__call__(field, **kwargs)
            if len(self._drawn) >= self.MAX_KEPT:
                self._drawn.clear()
            self._drawn[key] = drawn
        return drawn


def district_picker(
    state: str,
    choices: Mapping[str, list[str]],
    selected: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> DistrictPickerForm:
    """A picker form for ``state``: a select per chamber in ``choices``, ``selected`` chosen.

    :param errors: a message per chamber, shown on that chamber's select.
    """

    class Picker(DistrictPickerForm):
        pass

    order = {chamber: i for i, chamber in enumerate(jurisdictions.CHAMBERS)}
    ordered = sorted(choices, key=lambda c: order.get(c, len(order)))
    for chamber in ordered:
        districts = choices[chamber]
        setattr(
            Picker,
            chamber,
            SelectField(
                "Ward" if state == "DC" else f"{chamber_name(chamber, state)} district",
                choices=district_choices(
                    districts, "Choose a ward" if state == "DC" else "Choose a district"
                ),
                default="",
                validate_choice=False,
                id=f"{state.lower()}-{chamber}",
                widget=RememberedSelect(),
            ),
        )
    form = Picker(formdata=None, data=dict(selected or {}))
    for chamber, message in (errors or {}).items():
        if chamber in choices:
            form[chamber].errors = [message]
    form.state_abbr = state
    form.chambers = ordered
    return form


def address_only_form(zip_code: str | None) -> LookupForm:
    """The street-address field offered beside the district picker (unique ids)."""
    form = LookupForm(formdata=None, data={"zip": zip_code or ""})
    field = form.address
    field.id = field.label.field_id = "picker-address"
    field.label.text = "Street address"
    return form
