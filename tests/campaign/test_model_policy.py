"""The model policy: its content file, the page, the PDF and text, and the letters that cite it."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import yaml
from pypdf import PdfReader

from outreach import create_app
from outreach.campaign import content, model_policy
from outreach.campaign.content import ContentError
from outreach.extensions import db
from outreach.letters import drafts, situations
from outreach.letters.catalog import load_catalog
from outreach.letters.context import Sender
from tests.conftest import make_config
from tests.factories import make_person
from tests.markup import inline_code

SHIPPED_TEXT = model_policy.DEFAULT_PATH.read_text(encoding="utf-8")
PUBLIC = "https://outreach.example.org"
#: The only laws the brief lets the model cite, by id.
LAWS = {"co-sb20-217", "nm-cra-2021", "nyc-ll48-2021"}


def squash(text: str) -> str:
    """Whitespace (line breaks in a PDF) folded to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def rubric_titles() -> dict[int, str]:
    shipped = content.read_content(content.DEFAULT_PATH)
    return {c.number: c.title for c in shipped.rubric}


def load_shipped(session) -> None:
    content.load_content(session, content.read_content(content.DEFAULT_PATH), source="test")
    session.commit()


# ----------------------------------------------------------------------------- the file


def test_the_shipped_file_has_a_section_for_each_criterion_with_sourced_lessons():
    policy = model_policy.parse_policy(SHIPPED_TEXT)
    assert sorted(s.criterion for s in policy.sections) == list(range(1, 10))
    assert {law.id for law in policy.laws} == LAWS
    for section in policy.sections:
        assert section.note
        assert section.text
        for lesson in section.learns_from:
            assert lesson.law in LAWS
            assert lesson.source.startswith("https://")
    assert all(law.sources for law in policy.laws)


def edited(path: tuple, value) -> str:
    """The shipped file with the value at ``path`` replaced (or removed, for None)."""
    data = yaml.safe_load(SHIPPED_TEXT)
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def line_of(text: str, needle: str) -> int:
    """The line of the last occurrence of ``needle`` (the edited one)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][-1]


@pytest.mark.parametrize(
    ("path", "value", "needle", "message"),
    [
        (("sections", 3, "criterion"), 2, "criterion: 2", "criterion 2 has a section already"),
        (("sections", 0, "learns_from", 0, "law"), "ca-sb2", "law: ca-sb2", "no law has the id"),
        (("sections", 1, "learns_from", 0, "source"), "ftp://x", "source: ftp://x", "http(s)"),
        (("laws", 0, "sources"), [], "sources: []", "at least 1 item"),
    ],
)
def test_a_bad_file_is_refused_naming_the_line(path, value, needle, message):
    text = edited(path, value)
    with pytest.raises(ContentError) as caught:
        model_policy.parse_policy(text, "model-policy.yaml")
    lines = [line for line, problem in caught.value.problems if message in problem]
    assert lines, caught.value.problems
    expected = line_of(text, needle)
    assert expected in lines or expected - 1 in lines, (expected, caught.value.problems)
    assert f"model-policy.yaml:{lines[0]}:" in str(caught.value)


def test_a_lesson_without_a_source_is_refused():
    text = edited(("sections", 4, "learns_from", 0, "source"), None)
    with pytest.raises(ContentError, match=r"sections\.4\.learns_from\.0\.source: Field required"):
        model_policy.parse_policy(text)


def test_bad_yaml_names_its_line():
    text = SHIPPED_TEXT.replace("  title: State", "  title: [State", 1)
    with pytest.raises(ContentError, match=r"model-policy\.yaml:\d+: not valid YAML"):
        model_policy.parse_policy(text, "model-policy.yaml")


# ----------------------------------------------------------------------------- the page


def test_the_page_names_all_nine_criteria_and_its_sources(client, session, rubric_titles):
    load_shipped(session)
    response = client.get("/model-policy")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for number, title in rubric_titles.items():
        assert f"Rubric criterion {number} (" in html
        assert title in html
    for law in ("Colorado SB 20-217", "New Mexico Civil Rights Act", "New York City"):
        assert law in html
    assert 'href="/model-policy.pdf"' in html
    assert 'href="/model-policy.txt"' in html
    assert 'href="https://endqi.org/state/co"' in html
    assert not inline_code(html)


def test_the_rubric_page_links_the_model_policy(client, session):
    load_shipped(session)
    assert 'href="/model-policy"' in client.get("/rubric").get_data(as_text=True)


def test_the_pdf_reads_back_with_all_nine_criteria(client, session, rubric_titles):
    load_shipped(session)
    response = client.get("/model-policy.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 3
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "State Civil Rights Accountability Act" in text
    for number, title in rubric_titles.items():
        assert squash(f"Rubric criterion {number}") in text
        assert squash(title) in text, title
    assert "5% of the judgment or $25,000" in text
    assert "Online:" not in text  # no public URL configured: no address printed


def test_the_plain_text_has_every_section_and_source(client, session, rubric_titles):
    load_shipped(session)
    response = client.get("/model-policy.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = squash(response.get_data(as_text=True))
    for number, title in rubric_titles.items():
        assert squash(f"Rubric criterion {number}") in text
        assert squash(title) in text
    policy = model_policy.parse_policy(SHIPPED_TEXT)
    for section in policy.sections:
        assert squash(section.heading) in text
        for lesson in section.learns_from:
            assert lesson.source in response.get_data(as_text=True)


def test_before_the_rubric_is_loaded_sections_are_still_numbered(client):
    text = client.get("/model-policy.txt").get_data(as_text=True)
    for number in range(1, 10):
        assert f"Rubric criterion {number} (" in text


def test_a_broken_file_gives_a_clear_503_not_a_500(tmp_path, database_url):
    broken = tmp_path / "model-policy.yaml"
    broken.write_text("policy: [\n", encoding="utf-8")
    app = create_app(
        make_config(database_url, SHARE_CACHE_DIR=tmp_path / "share", MODEL_POLICY_PATH=broken)
    )
    with app.app_context():
        db.create_all()
        client = app.test_client()
        for url in ("/model-policy", "/model-policy.pdf", "/model-policy.txt"):
            response = client.get(url)
            assert response.status_code == 503
            assert "not available right now" in response.get_data(as_text=True)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


# ----------------------------------------------------------------------------- letters


def test_no_bill_letters_point_to_the_model_policy_only_with_a_public_url(session):
    load_shipped(session)
    catalog = load_catalog(model_policy.DEFAULT_PATH.parents[1] / "letters")
    person = make_person(session, name="Sam Quill", state="WY", district="4")
    session.commit()
    url = f"{PUBLIC}/model-policy"
    with_url = situations.load_setting(session, person, date(2026, 12, 3), model_policy_url=url)
    without = situations.load_setting(session, person, date(2026, 12, 3))
    assert with_url.situation == "no_reform"
    for template_id in ("state-introduce", "state-introduce-short"):
        template = catalog.get(template_id)
        draft = drafts.make_draft(
            with_url, template, sender=Sender(), story="", channel="email", today=date.today()
        )
        assert url in draft.body
        assert "all nine criteria" in draft.body
        bare = drafts.make_draft(
            without, template, sender=Sender(), story="", channel="email", today=date.today()
        )
        assert "model" not in bare.body.lower()


def test_the_write_page_gives_the_public_address(tmp_path, database_url):
    app = create_app(
        make_config(database_url, SHARE_CACHE_DIR=tmp_path / "share", PUBLIC_URL=PUBLIC)
    )
    with app.app_context():
        db.create_all()
        load_shipped(db.session)
        person = make_person(db.session, name="Sam Quill", state="WY", district="4")
        db.session.commit()
        response = app.test_client().post(
            f"/write/{person.id}",
            data={"action": "prepare", "channel": "letter", "template": "state-introduce"},
            headers={"Host": "outreach.example.org"},
        )
        assert response.status_code == 200
        assert f"{PUBLIC}/model-policy" in response.get_data(as_text=True)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
