"""SQL statements per respondent request: a page costs one read of its link (plus one of the person's
answers once they have some); a first page save reads its link and inserts; a later one reads its link,
takes the response's write lock (the status test in the same statement), reads the answers under that
lock and writes what changed. A change that adds a query per
request (a lazy load, an autoflush, a re-read of what was just written) shows here first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event, select

from surveyapp.models import Response

from .respondent import Respondent


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs (transaction control is not counted)."""
    sent: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _executemany) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement.split(None, 1)[0].upper())

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_first_page_is_one_statement(app, client, small_survey):
    Respondent(client).open()  # the page's parts are rendered once per process
    for path in ("/s/t1", "/s/t1?lang=es", "/s/t1/p/0?lang=ar"):
        with statements(app) as sent:
            assert client.get(path).status_code == 200
        assert sent == ["SELECT"], path


def test_saving_the_first_page_reads_its_link_and_writes_the_response_with_its_answers(
    app, client, small_survey, db
):
    person = Respondent(client)
    person.open()
    with statements(app) as sent:
        reply = person.post({"consent": "OK"}, follow=False)
    assert reply.status_code == 302
    # the link; the new response (its id and secret were made with the page); its answers
    assert sent == ["SELECT", "INSERT", "INSERT"]
    response = db.scalars(select(Response)).one()
    assert response.answer_map() == {"consent": "OK"}
    assert response.current_page == 0


def test_a_later_page_costs_the_same_and_its_save_one_update_and_one_insert(app, client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    with statements(app) as sent:
        assert person.open("/p/1").status_code == 200
    assert sent == ["SELECT", "SELECT"]  # the link; the response with its answers
    with statements(app) as sent:
        person.post({"barriers": ["transportation"], "age": "34", "children": "yes"}, follow=False)
    # the link, the response row locked while in progress, the response with its answers,
    # the page's answers in one statement
    assert sent == ["SELECT", "UPDATE", "SELECT", "INSERT"]
    response = db.scalars(select(Response)).one()
    assert response.answer_map() == {
        "consent": "OK",
        "barriers": "transportation",
        "age": "34",
        "children": "yes",
    }
    assert response.current_page == 1


def test_changing_and_clearing_answers_writes_only_what_changed(app, client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    person.post(
        {"barriers": ["transportation", "other"], "barriers_other": "the bus", "age": "34", "children": "yes"}
    )
    person.open("/p/1")
    with statements(app) as sent:
        person.post({"barriers": ["transportation"], "age": "35", "children": "yes"}, follow=False)
    # the response row; barriers and age change (one statement); barriers_other no longer applies
    assert sent == ["SELECT", "UPDATE", "SELECT", "UPDATE", "DELETE"]
    response = db.scalars(select(Response)).one()
    assert response.answer_map() == {
        "consent": "OK",
        "barriers": "transportation",
        "age": "35",
        "children": "yes",
    }
