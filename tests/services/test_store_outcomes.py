"""The responses service's outcomes, way in by way in, with the HTTP answer each view gives.

Page save (links, kiosk and assisted entry share it), review submit and the kiosk outbox each end in
one of stored, acknowledged (the same again), conflict (other answers under the id) and invalid,
which the survey's pages (public/outcome_pages.py) and the outbox (kiosk/receive.py) only translate.
A submit carries no answers of its own, so a second one is acknowledged and never a conflict; its
other outcome is gone (the draft was discarded meanwhile). Parallel requests that send the same
response store it once, on SQLite and on PostgreSQL (TEST_DATABASE_URL).
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.models import Channel, KioskSession, OutboxRefusal, Response
from surveyapp.services.drafts import discard

from ..public.respondent import Respondent

OUTBOX_ANSWERS = {"consent": "OK", "barriers": ["childcare"], "age": "34", "children": "yes"}


def rows(db) -> list[Response]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return list(db.scalars(select(Response)))


def completed(client) -> Respondent:  # type: ignore[no-untyped-def]
    """A person who answered every page and is on the review page."""
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    person.post({"age": "34", "children": "no"})
    person.post({"hardest": "The bus"})
    return person


# Page save ---------------------------------------------------------------------------------------


def test_page_save_stored_goes_on_to_the_next_page(client, small_survey, db):
    person = Respondent(client)
    person.open()
    reply = person.post({"consent": "OK"}, follow=False)
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith("/s/t1/p/1")
    assert rows(db)[0].answer_map() == {"consent": "OK"}


def test_page_save_invalid_shows_the_page_again_and_keeps_the_valid_answers(client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    reply = person.post({"age": "12", "children": "no"}, follow=False)
    assert reply.status_code == 422
    assert 'id="q_age-error"' in reply.get_data(as_text=True)
    assert rows(db)[0].answer_map() == {"consent": "OK", "children": "no"}


def test_page_save_of_the_same_answers_after_completion_is_acknowledged(client, small_survey, db):
    person = completed(client)
    hidden = person.hidden()
    assert person.submit(follow=False).status_code == 303
    again = client.post("/s/t1/p/1", data={**hidden, "q_age": "34", "q_children": "no", "action": "next"})
    assert again.status_code == 302
    assert again.headers["Location"].endswith("/s/t1/thanks")
    assert len(rows(db)) == 1


def test_page_save_of_other_answers_after_completion_is_a_conflict(client, small_survey, db):
    person = completed(client)
    hidden = person.hidden()
    person.submit()
    reply = client.post("/s/t1/p/1", data={**hidden, "q_age": "35", "q_children": "no", "action": "next"})
    assert reply.status_code == 409
    assert "Nothing was changed" in reply.get_data(as_text=True)
    assert rows(db)[0].answer_map()["age"] == "34"


# Review submit -----------------------------------------------------------------------------------


def test_submit_stored_then_acknowledged(client, small_survey, db):
    person = completed(client)
    action, hidden = person.form_action(), person.hidden()
    first = client.post(action, data=hidden)
    second = client.post(action, data=hidden)
    assert (first.status_code, second.status_code) == (303, 303)
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["Location"].endswith("/s/t1/thanks")
    (response,) = rows(db)
    assert response.status == "complete"


def test_submit_invalid_shows_the_first_broken_page(client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({})  # the consent is required: invalid, the response is started all the same
    review = client.get("/s/t1/review")
    person.page = review
    reply = person.submit(follow=False)
    assert reply.status_code == 422
    assert 'id="q_consent-error"' in reply.get_data(as_text=True)
    assert rows(db)[0].status == "in_progress"


def test_submit_of_a_discarded_draft_is_gone_and_starts_again(client, small_survey, db):
    person = completed(client)
    discard(db, rows(db)[0].id)  # as a kiosk forgets an idle person's answers
    db.commit()
    reply = person.submit(follow=False)
    assert reply.status_code == 303
    assert reply.headers["Location"].endswith("/s/t1")
    assert rows(db) == []


def test_parallel_submits_of_one_response_complete_it_once(app, client, small_survey, db):
    person = completed(client)
    action, hidden = person.form_action(), person.hidden()
    cookie = client.get_cookie("session")

    def submit(_n: int) -> tuple[int, str]:
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        reply = other.post(action, data=hidden)
        return reply.status_code, reply.headers["Location"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = set(pool.map(submit, range(4)))
    assert answers == {(303, "/s/t1/thanks")}
    (response,) = rows(db)
    assert response.status == "complete"
    assert response.answer_map() == {"consent": "OK", "age": "34", "children": "no", "hardest": "The bus"}


# Kiosk outbox ------------------------------------------------------------------------------------


@pytest.fixture
def kiosk_id(tablet, db):  # type: ignore[no-untyped-def]
    return db.scalar(select(KioskSession.id))


def send(client, kiosk_id, response_id, answers=OUTBOX_ANSWERS, **extra):  # type: ignore[no-untyped-def]
    body = {"kiosk": kiosk_id, "id": response_id, "lang": "en", "answers": answers, **extra}
    return client.post("/k/kt/responses", json=body)


def refusals(db) -> list[str]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return [r.reason for r in db.scalars(select(OutboxRefusal).order_by(OutboxRefusal.id))]


def test_outbox_stored_acknowledged_and_conflict(tablet, kiosk_id, db):
    rid = str(uuid.uuid4())
    stored = send(tablet, kiosk_id, rid)
    again = send(tablet, kiosk_id, rid)
    other = send(tablet, kiosk_id, rid, answers={**OUTBOX_ANSWERS, "age": "35"})
    assert (stored.status_code, stored.json) == (201, {"status": "stored", "id": rid})
    assert (again.status_code, again.json) == (200, {"status": "stored before", "id": rid})
    assert other.status_code == 409
    assert other.json["reason"] == "other answers were already stored under this id"
    (response,) = rows(db)
    assert response.answer_map()["age"] == "34"
    assert refusals(db) == ["other answers were already stored under this id"]


def test_outbox_invalid_stores_nothing_and_keeps_the_refusal(tablet, kiosk_id, db):
    reply = send(tablet, kiosk_id, str(uuid.uuid4()), answers={**OUTBOX_ANSWERS, "age": "12"})
    assert reply.status_code == 422
    assert reply.json["status"] == "refused"
    assert set(reply.json["errors"]) == {"age"}
    assert rows(db) == []
    assert refusals(db) == ["some answers break the survey's rules"]


def test_outbox_closed_channel_refuses_what_was_answered_after(tablet, kiosk_id, kiosk_channel, db):
    row = db.get(Channel, kiosk_channel.id)
    row.is_open = False
    db.commit()
    db.refresh(row)
    answered = (row.closed_at + timedelta(minutes=1)).isoformat()
    reply = send(tablet, kiosk_id, str(uuid.uuid4()), answered_at=answered)
    assert reply.status_code == 410
    assert reply.json["reason"] == "this response was answered after the channel closed"
    assert rows(db) == []


def test_parallel_resends_of_one_outbox_response_store_it_once(app, tablet, kiosk_id, db):
    rid = str(uuid.uuid4())

    def post(_n: int) -> int:
        return int(send(app.test_client(), kiosk_id, rid).status_code)

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = sorted(pool.map(post, range(6)))
    assert codes == [200] * 5 + [201]
    assert db.scalar(select(func.count()).select_from(Response)) == 1
    (response,) = rows(db)
    assert response.status == "complete"
    assert response.completed_at is not None
    assert refusals(db) == []
