"""Share images: sizes, file sizes, legibility, and that they show what they should.

Pure drawing, no database: the cards are built from unsaved rows.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image, ImageChops

from outreach.campaign.records import MAP_JURISDICTIONS
from outreach.campaign.scoring import bill_score
from outreach.campaign.standings import standing_for
from outreach.campaign.tile_map import tile_map
from outreach.directory.jurisdictions import JURISDICTIONS
from outreach.models import Assessment, Bill, ReformRecord
from outreach.share import canvas, card_builders, cards
from outreach.share import images as share_images
from outreach.share import texts as share_texts
from outreach.share.canvas import MAX_BYTES, MIN_TEXT_RATIO
from outreach.share.cards import SIZES, BillCard, CampaignCard, JurisdictionCard, ScoreMark

TODAY = date(2026, 6, 1)


def bill(code: str, identifier: str, stage: str, ratings: dict[int, str], **extra) -> Bill:
    return Bill(
        slug=extra.pop("slug", f"{code}-{identifier}".lower().replace(" ", "-")),
        jurisdiction=code,
        identifier=identifier,
        title=extra.pop("title", f"The {identifier} act"),
        session="2026",
        stage=stage,
        active=extra.pop("active", stage in ("introduced", "passed_one_chamber")),
        last_action=extra.pop("last_action", date(2026, 2, 1)),
        url="https://example.org/bill",
        summary="What it does.",
        # Stated, never inferred by the app: a bill failing criterion 1 stands for a rollback.
        qi_effect=extra.pop("qi_effect", "rollback" if ratings.get(1) == "not_met" else "ends"),
        session_end=extra.pop("session_end", None),
        assessments=[
            Assessment(criterion=n, rating=ratings.get(n, "unknown"), note="")
            for n in range(1, 10)
        ],
    )


def record(code: str, status: str) -> ReformRecord:
    return ReformRecord(jurisdiction=code, status=status, summary="…", as_of=TODAY, sources=[])


ALL_MET = {n: "met" for n in range(1, 10)}
ROLLBACK = {1: "not_met", 2: "not_met"}


def standing(code: str, status: str | None = None, bills=(), name: str | None = None):
    info = JURISDICTIONS.get(code)
    kind = info.kind if info else "city"
    return standing_for(
        code,
        name or (info.name if info else code),
        kind,
        record(code, status) if status else None,
        list(bills),
        TODAY,
    )


def sample_standings():
    """Colorado ended it (6.5/9) with a bill pending; Iowa wrote it into law; the rest bare."""
    special = {
        "CO": standing(
            "CO",
            "enacted",
            [
                bill(
                    "CO", "SB 20-217", "enacted", {**{n: "met" for n in range(1, 7)}, 7: "partial"}
                ),
                bill("CO", "SB 26-005", "passed_one_chamber", {1: "met", 2: "met"}),
            ],
        ),
        "IA": standing("IA", "strengthened", [bill("IA", "SF 342", "enacted", ROLLBACK)]),
        "NM": standing("NM", "enacted", [bill("NM", "HB 4", "enacted", {1: "met"} | {2: "met"})]),
        "CA": standing("CA", "limited", [bill("CA", "SB 2", "enacted", {1: "met", 3: "met"})]),
    }
    return [special.get(code) or standing(code) for code in MAP_JURISDICTIONS]


def campaign_card() -> CampaignCard:
    standings = sample_standings()
    acted = sum(1 for s in standings if s.status and s.status.value in ("enacted", "limited"))
    return CampaignCard(
        campaign="End Qualified Immunity",
        tiles=tile_map(standings),
        acted=acted,
        pending=sum(1 for s in standings if s.has_pending),
        headline="states have a law that ends or limits qualified immunity",
        pending_line="Bills pending in 1 state",
        call="Where does your state stand?",
        site="example.org/map",
    )


def place_card(s) -> JurisdictionCard:
    from outreach.campaign.tile_map import swatch_for

    swatch = swatch_for(s)
    fill, ink = card_builders.STATUS_COLOURS.get(s.status, card_builders.STATUS_COLOURS[None])
    return JurisdictionCard(
        code=s.code,
        name=s.name,
        campaign="End Qualified Immunity",
        score=ScoreMark(
            s.score.label.split("/")[0],
            swatch.fill if swatch.fill.startswith("#") else "",
            swatch.text,
        ),
        status=s.status_label,
        status_fill=fill,
        status_text=ink,
        details=("Law in force: SB 20-217", "Pending: SB 26-005 (passed one chamber)"),
        ask=share_texts.ask_for(s),
        site=f"example.org/states/{s.code.lower()}",
    )


def bill_card(b: Bill, where: str = "Colorado") -> BillCard:
    score = bill_score(b)
    return BillCard(
        slug=b.slug,
        identifier=b.identifier,
        title=b.title,
        where=where,
        stage=b.stage_kind.label,
        campaign="End Qualified Immunity",
        score=ScoreMark(score.label.split("/")[0], "#cfecb3", "#17202e"),
        ask=share_texts.bill_ask(b),
        warning=share_texts.rollback_warning(b),
    )


def all_cards():
    standings = {s.code: s for s in sample_standings()}
    return {
        "campaign": campaign_card(),
        "co": place_card(standings["CO"]),
        "ia": place_card(standings["IA"]),
        "wy": place_card(standings["WY"]),
        "bill": bill_card(standings["CO"].pending[0][0]),
        "rollback": bill_card(bill("US", "H.R. 503", "introduced", ROLLBACK), "Congress"),
    }


CARDS = all_cards()


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    """Every card at every size, drawn once for the module."""
    return {
        (name, size): share_images.render(card, dims)
        for name, card in CARDS.items()
        for size, dims in SIZES.items()
    }


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(CARDS))
def test_every_image_has_its_size_and_stays_small(rendered, name, size):
    data = rendered[(name, size)]
    image = decode(data)
    assert image.format == "PNG"
    assert image.size == SIZES[size]
    assert len(data) < MAX_BYTES


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(CARDS))
def test_images_are_not_blank(rendered, name, size):
    image = decode(rendered[(name, size)]).convert("RGB")
    colours = image.getcolors(1 << 20)
    assert len(colours) >= 12, "a handful of colours at least: text, fills, the footer"
    biggest = max(count for count, _ in colours)
    assert biggest < 0.85 * image.width * image.height, "no single colour fills the image"
    # the brand band at the bottom and ink somewhere in the middle
    assert image.getpixel((image.width // 2, image.height - 5)) == (0x12, 0x35, 0x5B)


def test_images_differ_between_states(rendered):
    for size in SIZES:
        co = decode(rendered[("co", size)]).convert("RGB")
        ia = decode(rendered[("ia", size)]).convert("RGB")
        assert rendered[("co", size)] != rendered[("ia", size)]
        diff = ImageChops.difference(co, ia).convert("L")
        changed = sum(diff.histogram()[16:])
        assert changed > 0.02 * co.width * co.height


def test_the_score_panel_takes_the_colour_of_the_map(rendered):
    """Colorado's 6.5 is drawn on the map's band-6 blue, Iowa on the "written into law" brown."""
    co = decode(rendered[("co", "1200x630")]).convert("RGB")
    ia = decode(rendered[("ia", "1200x630")]).convert("RGB")
    assert co.getcolors(1 << 20)
    assert (0x1B, 0x72, 0xB0) in {c for _, c in co.getcolors(1 << 20)}
    assert (0x8C, 0x2D, 0x04) in {c for _, c in ia.getcolors(1 << 20)}


def test_each_shape_has_its_own_layout(rendered):
    """The square is not the wide image squeezed: its top rows differ in where ink is."""
    wide = decode(rendered[("co", "1200x630")]).convert("L").resize((120, 120))
    square = decode(rendered[("co", "1080x1080")]).convert("L").resize((120, 120))
    diff = ImageChops.difference(wide, square)
    assert sum(diff.histogram()[40:]) > 0.1 * 120 * 120


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(CARDS))
def test_text_is_big_enough_to_read_on_a_phone(monkeypatch, name, size):
    """Every font the drawing loads is at least 2.5% of the image's shorter side."""
    used: list[int] = []
    real = canvas.font

    def spy(px: int, bold: bool = False):
        used.append(px)
        return real(px, bold)

    monkeypatch.setattr(canvas, "font", spy)
    _, stats = share_images.render_with_stats(CARDS[name], SIZES[size])
    floor = MIN_TEXT_RATIO * min(SIZES[size])
    assert used, "the drawing loads its fonts through canvas.font"
    assert min(used) >= floor - 0.5, (min(used), floor)
    assert stats.min_font == min(used)


def test_long_names_and_titles_are_fitted_not_overflowing():
    long = place_card(standing("XYZ", "limited", [], name="Consolidated City " * 8))
    long_bill = bill_card(
        bill(
            "CO",
            "HB 26-1234-EXTRAORDINARY-SESSION",
            "introduced",
            {},
            title="A very long title " * 15,
        )
    )
    for card in (long, long_bill):
        for dims in SIZES.values():
            data, stats = share_images.render_with_stats(card, dims)
            assert decode(data).size == dims
            assert stats.min_font >= MIN_TEXT_RATIO * min(dims) - 0.5


def test_rendering_is_deterministic():
    """Two processes drawing the same card make the same bytes (one strong ETag)."""
    card = CARDS["co"]
    assert share_images.render(card, SIZES["1200x630"]) == share_images.render(
        card, SIZES["1200x630"]
    )


def test_only_the_four_sizes_are_accepted():
    assert cards.parse_size("") == (1200, 630)
    assert cards.parse_size("1080X1920") == (1080, 1920)
    for bad in ("1x1", "100000x100000", "1200x631", "big", "1200 x 630"):
        assert cards.parse_size(bad) is None
    with pytest.raises(ValueError, match="unsupported size"):
        share_images.render(CARDS["co"], (5000, 5000))


def test_wrapping_keeps_words_and_glued_identifiers_whole():
    f = canvas.font(30, bold=True)
    lines = canvas.wrap("Ask your lawmakers to pass SB\u00a026-005", f, 420)
    assert any("SB 26-005" in line for line in lines)
    assert all(f.getlength(line) <= 420 + 30 for line in lines)
    assert canvas.ellipsize("x" * 200, f, 100).endswith("…")


def margins_are_clear(image: Image.Image) -> bool:
    """Nothing drawn in the outer 1.5% on the left and right, above the footer band."""
    rgb = image.convert("RGB")
    strip = max(4, round(rgb.width * 0.015))
    bottom = round(rgb.height * 0.84)
    for box in ((0, 0, strip, bottom), (rgb.width - strip, 0, rgb.width, bottom)):
        colours = rgb.crop(box).getcolors(1 << 16)
        if colours != [(strip * bottom, (255, 255, 255))]:
            return False
    return True


@pytest.mark.parametrize("size", list(SIZES))
def test_nothing_runs_off_the_edges(rendered, size):
    for name in CARDS:
        assert margins_are_clear(decode(rendered[(name, size)])), name
    long = place_card(standing("XYZ", None, [], name="Consolidated City " * 8))
    long = JurisdictionCard(**{**long.__dict__, "status": "A very long status label " * 3})
    assert margins_are_clear(decode(share_images.render(long, SIZES[size])))


def test_the_margin_check_sees_an_overflow():
    image = Image.new("RGB", (1200, 630), "white")
    image.paste((0, 0, 0), (1195, 100, 1200, 120))
    assert not margins_are_clear(image)


@pytest.mark.parametrize("name", list(CARDS))
def test_the_palette_keeps_flat_colours_exactly(name):
    """Fills (the map's score colours, the brand, the page) survive the palette reduction
    unchanged, so the image matches the site; only anti-aliased edges may move a little."""
    source = share_images.draw(CARDS[name], SIZES["1080x1080"]).image
    reduced = canvas.to_palette(source).convert("RGB")
    total = source.width * source.height
    before = {colour: count for count, colour in source.getcolors(1 << 20)}
    after = {colour: count for count, colour in reduced.getcolors(1 << 20)}
    assert len(after) <= 256
    for colour, count in before.items():
        if count >= total * 0.005:
            assert after.get(colour, 0) >= count, colour
    diff = ImageChops.difference(source, reduced).convert("L").histogram()
    assert max(i for i, n in enumerate(diff) if n) <= 64  # edges: in-between shades


def footer_top(image: Image.Image) -> int:
    """The first row of the navy band at the bottom."""
    rgb = image.convert("RGB")
    y = rgb.height - 1
    while y > 0 and rgb.getpixel((1, y - 1)) == (0x12, 0x35, 0x5B):
        y -= 1
    return y


def clear_above_footer(image: Image.Image) -> bool:
    """A white strip just above the footer band: nothing runs into it."""
    rgb = image.convert("RGB")
    top = footer_top(rgb)
    strip = rgb.crop((0, top - 6, rgb.width, top))
    return strip.getcolors(1 << 16) == [(rgb.width * 6, (255, 255, 255))]


@pytest.mark.parametrize("size", list(SIZES))
def test_nothing_runs_into_the_footer(rendered, size):
    for name in CARDS:
        assert clear_above_footer(decode(rendered[(name, size)])), name
    crowded = [
        place_card(standing("XYZ", "limited", [], name="New York City and County of Somewhere")),
        bill_card(
            bill("CO", "HB 26-1234", "introduced", {}, title="A long title of a bill " * 8),
            "The Consolidated City and County of Somewhere",
        ),
    ]
    for card in crowded:
        data = share_images.render(card, SIZES[size])
        assert clear_above_footer(decode(data)), card
        assert margins_are_clear(decode(data)), card


def test_the_footer_check_sees_an_overflow():
    image = Image.new("RGB", (1080, 1080), "white")
    image.paste((0x12, 0x35, 0x5B), (0, 980, 1080, 1080))
    assert clear_above_footer(image)
    image.paste((0x12, 0x35, 0x5B), (100, 970, 300, 985))
    assert not clear_above_footer(image)
