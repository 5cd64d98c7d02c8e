"""Every bad input gets a message in the person's language next to the field; nothing else is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from .respondent import Respondent


@pytest.fixture
def on_page_two(client, small_survey):
    person = Respondent(client)
    person.open("?lang=es")
    person.post({"consent": "OK"})
    return person


def test_missing_required_answer(on_page_two):
    reply = on_page_two.post({"age": "30"})
    assert reply.status_code == 422
    page = on_page_two.text()
    assert 'id="q_children-error"' in page
    assert 'value="30"' in page  # the other answer is kept


def test_out_of_range_number_uses_the_translated_constraint_message(on_page_two):
    reply = on_page_two.post({"age": "7", "children": "no"})
    assert reply.status_code == 422
    page = on_page_two.text()
    assert "Escriba una edad de 16 a 110" in page
    assert 'aria-describedby="q_age-error"' in page
    assert 'value="no" checked' in page


def test_not_a_number(on_page_two):
    on_page_two.post({"age": "thirty", "children": "no"})
    assert 'id="q_age-error"' in on_page_two.text()
    assert 'value="thirty"' in on_page_two.text()


def test_tampered_choice_is_refused(on_page_two, db):
    reply = on_page_two.post({"barriers": ["transportation", "'; DROP TABLE"], "children": "maybe"})
    assert reply.status_code == 422
    page = on_page_two.text()
    assert 'id="q_barriers-error"' in page
    assert 'id="q_children-error"' in page
    stored = db.scalars(select(Response)).one().answer_map()
    assert "barriers" not in stored
    assert "children" not in stored


def test_over_long_text_is_kept_and_the_person_told(client, small_survey):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    person.post({"children": "no"})
    long_text = "bus " * 200  # the tests' limit is 500 characters
    reply = person.post({"hardest": long_text})
    assert reply.status_code == 422
    page = person.text()
    assert "the limit is 500" in page
    assert long_text.strip() in page


def test_broken_and_expired_resume_codes(client, small_survey, db):
    page = client.get("/r", headers={"Accept-Language": "es"})
    assert page.status_code == 200
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]
    reply = client.post("/r", data={"csrf_token": token, "code": "ZZZZ-ZZZZ"})
    assert reply.status_code == 422
    assert 'id="code-error"' in reply.get_data(as_text=True)


def test_bad_date_and_decimal(client, small_survey):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    person.post({"children": "no"})
    person.post({"since": "31/05/2024", "hours": "a lot"})
    page = person.text()
    assert 'id="q_since-error"' in page
    assert 'id="q_hours-error"' in page
    assert 'value="31/05/2024"' in page


def test_expired_csrf_token_keeps_answers(client, small_survey):
    person = Respondent(client)
    person.open()
    data = {"csrf_token": "stale", "rid": person.hidden()["rid"], "q_consent": "OK"}
    reply = client.post("/s/t1/p/0", data=data)
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert "Your answers are still here" in page
    assert 'value="OK" checked' in page


def test_page_index_out_of_range_redirects(client, small_survey):
    assert client.get("/s/t1/p/99").status_code == 302


def test_control_characters_are_dropped_not_a_500(client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    person.post({"children": "no"})
    reply = person.post({"hardest": "bus\x00 at night\x07"})
    assert reply.status_code == 200
    stored = db.scalars(select(Response)).one().answer_map()
    assert stored["hardest"] == "bus at night"


def test_oversized_request_gets_a_clear_413(client, small_survey):
    person = Respondent(client)
    person.open()
    reply = client.post("/s/t1/p/0", data={**person.hidden(), "q_consent": "x" * 2_000_000})
    assert reply.status_code == 413
    assert "too large" in reply.get_data(as_text=True)
