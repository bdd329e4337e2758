"""The rubric for everyone: the public evaluator, its shared links, and reports to organizers."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from outreach import create_app
from outreach.campaign import editor_data, evaluation_reports, public_rubric
from outreach.campaign.records import get_bill
from outreach.extensions import db
from outreach.models import EvaluationReport, Rating
from outreach.organizers import accounts
from tests.conftest import make_config
from tests.factories import RUBRIC_TITLES, make_campaign
from tests.markup import inline_code

EMAIL, PASSWORD = "olga@example.org", "correct horse battery"
RATINGS = {1: "met", 2: "partial", 3: "not_met", 4: "unknown", 5: "met"}
RATINGS |= {6: "met", 7: "partial", 8: "met", 9: "not_met"}


def answers_query(ratings=RATINGS, **extra) -> dict[str, str]:
    query = {f"c{n}": rating for n, rating in ratings.items()}
    query.update({"bill": "HB 12, Civil Rights Act", "where": "WY", "n3": "Police only."})
    query.update(extra)
    return query


def page_of(response) -> str:
    return response.get_data(as_text=True)


def shown_score(html: str) -> str:
    match = re.search(
        r'score-box__points">([\d.]+)</span><span class="score-box__total">/(\d)', html
    )
    assert match, "no score shown"
    return f"{match.group(1)}/{match.group(2)}"


def share_link(html: str) -> str:
    match = re.search(r'<a href="([^"]+)" id="share-link">', html)
    assert match, "no share link"
    return html_lib.unescape(match.group(1))


def checked(html: str) -> dict[int, str]:
    return {
        int(n): value for n, value in re.findall(r'name="c(\d)" value="([a-z_]+)" checked', html)
    }


@pytest.fixture
def loaded(session):
    """The campaign's nine criteria (the factory's: quicker than the whole content)."""
    make_campaign(session)
    session.commit()


# ----------------------------------------------------------------------------- parsing


def test_parse_keeps_valid_answers_and_lists_the_rest():
    answers = public_rubric.parse_answers(
        {"c1": "met", "c2": "bogus", "c12": "met", "n4": "x" * 501, "where": "ZZ", "utm": "a"}
    )
    assert answers.ratings == {1: Rating.MET}
    assert [i.name for i in answers.ignored] == ["c2", "c12", "n4", "where"]
    assert "met, partial, not_met, unknown" in answers.ignored[0].reason
    assert answers.score is None
    assert answers.unanswered == [2, 3, 4, 5, 6, 7, 8, 9]


def test_the_score_is_the_organizer_evaluators():
    answers = public_rubric.parse_answers(answers_query())
    organizer = editor_data.evaluate(
        {
            n: {"rating": r, "note": "", "source": None if r == "unknown" else "https://e.org"}
            for n, r in RATINGS.items()
        }
    )
    assert answers.score == organizer.score
    assert answers.score.label == "5/9"


# ----------------------------------------------------------------------------- the page


def test_the_empty_form_works_without_javascript(client, loaded):
    response = client.get("/evaluate")
    assert response.status_code == 200
    html = page_of(response)
    assert '<form class="eval-form" id="evaluate-form" action="/evaluate" method="get">' in html
    assert len(re.findall(r'type="radio" name="c\d"', html)) == 36
    assert "Not sure" in html
    assert RUBRIC_TITLES[1] in html
    assert "score-box__points" not in html
    assert 'href="/model-policy"' in html
    assert 'href="/evaluate" aria-current="page">Evaluate a bill</a>' in html
    assert not inline_code(html)


def test_answers_give_the_score_what_is_missing_and_a_link_that_reproduces_it(client, loaded):
    response = client.get("/evaluate?" + urlencode(answers_query()))
    assert response.status_code == 200
    html = page_of(response)
    assert shown_score(html) == "5/9"
    missing = html.split("What is missing", 1)[1].split("Share it", 1)[0]
    for number in (2, 3, 4, 7, 9):
        assert f"<strong>{number}. " in missing
    for number in (1, 5, 6, 8):
        assert f"<strong>{number}. " not in missing
    assert "Your note: Police only." in missing
    link = share_link(html)
    assert link.startswith("http://localhost/evaluate?")
    again = client.get(link.removeprefix("http://localhost"))
    assert again.status_code == 200
    again_html = page_of(again)
    assert shown_score(again_html) == "5/9"
    assert checked(again_html) == RATINGS
    assert share_link(again_html) == link
    assert 'value="HB 12, Civil Rights Act"' in again_html


def test_before_the_rubric_is_loaded_the_form_still_works(client):
    html = page_of(client.get("/evaluate?" + urlencode(answers_query())))
    assert "rubric is not loaded yet" in html
    assert "flask content load" not in html
    assert shown_score(html) == "5/9"


def test_a_partial_answer_asks_for_the_rest(client, loaded):
    html = page_of(client.get("/evaluate?c1=met&c2=met"))
    assert "Still to answer: 3, 4, 5, 6, 7, 8, 9." in html
    assert "score-box__points" not in html
    assert checked(html) == {1: "met", 2: "met"}


@pytest.mark.parametrize(
    ("tamper", "ignored"),
    [
        (
            {"c3": "totally"},
            "“totally” is not a rating: use one of met, partial, not_met, unknown",
        ),
        ({"c10": "met"}, "the rubric has criteria 1 to 9 only"),
        ({"n2": "y" * 600}, "a note is at most 500 characters"),
        ({"where": "Atlantis"}, "is not a state code (like CO) or US for Congress"),
        ({"bill": "z" * 200}, "the bill's name is at most 120 characters"),
    ],
)
def test_a_tampered_link_keeps_the_valid_answers_and_says_what_it_ignored(
    client, loaded, tamper, ignored
):
    response = client.get("/evaluate?" + urlencode(answers_query(**tamper)))
    assert response.status_code == 400
    html = html_lib.unescape(page_of(response))
    assert "Some values in this link were not used" in html
    assert ignored in html
    kept = {n: r for n, r in RATINGS.items() if f"c{n}" not in tamper}
    assert checked(page_of(response)) == kept


def test_a_control_character_in_a_note_is_ignored_not_a_500(client, loaded):
    response = client.get("/evaluate?c1=met&n1=%07bell")
    assert response.status_code == 400
    assert checked(page_of(response)) == {1: "met"}


# ----------------------------------------------------------------------------- reports


def test_send_to_the_organizers_keeps_only_the_evaluation(client, session, loaded):
    html = page_of(client.get("/evaluate?" + urlencode(answers_query())))
    button = re.search(r'href="(/evaluate/report\?[^"]+)">Send this to the organizers', html)
    assert button
    form_page = client.get(html_lib.unescape(button.group(1)))
    assert form_page.status_code == 200
    form_html = page_of(form_page)
    assert 'name="c3" value="not_met"' in form_html
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form_html))
    hidden = {k: html_lib.unescape(v) for k, v in hidden.items()}
    response = client.post(
        "/evaluate/report",
        data={**hidden, "link": "https://wyoleg.gov/hb12", "note": "Please look at this."},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert response.status_code == 200
    assert "Thank you." in page_of(response)
    report = session.scalars(select(EvaluationReport)).one()
    assert report.bill_name == "HB 12, Civil Rights Act"
    assert report.jurisdiction == "WY"
    assert report.answers["3"] == {"rating": "not_met", "note": "Police only."}
    assert report.link == "https://wyoleg.gov/hb12"
    assert report.status == "open"
    assert evaluation_reports.report_score(report).label == "5/9"
    columns = {c.name for c in EvaluationReport.__table__.columns}
    assert not columns & {"ip", "email", "name", "user_agent", "address"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"link": "javascript:alert(1)"}, "Enter a web address starting with https://."),
        ({"note": "n" * 1001}, "At most 1000 characters."),
        ({"c1": "bogus"}, "is not a rating"),
    ],
)
def test_a_bad_report_is_400_and_keeps_nothing(client, session, loaded, data, message):
    response = client.post("/evaluate/report", data={**answers_query(), **data})
    assert response.status_code == 400
    assert message in html_lib.unescape(page_of(response))
    assert session.scalar(select(func.count()).select_from(EvaluationReport)) == 0


def test_a_report_with_no_answers_is_400(client, session, loaded):
    assert client.get("/evaluate/report").status_code == 400
    response = client.post("/evaluate/report", data={"bill": "HB 1"})
    assert response.status_code == 400
    assert "nothing to send yet" in page_of(response)
    assert session.scalar(select(func.count()).select_from(EvaluationReport)) == 0


def test_reports_are_rate_limited(tmp_path, database_url):
    app = create_app(
        make_config(
            database_url,
            SHARE_CACHE_DIR=tmp_path / "share",
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI="memory://",
            REPORT_RATE_LIMIT="2 per hour",
        )
    )
    with app.app_context():
        db.create_all()
        client = app.test_client()
        codes = [
            client.post("/evaluate/report", data=answers_query()).status_code for _ in range(3)
        ]
        assert codes == [200, 200, 429]
        assert db.session.scalar(select(func.count()).select_from(EvaluationReport)) == 2
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def signed_in(client, session):
    accounts.create_organizer(session, email=EMAIL, name="Olga", password=PASSWORD)
    session.commit()
    login = client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 302
    return client


def test_organizers_open_a_report_in_their_evaluator_and_save_it(
    client, session, loaded, signed_in
):
    client.post("/evaluate/report", data=answers_query(note="First."))
    queue = page_of(signed_in.get("/organizers/evaluations"))
    report = session.scalars(select(EvaluationReport)).one()
    assert f'data-report="{report.id}"' in queue
    assert "HB 12, Civil Rights Act" in queue
    assert "5/9" in queue
    opened = signed_in.get(f"/organizers/evaluate?report={report.id}")
    assert opened.status_code == 200
    form = page_of(opened)
    assert 'name="identifier" type="text" value="HB 12, Civil Rights Act"' in form
    assert re.search(r'<option selected value="WY">', form)
    assert re.search(
        r'name="assessments-2-rating"[^>]*>.*?<option selected value="not_met">', form, re.S
    )
    assert "Police only." in form
    assert f'<input type="hidden" name="report" value="{report.id}">' in form
    assert shown_score(form) == "5/9"

    data = {
        "report": str(report.id),
        "action": "save",
        "stamp": "",
        "identifier": "HB 12",
        "title": "Civil Rights Act",
        "jurisdiction": "WY",
        "session": "2026",
        "congress": "",
        "stage": "introduced",
        "last_action": "2026",
        "url": "https://wyoleg.gov/hb12",
        "sponsors": "",
        "summary": "A civil rights act.",
        "qi_effect": "ends",
        "qi_scope": "",
    }
    for n in range(1, 10):
        rating = RATINGS[n]
        data[f"assessments-{n - 1}-rating"] = rating
        data[f"assessments-{n - 1}-note"] = ""
        data[f"assessments-{n - 1}-source"] = "" if rating == "unknown" else "https://e.org/s"
    saved = signed_in.post("/organizers/evaluate", data=data)
    assert saved.status_code == 302, page_of(saved)[:3000]
    session.expire_all()
    report = session.get(EvaluationReport, report.id)
    assert report.status == "saved"
    assert report.handled_by == EMAIL
    bill = get_bill(session, report.bill_slug)
    assert bill is not None
    assert "No evaluations waiting." in page_of(signed_in.get("/organizers/evaluations"))
    # Saved once: the report cannot be opened again.
    assert signed_in.get(f"/organizers/evaluate?report={report.id}").status_code == 404


def test_organizers_dismiss_a_report(client, session, loaded, signed_in):
    client.post("/evaluate/report", data=answers_query())
    report = session.scalars(select(EvaluationReport)).one()
    response = signed_in.post(f"/organizers/evaluations/{report.id}/dismiss")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(EvaluationReport, report.id).status == "dismissed"
    assert signed_in.post(f"/organizers/evaluations/{report.id}/dismiss").status_code == 404
    assert signed_in.get("/organizers/evaluate?report=nope").status_code == 404


def test_the_queue_is_for_organizers_only(client):
    response = client.get("/organizers/evaluations")
    assert response.status_code in (302, 401)
    assert urlsplit(response.location or "").path.startswith("/organizers/login")
