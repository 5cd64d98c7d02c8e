"""Exactly once: one stored response whatever the network or the person's taps do."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from surveyapp.models import Response
from surveyapp.services import responses as service

from .respondent import Respondent


def count(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Response))


def test_double_submit_stores_one_response_and_shows_the_same_thanks(client, small_survey, db):
    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    person.post({"children": "no"})
    person.post({})
    action, hidden = person.form_action(), person.hidden()
    first = person.submit(follow=False)
    # The same submit again (double tap, or a retry after a dropped connection).
    second = client.post(action, data=hidden, follow_redirects=False)
    assert first.status_code == 303
    assert second.status_code in (302, 303)
    assert second.headers["Location"].endswith("/s/t1/thanks")
    assert count(db) == 1


def send_and_keep_page_two(person: Respondent) -> dict[str, str]:
    """Complete the survey, keeping page two's hidden fields as a browser's back button would."""
    person.open()
    person.post({"consent": "OK"})
    page_two = person.hidden()
    person.post({"children": "no"})
    person.post({})
    person.submit()
    return page_two


def test_back_and_resubmit_same_answers_is_acknowledged(client, small_survey, db):
    page_two = send_and_keep_page_two(Respondent(client))
    # Browser back to page two and Next again with the same answers.
    reply = client.post("/s/t1/p/1", data={**page_two, "q_children": "no", "action": "next"})
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith("/thanks")
    assert count(db) == 1


def test_different_answers_under_a_completed_id_are_refused(client, small_survey, db):
    page_two = send_and_keep_page_two(Respondent(client))
    reply = client.post("/s/t1/p/1", data={**page_two, "q_children": "yes", "action": "next"})
    assert reply.status_code == 409
    assert "Nothing was changed" in reply.get_data(as_text=True)
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map()["children"] == "no"


def test_whole_submission_is_idempotent_and_conflicts_are_refused(db, small_survey):
    from surveyapp.services.surveys import definition_of

    rid = service.new_response_id()
    version = small_survey.survey.current_version
    new = service.NewResponse(small_survey.survey_id, version.id, small_survey.id)
    definition = definition_of(version)
    answers = {"consent": "OK", "children": "yes"}

    def store(values):  # type: ignore[no-untyped-def]
        return service.store_whole(db, rid, new, definition, values, language="en", max_length=500)

    assert store(answers).kind == "stored"
    assert store(dict(answers)).kind == "acknowledged"
    conflict = store({**answers, "children": "no"})
    assert conflict.kind == "conflict"
    assert count(db) == 1
    assert db.scalars(select(Response)).one().answer_map() == {"consent": "OK", "children": "yes"}


def test_parallel_first_posts_with_the_same_id_store_one_response(app, client, small_survey, db):
    person = Respondent(client)
    person.open()
    data = {**person.hidden(), "q_consent": "OK", "action": "next"}
    cookie = client.get_cookie("session")
    results: list[int] = []

    def post() -> None:
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        results.append(other.post("/s/t1/p/0", data=data).status_code)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * 4
    assert count(db) == 1


def test_save_and_resume_with_a_code_read_aloud(client, small_survey, db, app):
    person = Respondent(client)
    person.open("?lang=es")
    person.post({"consent": "OK"})
    person.post({"age": "52", "children": "no"}, action="save")
    page = person.text()
    import re

    code = re.search(r'<p class="code"[^>]*>([A-Z0-9]{4}-[A-Z0-9]{4})</p>', page)[1]
    assert not set(code) & set("0O1lI")
    # Another device: a new browser enters the code in lower case with a space.
    other = app.test_client()
    form = other.get("/r").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    reply = other.post(
        "/r", data={"csrf_token": token, "code": code.lower().replace("-", " ")}, follow_redirects=True
    )
    text = reply.get_data(as_text=True)
    assert '<html lang="es"' in text
    assert 'value="52"' in text
    assert count(db) == 1


def test_expired_resume_code_is_refused(client, small_survey, db):
    from datetime import timedelta

    person = Respondent(client)
    person.open()
    person.post({"consent": "OK"})
    response = db.scalars(select(Response)).one()
    code = service.issue_resume_code(db, service.Draft(response.id, response.draft_key, True), days=14)
    assert service.find_by_resume_code(db, code) is not None
    db.refresh(response)
    later = response.resume_expires_at + timedelta(seconds=1)
    assert service.find_by_resume_code(db, code, now=later) is None
