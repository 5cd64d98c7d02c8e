"""A complete response never changes: not when a page save races the final submit, and not by any
statement that writes to the database directly (the triggers of the schema refuse it)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from surveyapp.models import Response

from .respondent import Respondent

TRIALS = 30


def _ready_to_submit(app):  # type: ignore[no-untyped-def]
    """A person at the review page, with page two's form kept (a second tab, or the back button)."""
    person = Respondent(app.test_client())
    person.open()
    person.post({"consent": "OK"})
    page_two = {**person.hidden(), "q_children": "yes", "action": "next"}
    person.post({"children": "no"})
    person.post({})
    return person, page_two


def test_a_page_save_racing_the_submit_never_changes_the_completed_answers(app, small_survey, db):
    outcomes = []
    for _ in range(TRIALS):
        person, page_two = _ready_to_submit(app)
        action, hidden = person.form_action(), person.hidden()
        cookie = person.client.get_cookie("session").value
        start = threading.Barrier(2)
        replies: dict[str, int] = {}

        def post(name: str, path: str, data: dict[str, str]) -> None:
            other = app.test_client()
            other.set_cookie("session", cookie)
            start.wait()
            replies[name] = other.post(path, data=data).status_code

        threads = [
            threading.Thread(target=post, args=("save", "/s/t1/p/1", page_two)),
            threading.Thread(target=post, args=("submit", action, hidden)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append((hidden["rid"], replies))
    db.expire_all()
    for rid, replies in outcomes:
        response = db.get(Response, rid)
        assert response is not None
        assert response.status == "complete"
        assert response.updated_at <= response.completed_at, "written after completion"
        children = response.answer_map()["children"]
        if replies["save"] == 409:  # refused: the submit came first
            assert children == "no"
        else:  # stored before the submit, which then completed these answers
            assert replies["save"] == 302
            assert children == "yes"


@pytest.fixture
def completed(app, small_survey, db):  # type: ignore[no-untyped-def]
    person, _ = _ready_to_submit(app)
    person.submit()
    return db.scalars(select(Response)).one()


def test_the_database_refuses_to_change_an_answer_of_a_complete_response(app, completed):
    engine = app.extensions["db_engine"]
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE answers SET value = 'yes' WHERE question = 'children'"))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT value FROM answers WHERE question = 'children'")) == "no"


def test_the_database_refuses_to_add_or_remove_an_answer_of_a_complete_response(app, completed):
    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        before = connection.execute(text("SELECT question, value FROM answers ORDER BY question")).all()
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text("INSERT INTO answers (response_id, question, value) VALUES (:rid, 'extra', 'x')"),
            {"rid": completed.id},
        )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("DELETE FROM answers WHERE question = 'children'"))
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT question, value FROM answers ORDER BY question")).all() == before
        )


def test_deleting_a_whole_response_takes_its_answers(app, completed):
    engine = app.extensions["db_engine"]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM responses WHERE id = :rid"), {"rid": completed.id})
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM answers")) == 0


def test_the_database_refuses_to_reopen_a_complete_response(app, completed):
    engine = app.extensions["db_engine"]
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE responses SET status = 'in_progress'"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE responses SET completed_at = NULL"))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT status FROM responses")) == "complete"


def test_an_in_progress_response_is_still_changed_freely(app, small_survey, db):
    person = Respondent(app.test_client())
    person.open()
    person.post({"consent": "OK"})
    person.post({"children": "no"})
    engine = app.extensions["db_engine"]
    with engine.begin() as connection:
        connection.execute(text("UPDATE answers SET value = 'yes' WHERE question = 'children'"))
        connection.execute(text("DELETE FROM answers WHERE question = 'consent'"))
    assert db.scalars(select(Response)).one().answer_map() == {"children": "yes"}
