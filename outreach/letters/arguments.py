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
from outreach.models import FEDERAL_OFFICES, STATEWIDE_OFFICES

#: Joanna Schwartz's study of police indemnification (the source of the 99% figure).
SCHWARTZ = "https://www.nyulawreview.org/issues/volume-89-number-3/police-indemnification/"


@dataclass(frozen=True)
class Argument:
    """One paragraph a letter can use, with where its facts come from."""

    id: str
    text: str
    #: The link to the fact's source; empty only for a plain appeal with no fact in it.
    source: str


#: Which federal circuit hears appeals from each state (28 U.S.C. § 41).
CIRCUITS = {
    **dict.fromkeys(("ME", "MA", "NH", "RI", "PR"), "1st"),
    **dict.fromkeys(("CT", "NY", "VT"), "2nd"),
    **dict.fromkeys(("DE", "NJ", "PA", "VI"), "3rd"),
    **dict.fromkeys(("MD", "NC", "SC", "VA", "WV"), "4th"),
    **dict.fromkeys(("LA", "MS", "TX"), "5th"),
    **dict.fromkeys(("KY", "MI", "OH", "TN"), "6th"),
    **dict.fromkeys(("IL", "IN", "WI"), "7th"),
    **dict.fromkeys(("AR", "IA", "MN", "MO", "NE", "ND", "SD"), "8th"),
    **dict.fromkeys(("AK", "AZ", "CA", "HI", "ID", "MT", "NV", "OR", "WA", "GU", "MP"), "9th"),
    **dict.fromkeys(("CO", "KS", "NM", "OK", "UT", "WY"), "10th"),
    **dict.fromkeys(("AL", "FL", "GA"), "11th"),
    "DC": "D.C.",
}

#: A case from each circuit in which officials were granted qualified immunity.
CIRCUIT_CASES = {
    "1st": Argument(
        "case-1st",
        "The federal appeals court for our region shows what the doctrine does. In Wilson v. "
        "City of Boston (2005), a jury found that a police captain had wronged Niquicia Wilson, "
        "a woman with no record and no warrant who was swept up in a warrant sting. The verdict "
        "was set aside, and the First Circuit held the captain immune.",
        "https://app.midpage.ai/document/wilson-v-city-of-boston-201791",
    ),
    "2nd": Argument(
        "case-2nd",
        "The federal appeals court for our region shows what the doctrine does. In Allah v. "
        "Milling (2017), the Second Circuit agreed that Connecticut officials violated a "
        "pretrial detainee's rights by holding him in near-solitary confinement, and still "
        "granted them immunity because no earlier decision had addressed that practice.",
        "https://law.justia.com/cases/federal/appellate-courts/ca2/16-1443/16-1443-2017-11-22.html",
    ),
    "3rd": Argument(
        "case-3rd",
        "The federal appeals court for our region shows what the doctrine does. In Sauers v. "
        "Borough of Nesquehoning (2018), an officer chased a driver over a summary traffic "
        "offense at more than 100 mph, crossed the center line and killed Carola Sauers. The "
        "Third Circuit said the conduct could shock the conscience, yet held the officer immune "
        "because the law was not clearly established at the time.",
        "https://ij.org/sc_case_entry/sauers-v-borough-of-nesquehonig/",
    ),
    "4th": Argument(
        "case-4th",
        "The federal appeals court for our region shows what the doctrine does. In Raub v. "
        "Campbell (2015), Marine veteran Brandon Raub was held in a hospital against his will "
        "for seven days over his Facebook posts, and the Fourth Circuit held the official who "
        "sought his detention immune because the limits on it were not clearly established.",
        "https://case-law.vlex.com/vid/785-F-3d-876-4th-Cir-2015-14-1277-Raub-v-Campbell-597877978",
    ),
    "5th": Argument(
        "case-5th",
        "Courts in our region show what the doctrine does. In Jamison v. McClendon (2020), a "
        "federal judge in Mississippi found that an officer who kept Clarence Jamison on the "
        "roadside for nearly two hours, and found nothing, had acted unreasonably, and still had "
        "to grant him immunity because no controlling case was close enough.",
        "https://www.knkx.org/2020-08-06/judge-shielding-cop-via-qualified-immunity-asks-whether-it-belongs-in-dustbin",
    ),
    "6th": Argument(
        "case-6th",
        "The federal appeals court for our region shows what the doctrine does. In Baxter v. "
        "Bracey (2018), Nashville officers released a police dog on Alexander Baxter, who said "
        "he was sitting with his hands up in surrender. The Sixth Circuit granted the officers "
        "immunity because an earlier case condemning such attacks differed in its details.",
        "https://law.justia.com/cases/federal/appellate-courts/ca6/18-5102/18-5102-2018-11-08.html",
    ),
    "8th": Argument(
        "case-8th",
        "The federal appeals court for our region shows what the doctrine does. In Kelsay v. "
        "Ernst (2019), a deputy threw Melanie Kelsay to the ground at a public pool in Nebraska "
        "as she walked toward her daughter, breaking her collarbone. The Eighth Circuit held "
        "him immune because no case clearly barred that takedown.",
        "https://law.justia.com/cases/federal/appellate-courts/ca8/17-2181/17-2181-2018-09-27.html",
    ),
    "9th": Argument(
        "case-9th",
        "The federal appeals court for our region shows what the doctrine does. In Jessop v. "
        "City of Fresno (2019), officers were accused of keeping cash and rare coins they had "
        "seized under a warrant. The Ninth Circuit held them immune because no clearly "
        "established law said that stealing seized property violates the Constitution.",
        "https://case-law.vlex.com/vid/936-f-3d-937-821713945",
    ),
    "10th": Argument(
        "case-10th",
        "The federal appeals court for our region shows what the doctrine does. In Frasier v. "
        "Evans (2021), the Tenth Circuit held Denver officers immune for pressing a man to hand "
        "over his video of an arrest, because a right to record police was not yet clearly "
        "established in the circuit, even though the officers' own training said it was.",
        "https://law.justia.com/cases/federal/appellate-courts/ca10/19-1015/19-1015-2021-03-29.html",
    ),
    "11th": Argument(
        "case-11th",
        "The federal appeals court for our region shows what the doctrine does. In Corbitt v. "
        "Vickers (2019), a deputy fired at a family dog that posed no apparent threat and hit a "
        "10-year-old boy lying on the ground nearby. The Eleventh Circuit held him immune "
        "because no earlier case had the same facts.",
        "https://law.justia.com/cases/federal/appellate-courts/ca11/17-15566/17-15566-2019-07-10.html",
    ),
}

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
        *CIRCUIT_CASES.values(),
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
) -> list[Argument]:
    """The arguments for one official's letter.

    :param variant: the official's place in a "write to all" list; letters to
        officials of the same office and state differ by it.
    :param chosen: argument or talking-point ids the writer picked instead; unknown
        ids are skipped, and when none is usable the usual choice stands.
    """
    picked_by_writer = [
        a for a in (ALL.get(i) or _from_talking_point(i) for i in dict.fromkeys(chosen)) if a
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
    case = CIRCUIT_CASES.get(CIRCUITS.get(state, ""))
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
