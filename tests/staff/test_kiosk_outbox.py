"""The kiosk outbox's server side: a whole response sent (and re-sent) from an offline tablet is
stored exactly once, checked by the survey's rules, and every refusal says why."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from surveyapp.models import KioskSession, Response

ANSWERS = {"consent": "OK", "barriers": ["transportation", "childcare"], "age": "34", "children": "yes",
           "hardest": "El autobús no pasa temprano"}


@pytest.fixture
def kiosk_id(tablet, db):  # type: ignore[no-untyped-def]
    return db.scalar(select(KioskSession.id))


def send(client, kiosk_id, response_id, answers=ANSWERS, **extra):  # type: ignore[no-untyped-def]
    body = {"kiosk": kiosk_id, "id": response_id, "lang": "es", "answers": answers, **extra}
    return client.post("/k/kt/responses", json=body)


def test_a_response_sent_three_times_is_stored_once(tablet, kiosk_id, db, app):
    rid = str(uuid.uuid4())
    first = send(tablet, kiosk_id, rid)
    assert first.status_code == 201
    assert first.json == {"status": "stored", "id": rid}
    assert send(tablet, kiosk_id, rid).status_code == 200
    # Even from a browser that has left kiosk mode: the kiosk session id in the body is what counts.
    assert send(app.test_client(), kiosk_id, rid).json["status"] == "stored before"
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert response.language == "es"
    assert response.answer_map()["barriers"] == "transportation childcare"
    assert response.answer_map()["age"] == "34"


def test_other_answers_under_a_stored_id_are_refused(tablet, kiosk_id, db):
    rid = str(uuid.uuid4())
    send(tablet, kiosk_id, rid)
    conflict = send(tablet, kiosk_id, rid, answers={**ANSWERS, "age": "35"})
    assert conflict.status_code == 409
    assert "already stored" in conflict.json["reason"]
    assert db.scalars(select(Response)).one().answer_map()["age"] == "34"


@pytest.mark.parametrize(("change", "status", "reason"), [
    ({"answers": {**ANSWERS, "age": "12"}}, 422, "rules"),
    ({"answers": {**ANSWERS, "children": "perhaps"}}, 422, "rules"),
    ({"answers": {**ANSWERS, "consent": ""}}, 422, "rules"),
    ({"answers": {**ANSWERS, "nope": "x"}}, 422, "unknown questions"),
    ({"answers": {**ANSWERS, "age": 34}}, 400, "answers must map"),
    ({"answers": "all of them"}, 400, "answers must map"),
    ({"id": "not-a-uuid"}, 400, "UUID"),
    ({"kiosk": "forged"}, 403, "not answered on a kiosk"),
])
def test_bad_responses_get_a_reason_and_store_nothing(tablet, kiosk_id, db, change, status, reason):
    body = {"kiosk": kiosk_id, "id": str(uuid.uuid4()), "lang": "es", "answers": ANSWERS, **change}
    answer = tablet.post("/k/kt/responses", json=body)
    assert answer.status_code == status
    assert reason in answer.json["reason"]
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_rules_errors_name_each_question(tablet, kiosk_id):
    answer = send(tablet, kiosk_id, str(uuid.uuid4()), answers={**ANSWERS, "age": "12", "children": ""})
    assert set(answer.json["errors"]) == {"age", "children"}
    assert "16 to 110" in answer.json["errors"]["age"] or "16 a 110" in answer.json["errors"]["age"]


def test_not_json_another_site_or_another_channel_are_refused(tablet, kiosk_id, db):
    assert tablet.post("/k/kt/responses", data={"id": "x"}).status_code == 415
    assert tablet.post("/k/kt/responses", data="[1,", content_type="application/json").status_code == 400
    other_site = tablet.post("/k/kt/responses", json={}, headers={"Origin": "https://evil.example"})
    assert other_site.status_code == 403
    assert tablet.post("/k/nope/responses", json={"kiosk": kiosk_id}).status_code == 404
    assert db.scalar(select(func.count()).select_from(Response)) == 0
