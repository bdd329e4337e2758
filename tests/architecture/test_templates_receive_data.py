"""Templates receive their data from the views: no SQL statement runs while one renders.

Every public page and the organizer pages are rendered with a listener on the
database engine; a statement executed between Flask's ``before_render_template``
and ``template_rendered`` signals means a template (or a function it calls)
went to the database itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import before_render_template, template_rendered
from sqlalchemy import event

from outreach.extensions import db
from outreach.organizers import accounts
from tests.factories import make_bill, make_campaign, make_person, make_record, make_sync, make_zip

EMAIL = "olga@example.org"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def seeded(session) -> int:
    make_campaign(session)
    make_record(session, "CA")
    make_bill(session, "CA", "SB 2", stage="introduced", active=True)
    make_zip(session, "95814", "CA", "7")
    make_sync(session)
    person = make_person(session, name="Roger Niello", district="6")
    accounts.create_organizer(session, email=EMAIL, name="Olga", password=PASSWORD)
    session.commit()
    return person.id


@contextmanager
def queries_while_rendering(app) -> Iterator[list[tuple[str, str]]]:
    """Collect (template, statement) for each statement run while a template renders."""
    found: list[tuple[str, str]] = []
    rendering: list[str] = []

    def before(sender, template, context, **extra):
        rendering.append(template.name or "?")

    def after(sender, template, context, **extra):
        rendering.pop()

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        if rendering:
            found.append((rendering[-1], statement.split("\n", 1)[0][:120]))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    before_render_template.connect(before, app)
    template_rendered.connect(after, app)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        before_render_template.disconnect(before, app)
        template_rendered.disconnect(after, app)


def public_pages(person_id: int) -> list[str]:
    return [
        "/",
        "/lookup?zip=95814",
        f"/officials/{person_id}",
        f"/officials/{person_id}/report",
        f"/write/{person_id}",
        "/write/all?zip=95814",
        "/states",
        "/states/ca",
        "/states/ca/officials",
        "/map",
        "/rubric",
        "/federal",
        "/share",
        "/share/ca",
        "/export",
        "/no-such-page",
    ]


ORGANIZER_PAGES = [
    "/organizers/",
    "/organizers/dashboard",
    "/organizers/evaluate",
    "/organizers/records",
    "/organizers/bills",
    "/organizers/audit",
    "/organizers/directory/corrections",
    "/organizers/directory/corrections/new",
    "/organizers/directory/reports",
]


def test_public_pages_render_without_queries(app, client, seeded):
    with queries_while_rendering(app) as found:
        for url in public_pages(seeded):
            client.get(url)
    assert not found, sorted({template for template, _ in found})


def test_organizer_pages_render_without_queries(app, client, seeded):
    client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    with queries_while_rendering(app) as found:
        for url in ORGANIZER_PAGES:
            client.get(url)
    assert not found, sorted({template for template, _ in found})


def test_the_listener_sees_a_template_that_queries(app, seeded):
    """The check can fail: a template that asks the database is caught."""
    from flask import render_template_string

    with app.test_request_context("/"), queries_while_rendering(app) as found:
        app.jinja_env.globals["_probe"] = lambda: db.session.execute(db.text("SELECT 1"))
        render_template_string("{{ _probe() }}")
    assert found
