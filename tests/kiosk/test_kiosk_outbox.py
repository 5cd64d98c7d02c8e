"""The kiosk outbox's server side: a whole response sent (and re-sent) from an offline tablet is
stored exactly once, checked by the survey's rules, and every refusal says why."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from surveyapp.models import KioskSession, Response

ANSWERS = {
    "consent": "OK",
    "barriers": ["transportation", "childcare"],
    "age": "34",
    "children": "yes",
    "hardest": "El autobús no pasa temprano",
}


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


@pytest.mark.parametrize(
    ("change", "status", "reason"),
    [
        ({"answers": {**ANSWERS, "age": "12"}}, 422, "rules"),
        ({"answers": {**ANSWERS, "children": "perhaps"}}, 422, "rules"),
        ({"answers": {**ANSWERS, "consent": ""}}, 422, "rules"),
        ({"answers": {**ANSWERS, "nope": "x"}}, 422, "unknown questions"),
        ({"answers": {**ANSWERS, "age": 34}}, 400, "answers must map"),
        ({"answers": "all of them"}, 400, "answers must map"),
        ({"id": "not-a-uuid"}, 400, "UUID"),
        ({"kiosk": "forged"}, 403, "not answered on a kiosk"),
    ],
)
def test_bad_responses_get_a_reason_and_store_nothing(tablet, kiosk_id, db, change, status, reason):
    body = {"kiosk": kiosk_id, "id": str(uuid.uuid4()), "lang": "es", "answers": ANSWERS, **change}
    answer = tablet.post("/k/kt/responses", json=body)
    assert answer.status_code == status
    assert reason in answer.json["reason"]
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_rules_errors_name_each_question(tablet, kiosk_id):
    answer = send(tablet, kiosk_id, str(uuid.uuid4()), answers={**ANSWERS, "age": "12", "children": ""})
    assert set(answer.json["errors"]) == {"age", "children"}
    assert "16 a 110" in answer.json["errors"]["age"]  # the form's own message, in the response's language


def test_not_json_another_site_or_another_channel_are_refused(tablet, kiosk_id, db):
    assert tablet.post("/k/kt/responses", data={"id": "x"}).status_code == 415
    assert tablet.post("/k/kt/responses", data="[1,", content_type="application/json").status_code == 400
    other_site = tablet.post("/k/kt/responses", json={}, headers={"Origin": "https://evil.example"})
    assert other_site.status_code == 403
    assert tablet.post("/k/nope/responses", json={"kiosk": kiosk_id}).status_code == 404
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def refusals(db, channel_id):  # type: ignore[no-untyped-def]
    from surveyapp.services import outbox

    db.expire_all()
    return outbox.refused(db, channel_id)


def raw_post(client, text):  # type: ignore[no-untyped-def]
    return client.post("/k/kt/responses", data=text, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}", "not a JSON object"),
        ('{"kiosk": "\\ud800", "id": "x"}', "not answered on a kiosk"),
    ],
)
def test_malformed_bodies_get_a_reason_never_a_500(tablet, kiosk_id, db, body, reason):
    answer = raw_post(tablet, body)
    assert answer.status_code in (400, 403)
    assert reason in answer.json["reason"]
    assert db.scalar(select(func.count()).select_from(Response)) == 0


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"answers": {**ANSWERS, "hardest": "\ud800"}}, "answers must map"),
        ({"answers": {**ANSWERS, "\udfff": "x"}}, "answers must map"),
        ({"answers": {**ANSWERS, "barriers": ["transportation", "\ud800"]}}, "answers must map"),
        ({"answers": {**ANSWERS, "hardest": "bus\x00"}}, "answers must map"),
        ({"answers": {**ANSWERS, "hardest": "bus\x1b"}}, "answers must map"),
        ({"id": "\ud800"}, "UUID"),
        ({"lang": "\ud800"}, "lang"),
        ({"version": 2**63}, "version"),
        ({"version": -1}, "version"),
        ({"version": True}, "version"),
        ({"answered_at": "yesterday"}, "answered_at"),
    ],
)
def test_outbox_posts_a_database_could_not_store_get_a_400_kept_for_staff(
    tablet, kiosk_id, kiosk_channel, db, change, reason
):
    import json

    body = {"kiosk": kiosk_id, "id": str(uuid.uuid4()), "lang": "es", "answers": ANSWERS, **change}
    answer = raw_post(tablet, json.dumps(body))  # json.dumps escapes a lone surrogate as \ud800
    assert answer.status_code == 400
    assert reason in answer.json["reason"]
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    [kept] = refusals(db, kiosk_channel.id)
    assert reason in kept.reason
    assert json.loads(kept.body) == body


def test_rules_errors_and_conflicts_are_kept_for_staff(tablet, kiosk_id, kiosk_channel, db):
    rid = str(uuid.uuid4())
    assert send(tablet, kiosk_id, str(uuid.uuid4()), answers={**ANSWERS, "age": "12"}).status_code == 422
    assert send(tablet, kiosk_id, rid).status_code == 201
    assert send(tablet, kiosk_id, rid, answers={**ANSWERS, "age": "35"}).status_code == 409
    kept = refusals(db, kiosk_channel.id)
    assert [k.reason for k in kept] == [
        "some answers break the survey's rules",
        "other answers were already stored under this id",
    ]
    assert set(kept[0].errors) == {"age"}
    assert kept[1].response_id == rid


def close(db, channel, ago=None):  # type: ignore[no-untyped-def]
    """Close the channel as staff do; `ago` moves its closing time back (no clock waits)."""
    from surveyapp.models import Channel

    row = db.get(Channel, channel.id)
    row.is_open = False
    db.commit()
    db.refresh(row)
    assert row.closed_at is not None  # set by the database
    if ago is not None:
        row.closed_at = row.closed_at - ago
        db.commit()
    return row


def test_a_channel_closed_within_the_grace_period_still_receives_what_was_answered_before(
    tablet, kiosk_id, kiosk_channel, db
):
    from datetime import timedelta

    row = close(db, kiosk_channel, ago=timedelta(hours=1))
    before = (row.closed_at - timedelta(minutes=5)).isoformat()
    assert send(tablet, kiosk_id, str(uuid.uuid4()), answered_at=before).status_code == 201
    assert send(tablet, kiosk_id, str(uuid.uuid4())).status_code == 201  # time unknown: in grace
    after = (row.closed_at + timedelta(minutes=5)).isoformat()
    late = send(tablet, kiosk_id, str(uuid.uuid4()), answered_at=after)
    assert late.status_code == 410
    assert "answered after the channel closed" in late.json["reason"]
    assert db.scalar(select(func.count()).select_from(Response)) == 2


def test_after_the_grace_period_a_closed_channel_refuses_and_lists_the_refusal(
    tablet, kiosk_id, kiosk_channel, db, app
):
    from datetime import timedelta

    grace = timedelta(hours=app.config["OUTBOX_GRACE_HOURS"])
    close(db, kiosk_channel, ago=grace + timedelta(minutes=1))
    rid = str(uuid.uuid4())
    answer = send(tablet, kiosk_id, rid)
    assert answer.status_code == 410
    assert "grace period" in answer.json["reason"]
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    [kept] = refusals(db, kiosk_channel.id)
    assert kept.response_id == rid
    assert kept.kiosk_id == kiosk_id


def test_reopening_a_channel_clears_its_closing_time(kiosk_channel, db):
    from surveyapp.models import utcnow

    row = close(db, kiosk_channel)
    row.is_open = True
    db.commit()
    db.refresh(row)
    assert row.closed_at is None
    assert row.accepts_answers(utcnow())


def test_a_refusal_is_kept_unchanged(tablet, kiosk_id, kiosk_channel, db, app):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    send(tablet, kiosk_id, "not-a-uuid")
    with pytest.raises(IntegrityError), app.extensions["db_engine"].begin() as connection:
        connection.execute(text("UPDATE outbox_refusals SET reason = 'fine'"))
    assert refusals(db, kiosk_channel.id)[0].reason == "id must be the response's UUID"


def test_an_admin_sees_what_a_tablet_sent_and_why_it_was_refused(
    tablet, kiosk_id, kiosk_channel, db, sign_in
):
    from surveyapp.services.users import create_user

    from ..fixtures.staff import PASSWORD

    create_user(db, "admin@p.test", "admin", PASSWORD)
    db.commit()
    rid = str(uuid.uuid4())
    assert (
        send(tablet, kiosk_id, rid, answers={**ANSWERS, "hardest": "<b>bus</b>"}, version=2**40).status_code
        == 400
    )
    page = sign_in("admin@p.test").get(f"/admin/channels/{kiosk_channel.id}").get_data(as_text=True)
    assert "Responses a tablet sent that were not stored" in page
    assert rid in page
    assert "version must be a survey version number" in page
    assert "&lt;b&gt;bus&lt;/b&gt;" in page
    assert "<b>bus</b>" not in page
