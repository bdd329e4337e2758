"""Web contact forms: which page, what it asks, in what order.

Two public sources describe officials' web forms in one schema (a form's
``steps``: ``visit`` a page, ``fill_in``/``select`` fields named by
``$VARIABLE``, ``click_on``, ``recaptcha`` …):

* ``contact-congress/members/<bioguide>.yaml``: members of Congress;
* ``contact-officials/states/<ST>/governor.yaml`` (and ``governor_lt.yaml``):
  governors (DC's mayor) and Texas's lieutenant governor, matched to the
  office, not the person, so whoever holds it after corrections gets it;
  ``contact-officials/congress/<bioguide>.yaml``: a few members, a second
  opinion on their form.

:func:`parse` reads both folders and writes nothing; :func:`apply` sets the
form on current officials inside the sync's transaction. A file that does not
parse, a member no longer current or a URL that is not http(s) is skipped with
a warning naming the file; a missing folder leaves the forms congress-legislators
gave, with a warning.
"""

from __future__ import annotations

import re
import shutil
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from outreach.directory.importers import SyncError, YamlLoader, check_url
from outreach.models import Person, Role

CONGRESS_FOLDER = "contact-congress"
OFFICIALS_FOLDER = "contact-officials"
#: contact-officials files for statewide offices, by file name.
STATE_FILES = {"governor.yaml": "governor", "governor_lt.yaml": "lt_governor"}
#: contact-congress's placeholder for members it reaches through Congress's
#: CWC delivery system: there is no form page to send a writer to.
CWC_STUB = "stubforcwc"
STUB_WARNING = "stub"
#: Step kinds whose items are form fields.
FIELD_STEPS = ("fill_in", "select", "check", "uncheck", "choose")
#: Variables a writer can be asked for, in the words of our page.
VARIABLE_LABELS = {
    "NAME_PREFIX": "Prefix (Mr., Ms., Dr., …)",
    "NAME_FIRST": "First name",
    "NAME_LAST": "Last name",
    "NAME_FULL": "Full name",
    "ADDRESS_STREET": "Street address",
    "ADDRESS_STREET_2": "Address line 2",
    "ADDRESS_CITY": "City",
    "ADDRESS_STATE": "State",
    "ADDRESS_STATE_POSTAL_ABBREV": "State",
    "ADDRESS_STATE_FULL": "State",
    "ADDRESS_ZIP5": "ZIP code",
    "ADDRESS_ZIP4": "ZIP+4 (the four digits after your ZIP code)",
    "ADDRESS_ZIP_PLUS_4": "ZIP+4",
    "ADDRESS_COUNTY": "County",
    "EMAIL": "Email",
    "PHONE": "Phone",
    "PHONE_PARENTHESES": "Phone",
    "SUBJECT": "Subject",
    "MESSAGE": "Message",
    "TOPIC": "Topic",
}


@dataclass
class FormInfo:
    """One office's web form, as a source describes it."""

    url: str
    origin: str
    fields: list[dict[str, Any]] = field(
        default_factory=list
    )  # [{"variable", "required"}] in order
    topic_options: list[str] = field(default_factory=list)
    captcha: bool = False
    two_step: bool = False

    def as_json(self, source: str) -> dict[str, Any]:
        """The ``contact_form_fields`` value stored on the person."""
        return {
            "source": source,
            "fields": self.fields,
            "required": [f["variable"] for f in self.fields if f["required"]],
            "topic_options": self.topic_options,
            "captcha": self.captcha,
            "two_step": self.two_step,
        }


@dataclass
class ParsedForms:
    """Forms by bioguide id and by (office, state), with the warnings met."""

    congress: dict[str, FormInfo] = field(default_factory=dict)
    officials_congress: dict[str, FormInfo] = field(default_factory=dict)
    offices: dict[tuple[str, str], FormInfo] = field(default_factory=dict)
    #: Member files that gave no form: bioguide → warning (reported for current members).
    failed: dict[str, str] = field(default_factory=dict)
    congress_missing: bool = False
    officials_missing: bool = False
    warnings: list[str] = field(default_factory=list)


def _variable(value: object) -> str | None:
    text = str(value).strip().strip('"') if value is not None else ""
    return text[1:] if text.startswith("$") and len(text) > 1 else None


def _option_labels(options: object) -> list[str]:
    """The labels of a select's options (a list, or a map of label → value)."""
    if isinstance(options, dict):
        raw = list(options)
    elif isinstance(options, list):
        raw = []
        for item in options:
            raw.extend(item if isinstance(item, dict) else [item])
    else:
        return []
    labels = (" ".join(str(label).split()) for label in raw if label is not None)
    return list(dict.fromkeys(label for label in labels if label))


def read_form(path: Path, origin: str) -> tuple[FormInfo | None, str | None]:
    """Parse one form file; return the form, or None and a warning."""
    data, warning = _load_form_file(path, origin)
    if warning:
        return None, warning
    form = data.get("contact_form") if isinstance(data, dict) else None
    steps = form.get("steps") if isinstance(form, dict) else None
    if not isinstance(steps, list) or not steps:
        return None, f"{origin}: skipped, no contact_form steps"
    url, warning = _form_page_url(steps[0], origin)
    if url is None:
        return None, warning
    info = FormInfo(url=url, origin=origin)
    _read_later_steps(info, steps[1:])
    return info, None


def _load_form_file(path: Path, origin: str) -> tuple[object, str | None]:
    """The file's YAML data, or None and a warning when it does not read or parse."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), YamlLoader), None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        first = str(error).splitlines()[0] if str(error) else error.__class__.__name__
        return None, f"{origin}: skipped, not valid YAML ({first})"


def _form_page_url(first_step: object, origin: str) -> tuple[str | None, str | None]:
    """The page the first ``visit`` step opens, or None and a warning."""
    visit = first_step if isinstance(first_step, dict) else {}
    if "visit" not in visit:
        return None, f"{origin}: skipped, the first step is not a visit"
    raw_url = visit.get("visit")
    if str(raw_url).strip() == CWC_STUB:
        return None, STUB_WARNING
    url = check_url(raw_url)
    if url is None:
        return None, f"{origin}: form URL “{raw_url}” is not http(s), dropped"
    return url, None


def _read_later_steps(info: FormInfo, steps: list[Any]) -> None:
    """Note captchas, second pages and the fields the steps after the first ask for."""
    seen: set[str] = set()
    clicked = False
    for step in steps:
        if not isinstance(step, dict):
            continue
        for kind, items in step.items():
            if kind == "recaptcha":
                info.captcha = True
            elif kind == "click_on":
                clicked = True
            elif kind == "visit":
                info.two_step = True
            elif kind in FIELD_STEPS and isinstance(items, list):
                _read_fields(info, items, seen, clicked=clicked)


def _read_fields(info: FormInfo, items: list[Any], seen: set[str], *, clicked: bool) -> None:
    """Add each field variable not ``seen`` yet (a field after a click means a second page)."""
    for item in items:
        if not isinstance(item, dict):
            continue
        variable = _variable(item.get("value"))
        if variable is None:
            continue
        if clicked:
            info.two_step = True
        if variable == "TOPIC" and not info.topic_options:
            info.topic_options = _option_labels(item.get("options"))
        if variable in seen:
            continue
        seen.add(variable)
        info.fields.append({"variable": variable, "required": item.get("required") is True})


def parse(root: Path) -> ParsedForms:
    """Read ``contact-congress/`` and ``contact-officials/`` under ``root``."""
    parsed = ParsedForms()
    members = root / CONGRESS_FOLDER / "members"
    if members.is_dir():
        _read_congress_members(members, parsed)
    else:
        parsed.congress_missing = True
        parsed.warnings.append(
            f"{CONGRESS_FOLDER}/: folder missing, members keep the forms "
            "congress-legislators gives"
        )
    officials = root / OFFICIALS_FOLDER
    if officials.is_dir():
        _read_officials_congress(officials / "congress", parsed)
        _read_officials_states(officials / "states", parsed)
    else:
        parsed.officials_missing = True
        parsed.warnings.append(
            f"{OFFICIALS_FOLDER}/: folder missing, governors keep the forms they had"
        )
    return parsed


def _read_congress_members(members: Path, parsed: ParsedForms) -> None:
    """contact-congress's member files: forms by bioguide, failures kept for later."""
    for path in sorted(members.glob("*.yaml")):
        origin = f"{CONGRESS_FOLDER}/members/{path.name}"
        info, warning = read_form(path, origin)
        if warning:
            parsed.failed[path.stem.strip().upper()] = (
                origin if warning == STUB_WARNING else warning
            )
        if info:
            parsed.congress[path.stem.strip().upper()] = info


def _read_officials_congress(folder: Path, parsed: ParsedForms) -> None:
    """contact-officials's member files: a second opinion by bioguide."""
    for path in sorted(folder.glob("*.yaml")):
        info, warning = read_form(path, f"{OFFICIALS_FOLDER}/congress/{path.name}")
        if warning:
            parsed.warnings.append(warning if warning != STUB_WARNING else path.name)
        if info:
            parsed.officials_congress[path.stem.strip().upper()] = info


def _read_officials_states(folder: Path, parsed: ParsedForms) -> None:
    """contact-officials's statewide office files, by (office, state)."""
    for path in sorted(folder.glob("*/*.yaml")):
        office = STATE_FILES.get(path.name)
        if office is None:
            continue  # chamber-wide forms start from each member's page
        state = path.parent.name.upper()
        info, warning = read_form(path, f"{OFFICIALS_FOLDER}/states/{state}/{path.name}")
        if warning:
            parsed.warnings.append(warning)
        if info:
            parsed.offices[(office, state)] = info


def same_url(a: str | None, b: str | None) -> bool:
    """Two form URLs for the same page (scheme, ``www.``, case and end slash aside)."""
    if not a or not b:
        return False

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        host = parts.netloc.lower().removeprefix("www.")
        return host, parts.path.rstrip("/").lower(), parts.query

    return key(a) == key(b)


def apply(session: Session, parsed: ParsedForms) -> tuple[list[str], dict[str, int]]:
    """Set the forms on current officials; the caller commits.

    Members: contact-congress, unless congress-legislators and contact-officials
    agree on another page; each disagreement is reported. Statewide offices:
    the current holder of the office.

    :returns: warnings and counts for the sync summary.
    """
    warnings: list[str] = []
    counts = {"members": 0, "offices": 0, "disagreements": 0}
    # Form details describe the forms read now; a person whose form comes from
    # congress-legislators or Open States alone has none.
    session.execute(update(Person).values(contact_form_fields=None))
    members = _current_members(session)
    not_current = _apply_member_forms(parsed, members, warnings, counts)
    stubs = _sort_failed_files(parsed, members, not_current, warnings)
    if stubs:
        warnings.append(
            f"{len(stubs)} current members' form files name no form page (a stub for "
            f"Congress's CWC delivery): {_first_five(stubs)}; they keep the form "
            "congress-legislators gives, if any"
        )
    if not_current:
        warnings.append(
            f"{len(not_current)} form files for members not in office skipped: "
            f"{_first_five(not_current)}"
        )
    _apply_office_forms(session, parsed, warnings, counts)
    session.flush()
    return warnings, counts


def _current_members(session: Session) -> dict[str | None, Person]:
    """Sitting members of Congress by bioguide id."""
    return {
        p.bioguide_id: p
        for p in session.scalars(
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.office.in_(("us_senator", "us_representative")))
            .options(selectinload(Person.roles))
        ).unique()
    }


def _apply_member_forms(
    parsed: ParsedForms,
    members: dict[str | None, Person],
    warnings: list[str],
    counts: dict[str, int],
) -> list[str]:
    """Set each current member's form; return the origins of files for non-members."""
    not_current = []
    for bioguide in sorted(set(parsed.congress) | set(parsed.officials_congress)):
        person = members.get(bioguide)
        cc, co = parsed.congress.get(bioguide), parsed.officials_congress.get(bioguide)
        if person is None:
            not_current.append((cc or co).origin)  # type: ignore[union-attr]
            continue
        chosen, source = _choose_member_form(bioguide, person, cc, co, warnings, counts)
        person.contact_form_url = chosen.url
        person.contact_form_fields = chosen.as_json(source)
        counts["members"] += 1
    return not_current


def _choose_member_form(
    bioguide: str,
    person: Person,
    cc: FormInfo | None,
    co: FormInfo | None,
    warnings: list[str],
    counts: dict[str, int],
) -> tuple[FormInfo, str]:
    """The form a member gets and its folder; each disagreement is counted and reported."""
    legislators = person.contact_form_url
    chosen, source = (cc, CONGRESS_FOLDER) if cc else (co, OFFICIALS_FOLDER)
    if cc and co and not same_url(cc.url, co.url):
        if same_url(co.url, legislators):
            chosen, source = co, OFFICIALS_FOLDER
        counts["disagreements"] += 1
        warnings.append(
            f"{bioguide} ({person.name}): {cc.origin} gives {cc.url}, "
            f"{co.origin} gives {co.url}; kept {chosen.url}"  # type: ignore[union-attr]
        )
    elif legislators and chosen and not same_url(chosen.url, legislators):
        counts["disagreements"] += 1
        warnings.append(
            f"{bioguide} ({person.name}): congress-legislators gives {legislators}, "
            f"{chosen.origin} gives {chosen.url}; kept {chosen.url}"
        )
    assert chosen is not None
    return chosen, source


def _sort_failed_files(
    parsed: ParsedForms,
    members: dict[str | None, Person],
    not_current: list[str],
    warnings: list[str],
) -> list[str]:
    """Route each failed member file: non-member, stub (returned) or its own warning."""
    stubs = []
    for bioguide, warning in sorted(parsed.failed.items()):
        if bioguide not in members:
            not_current.append(warning.split(":")[0])
        elif warning.endswith(".yaml"):
            stubs.append(warning)
        else:
            warnings.append(warning)
    return stubs


def _first_five(names: list[str]) -> str:
    """The first five names, and how many more there are."""
    shown = ", ".join(names[:5])
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return f"{shown}{more}"


def _apply_office_forms(
    session: Session, parsed: ParsedForms, warnings: list[str], counts: dict[str, int]
) -> None:
    """Set each statewide office's form on its current holders."""
    for (office, state), info in sorted(parsed.offices.items()):
        holders = session.scalars(
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.office == office, Role.jurisdiction_abbr == state)
        ).all()
        holders = [p for p in holders if p.role is not None and p.role.office == office]
        if not holders:
            warnings.append(f"{info.origin}: no current {office.replace('_', ' ')} in {state}")
            continue
        for person in holders:
            if person.contact_form_url and not same_url(person.contact_form_url, info.url):
                counts["disagreements"] += 1
                warnings.append(
                    f"{state} {office.replace('_', ' ')} ({person.name}): the directory gives "
                    f"{person.contact_form_url}, {info.origin} gives {info.url}; kept {info.url}"
                )
            person.contact_form_url = info.url
            person.contact_form_fields = info.as_json(OFFICIALS_FOLDER)
            counts["offices"] += 1


#: The two repositories as GitHub serves them (one top folder per archive).
UPSTREAM_ARCHIVES = {
    CONGRESS_FOLDER: (
        "https://github.com/unitedstates/contact-congress/archive/refs/heads/master.tar.gz"
    ),
    OFFICIALS_FOLDER: (
        "https://github.com/resistbot/contact-officials/archive/refs/heads/master.tar.gz"
    ),
}
_WANTED = re.compile(r"^(members|states|congress)/[A-Za-z0-9_./ -]+\.yaml$")


def download(root: Path, tmp: Path, base: str | None, timeout: float) -> dict[str, dict[str, Any]]:
    """Fetch both form folders into ``root`` (``base``: a URL serving
    ``contact-congress.tar.gz`` and ``contact-officials.tar.gz``; None: upstream).

    A failed download is not an error: the folder stays missing (the sync then
    warns and keeps the forms congress-legislators gives) and the returned
    upstream record says why.
    """
    from outreach.directory.importers.sources import fetch  # sources imports this module's callers

    recorded: dict[str, dict[str, Any]] = {}
    for name, upstream in UPSTREAM_ARCHIVES.items():
        url = f"{base}/{name}.tar.gz" if base else upstream
        recorded[name] = {"url": url}
        archive = tmp / f"{name}.tar.gz"
        try:
            fetch(url, archive, timeout)
            with tarfile.open(archive, "r:*") as tar:
                for member in tar:
                    parts = PurePosixPath(member.name).parts
                    inner = "/".join(parts[1:])
                    if not member.isfile() or ".." in parts or not _WANTED.match(inner):
                        continue
                    source = tar.extractfile(member)
                    if source is None:  # pragma: no cover - isfile() members have data
                        continue
                    target = root / name / inner
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with source, target.open("wb") as handle:
                        shutil.copyfileobj(source, handle)
        except (SyncError, tarfile.TarError, EOFError, OSError) as error:
            shutil.rmtree(root / name, ignore_errors=True)
            recorded[name]["error"] = str(error)[:500]
    return recorded
