"""The case pages: a state's cases (or its circuit's), /cases and its filters, a case's
page and share image, the map of where cases come from, the history box."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from PIL import Image

from outreach.campaign import case_content
from outreach.campaign.records import MAP_JURISDICTIONS
from outreach.directory import jurisdictions

SHIPPED = case_content.read_cases(case_content.DEFAULT_PATH)
CIRCUIT_OF = {code: c for c in SHIPPED.circuits.table for code in c.jurisdictions}


@pytest.fixture
def loaded(session):
    case_content.load_cases(session, SHIPPED, source="cases.yaml")
    session.commit()
    return SHIPPED


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def cases_section(html: str) -> str:
    assert 'id="cases-title"' in html
    return html.split('id="cases-title"', 1)[1].split("</section>", 1)[0]


def slugs_in(html: str) -> list[str]:
    return re.findall(r'<article class="card case-card" aria-labelledby="case-([a-z0-9-]+)"', html)


def test_every_state_page_shows_a_case_of_its_own_or_its_circuit(client, loaded):
    for code in MAP_JURISDICTIONS:
        html = text_of(client.get(f"/states/{code.lower()}"))
        section = cases_section(html)
        shown = slugs_in(section)
        assert shown, f"{code} shows no case"
        circuit = CIRCUIT_OF[code]
        own = [c.slug for c in loaded.cases if c.state == code]
        expected = own or [c.slug for c in loaded.cases if c.circuit == circuit.code]
        assert set(shown) <= set(expected), code
        name = jurisdictions.JURISDICTIONS[code].name
        assert f"{name} is in the {circuit.name}" in section or len(circuit.jurisdictions) == 1
        if not own:
            assert f"We have no case from {name} yet" in section


def test_the_circuit_sentence_lists_the_states_from_the_data(client, loaded):
    html = text_of(client.get("/states/tx"))
    assert (
        "Texas is in the Fifth Circuit, whose rulings bind federal courts in Texas, "
        "Louisiana and Mississippi." in html
    )
    louisiana = cases_section(text_of(client.get("/states/la")))
    assert "Louisiana is in the Fifth Circuit" in louisiana
    assert "We have no case from Louisiana yet" in louisiana
    assert "collie-v-barron" in louisiana
    dc = cases_section(text_of(client.get("/states/dc")))
    assert "District of Columbia has its own federal circuit, the D.C. Circuit." in dc


def test_a_city_page_shows_its_state_cases(client, session, loaded):
    from outreach.models import Place

    session.add(Place(code="NYC", name="New York City", kind="city", state="NY"))
    session.commit()
    section = cases_section(text_of(client.get("/states/nyc")))
    assert "jones-v-treubig" in section


def test_the_library_lists_every_case_and_filters(client, loaded):
    everything = text_of(client.get("/cases"))
    assert len(slugs_in(everything)) == len(loaded.cases)
    for query, keep in [
        ("circuit=5th", lambda c: c.circuit == "5th"),
        ("state=MA", lambda c: c.state == "MA"),
        ("state=ma&outcome=denied", lambda c: c.state == "MA" and c.outcome.value == "denied"),
        (
            "outcome=granted&circuit=9th",
            lambda c: c.outcome.value == "granted" and c.circuit == "9th",
        ),
        ("circuit=+DC+", lambda c: c.circuit == "dc"),
        ("state=ME", lambda c: False),
    ]:
        response = client.get(f"/cases?{query}")
        assert response.status_code == 200, query
        expected = {c.slug for c in loaded.cases if keep(c)}
        assert set(slugs_in(text_of(response))) == expected, query


@pytest.mark.parametrize(
    ("query", "named", "valid"),
    [
        ("circuit=13th", "circuit “13th”", "1st, 2nd, 3rd"),
        ("state=ZZ", "state “ZZ”", "AK, AL"),
        ("outcome=won", "outcome “won”", "granted, denied, other"),
        ("circuit=fifth&state=TX", "circuit “fifth”", "dc"),
    ],
)
def test_unknown_filters_answer_400_with_the_valid_values(client, loaded, query, named, valid):
    response = client.get(f"/cases?{query}")
    assert response.status_code == 400
    html = text_of(response)
    assert named in html
    assert valid in html
    assert not slugs_in(html)


def test_a_refused_filter_keeps_the_valid_ones_in_the_form(client, loaded):
    html = text_of(client.get("/cases?state=TX&circuit=first"))
    assert '<option value="TX" selected>Texas</option>' in html


def test_a_case_page_has_its_story_sources_and_image(client, loaded):
    html = text_of(client.get("/cases/collie-v-barron"))
    case = next(c for c in loaded.cases if c.slug == "collie-v-barron")
    assert '<h1 id="page-title">Collie v. Barron</h1>' in html
    assert case.summary in html
    assert case.held in html
    for source in case.sources:
        assert f'href="{source.url}"' in html
    assert "/share/cases/collie-v-barron.png" in html
    assert "Texas is in the Fifth Circuit" in html
    assert client.get("/cases/no-such-case").status_code == 404
    assert client.get("/cases/" + "x" * 500).status_code == 404


@pytest.mark.parametrize("size", ["1200x630", "1200x675", "1080x1080", "1080x1920"])
def test_the_share_image_reads_back_as_a_png_of_its_size(client, loaded, size):
    response = client.get(f"/share/cases/zadeh-v-robinson.png?size={size}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG"
    assert image.size == tuple(int(n) for n in size.split("x"))
    again = client.get(
        f"/share/cases/zadeh-v-robinson.png?size={size}",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_share_images_of_unknown_cases_or_sizes_are_404(client, loaded):
    assert client.get("/share/cases/no-such-case.png").status_code == 404
    assert client.get("/share/cases/zadeh-v-robinson.png?size=9x9").status_code == 404
    assert client.get("/share/cases/Bad..Slug.png").status_code == 404


def test_the_case_map_counts_the_cases_of_each_state(client, loaded):
    html = text_of(client.get("/cases/map"))
    counts = {
        code: int(count)
        for code, count in re.findall(r'data-code="([A-Z]{2})" data-count="(\d+)"', html)
    }
    assert set(counts) == set(MAP_JURISDICTIONS)
    for code in MAP_JURISDICTIONS:
        assert counts[code] == sum(1 for c in loaded.cases if c.state == code), code
    assert 'href="/cases/map"' in text_of(client.get("/map"))


def test_the_rubric_page_has_the_history_box(client, loaded):
    html = text_of(client.get("/rubric"))
    box = html.split('id="history-title"', 1)[1].split("</aside>", 1)[0]
    years = re.findall(r'<p class="history__year">(\d{4})</p>', box)
    assert years == ["1967", "1982", "2009"]
    for slug in ("pierson-v-ray", "harlow-v-fitzgerald", "pearson-v-callahan"):
        case = next(c for c in loaded.cases if c.slug == slug)
        assert f'href="/cases/{slug}"' in box
        assert case.sources[0].url in box
