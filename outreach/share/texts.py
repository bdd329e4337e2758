"""Words to share: the asks and lines on the images, alt texts, posts per platform.

Pure functions on plain values (a :class:`outreach.campaign.standings.Standing`, a bill and its
score, counts): no request, no database. Every text is factual (the status,
the score out of 9, bill identifiers, from the campaign's content) and ends
by inviting people to the page where they can see more and write to their
lawmakers.

Each platform has a length limit, counted the way the platform counts it
(:func:`post_length`): X gives every link 23 characters and counts most
characters outside Latin scripts twice; Mastodon also gives links 23; the
others count every character. :func:`post_for` tries the fullest version
of a post first and drops the optional parts until it fits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from outreach.campaign.scoring import Score, bill_score
from outreach.campaign.standings import Standing, is_reform, is_rollback, reform_bill_pending
from outreach.letters.compose_links import mailto_url
from outreach.models import Bill, BillStage, QiEffect, ReformStatus

HASHTAG = "#EndQualifiedImmunity"
CONTEXT = (
    "Qualified immunity is a defense the courts created: it often keeps people whose "
    "rights were violated from having their case heard. Lawmakers can end it."
)
URL_PATTERN = re.compile(r"https?://\S+")


# --------------------------------------------------------------------------- platforms


@dataclass(frozen=True)
class Platform:
    """Where a post goes: its limit and how it counts."""

    key: str
    label: str
    limit: int
    #: How many characters a link counts for, or None when it counts in full.
    link_length: int | None = None
    #: Count as X does (weighted: most non-Latin characters and emoji count 2).
    weighted: bool = False
    hashtag: bool = True
    context: bool = True
    #: For the page: "post" (a share link with the text) or "link" (the site reads the page).
    kind: str = "post"


PLATFORMS: tuple[Platform, ...] = (
    Platform("x", "X (Twitter)", 280, link_length=23, weighted=True, context=False),
    Platform("bluesky", "Bluesky", 300, context=False),
    Platform("threads", "Threads", 500),
    Platform("mastodon", "Mastodon", 500, link_length=23),
    Platform("linkedin", "LinkedIn", 3000, kind="link"),
    Platform("facebook", "Facebook", 2000, hashtag=False, kind="link"),
    Platform("whatsapp", "WhatsApp", 1000, hashtag=False),
    Platform("email", "Email", 1500, hashtag=False),
)
PLATFORM_BY_KEY = {p.key: p for p in PLATFORMS}

#: Ranges X counts as one character (twitter-text v3); everything else counts two.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def _x_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in _X_LIGHT) else 2


def post_length(text: str, platform: Platform) -> int:
    """The length of ``text`` as ``platform`` counts it."""
    text = unicodedata.normalize("NFC", text)
    links = URL_PATTERN.findall(text) if platform.link_length is not None else []
    rest = URL_PATTERN.sub("", text) if links else text
    count = len(links) * (platform.link_length or 0)
    if platform.weighted:
        return count + sum(_x_weight(ch) for ch in rest)
    return count + len(rest)


def fits(text: str, platform: Platform) -> bool:
    return post_length(text, platform) <= platform.limit


# --------------------------------------------------------------------------- phrases


def score_words(score: Score) -> str:
    """``6.5 out of 9``: how a score reads aloud (alt texts)."""
    return f"{score.label.split('/')[0]} out of 9"


def lawmakers(kind: str) -> str:
    """Who to ask: the city council for a city, else the lawmakers."""
    return "city council" if kind in ("city", "county") else "lawmakers"


def stage_phrase(bill: Bill) -> str:
    """``was introduced`` / ``passed one chamber``."""
    stage = bill.stage_kind
    if stage == BillStage.PASSED_ONE_CHAMBER:
        return "passed one chamber"
    if stage == BillStage.INTRODUCED:
        return "was introduced"
    return stage.label.lower()


def bill_where(bill: Bill, name: str) -> str:
    return "Congress" if bill.jurisdiction == "US" else name


def ask_for(standing: Standing) -> str:
    """The ask on a jurisdiction's image: what to tell lawmakers now."""
    who = lawmakers(standing.kind)
    bill = reform_bill_pending(standing)
    if bill is not None:
        return f"Ask your {who} to pass {bill.identifier}"
    law = standing.qi_law
    if law is not None and bill_score(law).points >= 9:
        return f"Thank your {who}, and share how {standing.name} did it"
    if law is not None:
        return f"Ask your {who} to close the gaps in {law.identifier}"
    if standing.status == ReformStatus.STRENGTHENED:
        return f"Ask your {who} to repeal it and end qualified immunity"
    return f"Ask your {who} to end qualified immunity"


def rollback_warning(bill: Bill) -> str:
    """The warning on a rollback bill's image; empty for any other bill."""
    if not is_rollback(bill):
        return ""
    return "Would write qualified immunity into law or roll back reform"


def bill_ask(bill: Bill, kind: str = "state") -> str:
    """The ask on a bill's image: pass a reform, oppose a rollback, else only look."""
    who = "members of Congress" if bill.jurisdiction == "US" else lawmakers(kind)
    if is_rollback(bill):
        return f"Ask your {who} to vote no on {bill.identifier}"
    if is_reform(bill):
        return f"Ask your {who} to pass {bill.identifier}"
    return f"See where {bill.identifier} stands"


def status_sentence(standing: Standing) -> str:
    """Where a jurisdiction stands, in one sentence with its score."""
    name, score = standing.name, standing.score.label
    rubric = "on the nine-point End Qualified Immunity rubric"
    status = standing.status
    if status is None:
        return (
            f"{name} has no law against qualified immunity on record: it scores {score} {rubric}."
        )
    if status == ReformStatus.ENACTED:
        return (
            f"{name} has a law that ends qualified immunity for some claims under its own law, "
            f"and scores {score} {rubric}."
        )
    if status == ReformStatus.LIMITED:
        return f"{name} has a law that limits qualified immunity, and scores {score} {rubric}."
    if status == ReformStatus.STRENGTHENED:
        return f"{name} wrote qualified immunity into its own law: it scores {score} {rubric}."
    if status == ReformStatus.PENDING:
        return f"{name} has not ended qualified immunity yet (score {score} {rubric})."
    return f"{name} has passed no law to end qualified immunity: it scores {score} {rubric}."


def short_status_sentence(standing: Standing) -> str:
    """The same, shorter (for tight limits)."""
    labels = {
        ReformStatus.ENACTED: "has a law ending qualified immunity for some claims",
        ReformStatus.LIMITED: "has a law limiting qualified immunity",
        ReformStatus.STRENGTHENED: "wrote qualified immunity into law",
    }
    done = labels.get(standing.status) if standing.status else None
    what = done or "has not ended qualified immunity"
    return f"{standing.name} {what}: score {standing.score.label}."


def pending_sentence(standing: Standing) -> str:
    bill = reform_bill_pending(standing)
    if bill is None:
        return ""
    return f"{bill.identifier} {stage_phrase(bill)} and is pending now."


def action_sentence(standing: Standing) -> str:
    who = lawmakers(standing.kind)
    bill = reform_bill_pending(standing)
    if bill is not None:
        return f"Ask your {who} to pass it."
    law = standing.qi_law
    if law is not None and bill_score(law).points < 9:
        return f"Ask your {who} to close the gaps."
    if law is not None:
        return f"Thank your {who}."
    if standing.status == ReformStatus.STRENGTHENED:
        return f"Ask your {who} to repeal that law."
    return f"Ask your {who} to end it."


# --------------------------------------------------------------------------- alt texts


def campaign_alt(campaign: str, standings: Sequence[Standing], acted: int, pending: int) -> str:
    """What the campaign image shows, in a few sentences."""
    ended = [s.name for s in standings if s.status == ReformStatus.ENACTED]
    limited = [s.name for s in standings if s.status == ReformStatus.LIMITED]
    best = max(standings, key=lambda s: s.score.points, default=None)
    parts = [
        f"{campaign}: a map of the 50 states, DC and Puerto Rico as tiles, each coloured by "
        "its score out of 9 on the campaign's rubric.",
        f"{acted} {'state has' if acted == 1 else 'states have'} a law that ends or limits "
        "qualified immunity for some claims under state law",
    ]
    detail = []
    if ended:
        detail.append(f"{_join(ended)} ended it for some state-law claims")
    if limited:
        detail.append(f"{_join(limited)} limited it")
    parts[-1] += (": " + "; ".join(detail) + ".") if detail else "."
    if best is not None and best.score.points > 0:
        parts.append(f"The highest score is {best.name}'s, {score_words(best.score)}.")
    parts.append(
        f"Bills are pending in {pending} {'state' if pending == 1 else 'states'}."
        if pending
        else "No bills are pending."
    )
    return " ".join(parts)


def jurisdiction_alt(standing: Standing, campaign: str) -> str:
    """What a jurisdiction's image shows: the name, score, status and the ask."""
    text = (
        f"{campaign}: {standing.name} scores {score_words(standing.score)} on the campaign's "
        f"rubric. Status: {standing.status_label}."
    )
    bill = reform_bill_pending(standing)
    if bill is not None:
        text += f" {bill.identifier} is pending."
    return f"{text} {ask_for(standing)}."


def bill_alt(bill: Bill, score: Score, where: str, campaign: str) -> str:
    """What a bill's image shows."""
    stage = bill.stage_kind.label.lower()
    text = (
        f"{campaign}: {bill.identifier} in {where}, “{bill.title}”. Stage: {stage}. "
        f"It scores {score_words(score)} on the campaign's rubric."
    )
    if is_rollback(bill):
        text += " It would write qualified immunity into law or roll back reform."
    elif is_reform(bill):
        text += f" {bill.effect_label}."
    return f"{text} {bill_ask(bill)}."


EFFECT_WORDS = {
    QiEffect.ENDS: "It would end qualified immunity for the claims it covers.",
    QiEffect.LIMITS: "It would limit qualified immunity.",
    QiEffect.OTHER_REMEDY: "It would create another remedy for rights violations.",
}


def _join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- posts


@dataclass(frozen=True)
class Post:
    """One platform's post: the text, its length as counted there, and the share link."""

    platform: Platform
    text: str
    length: int
    share_url: str
    subject: str = ""

    @property
    def limit(self) -> int:
        return self.platform.limit


def post_for(platform: Platform, variants: Sequence[str]) -> str:
    """The first of ``variants`` that fits ``platform``; the last one cut to fit."""
    for text in variants:
        if fits(text, platform):
            return text
    text = variants[-1]
    links = URL_PATTERN.findall(text)
    link = links[-1] if links else ""
    body = URL_PATTERN.sub("", text).strip()
    while body and not fits(f"{body}… {link}".strip(), platform):
        cut = body.rstrip().rfind(" ")
        body = body[:cut] if cut > 0 else body[:-1]
    return f"{body.rstrip(' ,;:.')}… {link}".strip()


def _variants(platform: Platform, core: Sequence[Sequence[str]], url: str) -> list[str]:
    """Versions of a post, fullest first: with context and hashtag, then without each,
    then each shorter ``core`` (a list of sentences)."""
    out = []
    for sentences in core:
        body = " ".join(s for s in sentences if s)
        options = []
        if platform.context:
            options.append((CONTEXT, platform.hashtag))
        options.append(("", platform.hashtag))
        options.append(("", False))
        for context, tag in options:
            text = f"{context} {body}".strip() if context else body
            text = f"{text} {url}"
            if tag:
                text += f" {HASHTAG}"
            out.append(text)
    return out


def _share_url(platform: Platform, text: str, url: str, subject: str) -> str:
    q = quote(text, safe="")
    if platform.key == "x":
        return f"https://x.com/intent/post?text={q}"
    if platform.key == "bluesky":
        return f"https://bsky.app/intent/compose?text={q}"
    if platform.key == "threads":
        return f"https://www.threads.net/intent/post?text={q}"
    if platform.key == "mastodon":
        return f"https://mastodonshare.com/?text={q}"
    if platform.key == "linkedin":
        return f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}"
    if platform.key == "facebook":
        return f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"
    if platform.key == "whatsapp":
        return f"https://wa.me/?text={q}"
    if platform.key == "email":
        return mailto_url([], subject, text)
    raise ValueError(f"unknown platform {platform.key}")


def posts(
    core: Sequence[Sequence[str]],
    url: str,
    subject: str,
    email_body: Callable[[str], str],
) -> list[Post]:
    """A post for every platform from ``core`` (sentence lists, fullest first)."""
    made = []
    for platform in PLATFORMS:
        if platform.key == "email":
            text = post_for(platform, [email_body(url)])
        else:
            text = post_for(platform, _variants(platform, core, url))
        made.append(
            Post(
                platform=platform,
                text=text,
                length=post_length(text, platform),
                share_url=_share_url(platform, text, url, subject),
                subject=subject if platform.key == "email" else "",
            )
        )
    return made


def jurisdiction_posts(standing: Standing, url: str) -> list[Post]:
    """Posts about one jurisdiction, inviting people to its page at ``url``."""
    invite = f"See where {standing.name} stands and who to write to:"
    core = [
        [status_sentence(standing), pending_sentence(standing), action_sentence(standing), invite],
        [
            short_status_sentence(standing),
            pending_sentence(standing),
            action_sentence(standing),
            invite,
        ],
        [short_status_sentence(standing), f"{ask_for(standing)}.", "More:"],
    ]
    subject = f"Where {standing.name} stands on qualified immunity"

    def email(link: str) -> str:
        lines = [
            "Hi,",
            "",
            " ".join(s for s in (status_sentence(standing), pending_sentence(standing)) if s),
            "",
            CONTEXT,
            "",
            f"{action_sentence(standing)} This page shows the score, the bills, and who "
            f"represents you, with every way to reach them: {link}",
            "",
            "Thank you for passing this on.",
        ]
        return "\n".join(lines)

    return posts(core, url, subject, email)


def campaign_posts(acted: int, pending: int, url: str) -> list[Post]:
    """Posts about the campaign as a whole, inviting people to the map at ``url``."""
    states = "state has" if acted == 1 else "states have"
    first = f"{acted} {states} a law that ends or limits qualified immunity for some claims."
    more = (
        f"Bills are pending in {pending} {'state' if pending == 1 else 'states'}."
        if pending
        else ""
    )
    core = [
        [
            first,
            more,
            "See where your state stands on the nine-point rubric, and write to your lawmakers:",
        ],
        [first, "Where does your state stand?"],
    ]
    subject = "Where does your state stand on qualified immunity?"

    def email(link: str) -> str:
        return "\n".join(
            [
                "Hi,",
                "",
                f"{first} {more}".strip(),
                "",
                CONTEXT,
                "",
                "This map scores every state on a nine-point rubric and shows who represents "
                f"you, with every way to reach them: {link}",
                "",
                "Thank you for passing this on.",
            ]
        )

    return posts(core, url, subject, email)


def bill_posts(bill: Bill, score: Score, where: str, url: str) -> list[Post]:
    """Posts about one pending bill, inviting people to its jurisdiction's page."""
    who = "members of Congress" if bill.jurisdiction == "US" else "lawmakers"
    if is_rollback(bill):
        what = (
            f"{bill.identifier} in {where}, “{bill.title}”, would write qualified immunity "
            "into law or roll back reform."
        )
        scored = f"It {stage_phrase(bill)} and scores {score.label} on our rubric."
        act = f"Ask your {who} to vote no:"
    elif is_reform(bill):
        what = f"{bill.identifier} in {where}, “{bill.title}”, {stage_phrase(bill)}."
        scored = (
            f"{EFFECT_WORDS.get(bill.effect, 'It')} It scores {score.label} on the nine-point "
            "End Qualified Immunity rubric."
        )
        act = f"Ask your {who} to pass it:"
    else:
        what = f"{bill.identifier} in {where}, “{bill.title}”, {stage_phrase(bill)}."
        scored = f"It scores {score.label} on our rubric."
        act = "See where it stands:"
    core = [
        [what, scored, act],
        [f"{bill.identifier} in {where} {stage_phrase(bill)}.", act],
    ]
    subject = f"{bill.identifier}: {bill.title}"

    def email(link: str) -> str:
        return "\n".join(
            ["Hi,", "", f"{what} {scored}", "", CONTEXT, "", f"{act} {link}", "", "Thank you."]
        )

    return posts(core, url, subject, email)
