"""A draft belongs to the browser that started it (or to whoever enters its resume code): another
browser holding only its response id reads none of its answers and changes none of them."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from surveyapp.models import Response

from .respondent import Respondent


def _started(app):  # type: ignore[no-untyped-def]
    person = Respondent(app.test_client())
    person.open()
    person.post({"consent": "OK"})
    rid = person.hidden()["rid"]
    person.post({"age": "52", "children": "no"})
    return person, rid


def test_another_browser_posting_a_drafts_id_changes_and_reads_nothing_of_it(app, small_survey, db):
    _, rid = _started(app)
    other = Respondent(app.test_client())
    other.open()
    page_two = {**other.hidden(), "rid": rid, "action": "next", "q_children": "yes", "q_age": "30"}
    reply = other.client.post("/s/t1/p/1", data=page_two, follow_redirects=True)
    # A's age as a page shows it (a field's value, or a review cell), not digits of a random token.
    shows_age = re.compile(r'value="52"|>\s*52\s*<')
    assert not shows_age.search(reply.get_data(as_text=True))
    review = other.client.get("/s/t1/review", follow_redirects=True).get_data(as_text=True)
    assert not shows_age.search(review)
    assert rid not in review
    db.expire_all()
    theirs = db.get(Response, rid)
    assert theirs.answer_map() == {"consent": "OK", "age": "52", "children": "no"}
    # B's answers went into a response of B's own.
    assert db.scalar(select(func.count()).select_from(Response)) == 2


def test_another_browser_cannot_submit_a_draft_by_its_id(app, small_survey, db):
    _, rid = _started(app)
    other = Respondent(app.test_client())
    other.open()
    hidden = {**other.hidden(), "rid": rid}
    reply = other.client.post("/s/t1/submit", data=hidden)
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith("/s/t1")
    db.expire_all()
    assert db.get(Response, rid).status == "in_progress"


def test_the_resume_code_hands_the_draft_to_another_device(app, small_survey, db):
    person, rid = _started(app)
    person.open("/p/1")
    person.post({"age": "52", "children": "no"}, action="save")
    code = db.scalar(select(Response.resume_code).where(Response.id == rid))
    device = Respondent(app.test_client())
    form = device.client.get("/r").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    device.page = device.client.post("/r", data={"csrf_token": token, "code": code}, follow_redirects=True)
    assert 'value="52"' in device.text()
    device.post({"age": "53", "children": "no"})
    db.expire_all()
    assert db.get(Response, rid).answer_map()["age"] == "53"
