"""The arguments a letter makes, chosen for the official it goes to.

Instead of the same three paragraphs in every letter, each draft takes a few
arguments that fit its reader: one for the office (Congress, a legislature, a
statewide office), one from the state's own record or from a case decided in
the official's federal circuit, one for a seat on a committee that hears these
bills, and answers to the usual objections, rotated by the official's place in
a "write to all" list so that no two letters read the same. The writer may
replace the choice with talking points of their own choosing.

Every argument is the campaign's own wording of facts from the reference
sheet, and keeps its source link beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from outreach.campaign import talking_points
from outreach.campaign.standings import Standing
from outreach.models import FEDERAL_OFFICES, STATEWIDE_OFFICES, Case

#: Joanna Schwartz's study of police indemnification (the source of the 99% figure).
SCHWARTZ = "https://www.nyulawreview.org/issues/volume-89-number-3/police-indemnification/"


@dataclass(frozen=True)
class Argument:
    """One paragraph a letter can use, with where its facts come from."""

    id: str
    text: str
    #: The link to the fact's source; empty only for a plain appeal with no fact in it.
    source: str


def case_argument(case: Case, circuit_name: str) -> Argument:
    """A case from the official's own circuit (from the case library), in one short
    paragraph: the case's one-sentence summary, and its first source."""
    sources = case.sources or []
    source = str(sources[0].get("url", "")) if sources else ""
    return Argument(
        f"case-{case.slug}",
        f"A case from our own federal circuit, the {circuit_name}, shows what the doctrine "
        f"does. {case.name} ({case.court}, {case.year}): {case.brief}",
        source,
    )


#: What the state's own record adds, where the reference gives it.
STATE_RECORDS = {
    "CO": Argument(
        "record-co",
        "Colorado already knows this works: SB 20-217 (2020) made qualified immunity no "
        "defense to claims against peace officers under our state constitution. What is left "
        "is to build on it.",
        "https://leg.colorado.gov/bills/sb20-217",
    ),
    "NM": Argument(
        "record-nm",
        "New Mexico already led the way: its Civil Rights Act of 2021 bars qualified immunity "
        "for every public body in claims under our state constitution's bill of rights.",
        "https://cato.org/blog/new-mexico-enacts-landmark-qualified-immunity-reform-legislation-all-public-officials",
    ),
    "CT": Argument(
        "record-ct",
        "Connecticut's 2020 police accountability law was a start, but it still lets an officer "
        "escape a damages claim by showing an objectively good-faith belief that the conduct "
        "was lawful.",
        "https://endqi.org/state/ct",
    ),
    "MA": Argument(
        "record-ma",
        "Massachusetts's 2020 reform removes an officer's immunity only after the officer is "
        "decertified for the conduct; in every other case qualified immunity is unchanged.",
        "https://malegislature.gov/Laws/SessionLaws/Acts/2020/Chapter253",
    ),
    "IA": Argument(
        "record-ia",
        'Iowa\'s legislature wrote the federal "clearly established" standard into state law '
        "in 2021, overriding an Iowa Supreme Court decision that had set a fairer standard. "
        "What a legislature wrote, it can repeal.",
        "https://csgmidwest.org/2021/09/17/iowa-adds-statutory-language-that-aims-to-retain-qualified-immunity-protections-for-police-officers",
    ),
    "MT": Argument(
        "record-mt",
        "Montana's Supreme Court has already held, in Dorwart v. Caraway (2002), that qualified "
        "immunity does not apply to damages claims under our state constitution's "
        "self-executing rights. A statute would make that protection clear and lasting.",
        "https://print.casetext.com/case/dorwart-v-caraway",
    ),
    "NV": Argument(
        "record-nv",
        "Nevada's Supreme Court, in Mack v. Williams (2022), recognized a damages claim under "
        "our constitution's search-and-seizure clause and declined to apply qualified immunity "
        "to it. A statute would settle that protection for other rights too.",
        "https://harvardlawreview.org/print/vol-136/mack-v-williams/",
    ),
    "IL": Argument(
        "record-il",
        "Illinois's 2025 law (HB 1312) gave people a state claim for constitutional violations "
        "during civil immigration enforcement, but qualified immunity remains a defense to it.",
        "https://www.jurist.org/news/2025/12/illinois-restricts-immigration-arrests-in-public-venues-permits-lawsuits-for-constitutional-violations",
    ),
}

#: One argument per kind of office.
OFFICE_ARGUMENTS = {
    "federal": Argument(
        "office-congress",
        "Only Congress or the Supreme Court can change the doctrine for claims under the "
        "federal civil-rights law, Section 1983. State laws such as Colorado's and New "
        "Mexico's reach only claims under their own law.",
        "https://www.congress.gov/119/bills/s1913/BILLS-119s1913is.htm",
    ),
    "legislator": Argument(
        "office-legislature",
        "A legislature does not have to wait for Washington. It can give people a claim under "
        "state law in which qualified immunity is no defense, as Colorado did in 2020 and New "
        "Mexico in 2021.",
        "https://www.ncsl.org/research/civil-and-criminal-justice/first-appearance-april-2021.aspx",
    ),
    "statewide": Argument(
        "office-statewide",
        "Lawmakers listen to leaders on public safety. A clear public word from "
        "your office would tell them that accountability and good policing go together.",
        "",
    ),
}

COMMITTEE_ARGUMENT = Argument(
    "committee",
    "Bills like this are won or lost in committee, where members decide whether they get a "
    "hearing and a vote. Your seat gives you a say at that first step.",
    "",
)

#: Answers to the usual objections, rotated between letters.
GENERAL = (
    Argument(
        "split-second",
        "Officers do make split-second decisions, but the Fourth Amendment already judges "
        "force by what a reasonable officer could believe in the moment. Force that was "
        "justified is protected without qualified immunity.",
        "https://supreme.justia.com/cases/federal/us/490/386/",
    ),
    Argument(
        "taxpayers-pay",
        "Ending the doctrine would not ruin officers: UCLA law professor Joanna Schwartz found "
        "that they are indemnified in more than 99% of civil-rights cases, and that settlements "
        "and judgments are under 1% of most local government budgets.",
        SCHWARTZ,
    ),
    Argument(
        "officers-bankrupted",
        "Accountability can be kept in proportion. Under Colorado's law an officer pays only "
        "after the employer finds bad faith, and then 5% of the judgment or $25,000, whichever "
        "is less; New Mexico's law puts the suit on the public body, not the employee.",
        "https://casetext.com/statute/colorado-revised-statutes/title-13-courts-and-court-procedure/damages-and-limitations-on-actions/article-21-damages/part-1-general-provisions/section-13-21-131-civil-action-for-deprivation-of-rights-definition",
    ),
    Argument(
        "no-ruling-needed",
        "Courts may grant qualified immunity without ever deciding whether someone's rights "
        "were violated: since Pearson v. Callahan (2009) they can skip that question, so the "
        'law never becomes "clearly established" for the next victim.',
        "https://www.lexisnexis.com/community/case-opinion/b/case-old/posts/pearson-v-callahan-987739272",
    ),
    Argument(
        "made-by-courts",
        "The doctrine comes from the courts, not from Congress: the Supreme Court allowed "
        "officers a good-faith defense in Pierson v. Ray (1967) and turned it into today's "
        '"clearly established" test in Harlow v. Fitzgerald (1982).',
        "https://www.chanrobles.com/usa/us_supremecourt/457/800/",
    ),
)

#: Every argument by id (a writer may choose any of them, or any talking point).
ALL = {
    a.id: a
    for a in (
        *GENERAL,
        *STATE_RECORDS.values(),
        *OFFICE_ARGUMENTS.values(),
        COMMITTEE_ARGUMENT,
    )
}
#: How many answers to objections a letter takes from the rotation.
GENERAL_COUNT = 2


def office_group(office: str) -> str:
    """``federal``, ``statewide`` or ``legislator``."""
    if office in {k.value for k in FEDERAL_OFFICES}:
        return "federal"
    if office in {k.value for k in STATEWIDE_OFFICES}:
        return "statewide"
    return "legislator"


def _offset(state: str, office: str) -> int:
    """A stable start in the rotation for a state and office (not Python's salted hash)."""
    return sum(ord(c) for c in f"{state}:{office}")


def _from_talking_point(point_id: str) -> Argument | None:
    try:
        points = talking_points.load_talking_points()
    except talking_points.TalkingPointsError:
        return None
    for point in points:
        if point.id == point_id:
            return Argument(point.id, point.text, point.source_url or "")
    return None


def pick(
    *,
    office: str,
    state: str,
    standing: Standing | None,
    committees: Sequence[tuple[str, str]] = (),
    variant: int = 0,
    chosen: Iterable[str] = (),
    circuit_case: Argument | None = None,
) -> list[Argument]:
    """The arguments for one official's letter.

    :param variant: the official's place in a "write to all" list; letters to
        officials of the same office and state differ by it.
    :param chosen: argument or talking-point ids the writer picked instead; unknown
        ids are skipped, and when none is usable the usual choice stands.
    :param circuit_case: a case from the official's own federal circuit
        (:func:`case_argument`), or None when the library has none.
    """
    offered = {**ALL, **({circuit_case.id: circuit_case} if circuit_case else {})}
    picked_by_writer = [
        a for a in (offered.get(i) or _from_talking_point(i) for i in dict.fromkeys(chosen)) if a
    ]
    if picked_by_writer:
        return picked_by_writer[:5]
    group = office_group(office)
    record = STATE_RECORDS.get(state)
    # Colorado's and New Mexico's legislators hear of their own law, not of it as an example.
    own_law = group == "legislator" and state in ("CO", "NM")
    result = [] if own_law else [OFFICE_ARGUMENTS[group]]
    if committees and group != "statewide":
        result.append(COMMITTEE_ARGUMENT)
    case = circuit_case
    # The state's own record first; the circuit's case for federal offices, or when
    # the state has no record of its own, or on every other letter of a list.
    if record is not None and group != "federal":
        result.append(record)
    if case is not None and (group == "federal" or record is None or variant % 2 == 1):
        result.append(case)
    # The official's place in the list turns the rotation: neighbours never share it.
    start = _offset(state, "") + variant
    rotation = [GENERAL[(start + i) % len(GENERAL)] for i in range(len(GENERAL))]
    result.extend(rotation[:GENERAL_COUNT])
    return result


def shorten(arguments: Sequence[Argument]) -> list[Argument]:
    """The two arguments of a short message: the most particular one, and the first answer
    to an objection (which rotates between officials, so short messages differ too)."""
    general = [a for a in arguments if a in GENERAL]
    particular = [a for a in arguments if a not in GENERAL and not a.id.startswith("office-")] or [
        a for a in arguments if a.id.startswith("office-")
    ]
    if not general:
        return list(arguments[:2])
    return [*particular[:1], general[0]]
