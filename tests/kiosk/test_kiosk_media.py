"""A kiosk whose survey asks for files keeps it offline: the outbox sends a response with its files as
one multipart post, stored once with every file (a resend stores nothing new), each file checked as
a survey page checks it, with a reason for a bad one; a file answer sent as a bare name is refused.
File questions inside repeats are kept offline too, their parts named by answer key and checked
against the instances the response's answers make."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select

from surveyapp.models import AnswerFile, KioskSession, OutboxRefusal, Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, unlock
from ..media_files import png, wav
from ..public.test_media_questions import jpeg_with_gps

FORM = [
    {"type": "image", "name": "photo", "label::en": "A photo", "required": "yes"},
    {"type": "audio", "name": "voice", "label::en": "Your voice"},
    {"type": "text", "name": "why", "label::en": "Why?"},
]


@pytest.fixture
def media_kiosk(client, db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(FORM)).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    return survey


def post(client, db, response_id, files, answers=None):  # type: ignore[no-untyped-def]
    body = {
        "id": response_id,
        "kiosk": db.scalar(select(KioskSession.id)),
        "lang": "en",
        "answers": {"why": "Roof"} if answers is None else answers,
    }
    data = {"response": (io.BytesIO(json.dumps(body).encode()), "response.json", "application/json")}
    data.update({key: (io.BytesIO(content), name) for key, (name, content) in files.items()})
    return client.post("/k/kt/responses", data=data, content_type="multipart/form-data")


def count(db, model):  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_a_survey_with_file_questions_is_kept_offline_on_a_kiosk(client, media_kiosk):
    start = client.get("/k/kt").get_data(as_text=True)
    assert "data-offline" in start
    assert "asks for pictures, recordings or files" not in start
    page = client.get("/k/kt/offline?lang=en")
    assert page.status_code == 200
    assert 'type="file"' in page.get_data(as_text=True)


def test_a_response_with_its_files_is_stored_once_however_often_it_is_sent(client, db, media_kiosk):
    rid = str(uuid.uuid4())
    files = {"photo": ("stop.jpg", jpeg_with_gps(40, 30)), "voice": ("v.wav", wav())}
    first = post(client, db, rid, files)
    assert first.status_code == 201, first.get_json()
    kept = {f.question: f for f in db.scalars(select(AnswerFile))}
    assert set(kept) == {"photo", "voice"}
    assert kept["voice"].data == wav()
    assert b"PhoneMaker" not in kept["photo"].data  # the picture is written again, without EXIF
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert response.answer_map() == {
        "photo": kept["photo"].file_name,
        "voice": kept["voice"].file_name,
        "why": "Roof",
    }
    # The acknowledgement was lost: the tablet sends the same response again.
    again = post(client, db, rid, files)
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["status"] == "stored before"
    assert count(db, Response) == 1
    assert count(db, AnswerFile) == 2
    # Another file under the same id is a conflict; what is stored stays.
    other = post(client, db, rid, {**files, "voice": ("v.wav", wav(samples=900))})
    assert other.status_code == 409
    assert count(db, AnswerFile) == 2
    # Without one of its files, the same answers are not the response stored either.
    assert post(client, db, rid, {"photo": files["photo"]}).status_code == 409


def test_an_oversize_file_is_refused_with_the_pages_message_and_nothing_is_stored(
    client, db, media_kiosk, app, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 10_000)
    answer = post(
        client,
        db,
        str(uuid.uuid4()),
        {"photo": ("stop.png", png()), "voice": ("v.wav", wav(samples=20_000))},
    )
    assert answer.status_code == 422, answer.get_json()
    assert answer.get_json()["errors"] == {
        "voice": "This file is larger than 10 kB. Please choose a smaller one."
    }
    assert count(db, Response) == 0
    assert count(db, AnswerFile) == 0  # the valid picture is not stored without its response
    refusal = db.scalars(select(OutboxRefusal)).one()
    assert refusal.errors == answer.get_json()["errors"]


@pytest.mark.parametrize(
    ("files", "status", "reason"),
    [
        ({"photo": ("notes.txt", b"not a picture")}, 422, "Please choose a picture"),
        ({"photo": ("stop.png", png()), "voice": ("v.wav", b"")}, 422, "This file is empty"),
        ({"photo": ("stop.png", png()), "why": ("why.txt", b"a file for a text")}, 400, "take none: why"),
        ({"photo": ("stop.png", png()), "nope": ("n.png", png())}, 400, "take none: nope"),
    ],
)
def test_a_bad_file_gets_a_reason_never_a_500(client, db, media_kiosk, files, status, reason):
    answer = post(client, db, str(uuid.uuid4()), files)
    assert answer.status_code == status, answer.get_json()
    assert reason in json.dumps(answer.get_json())
    assert count(db, Response) == 0


def test_a_missing_required_file_or_a_bare_name_is_refused(client, db, media_kiosk):
    missing = post(client, db, str(uuid.uuid4()), {"voice": ("v.wav", wav())})
    assert missing.status_code == 422
    assert set(missing.get_json()["errors"]) == {"photo"}
    answer = client.post(
        "/k/kt/responses",
        data=json.dumps(
            {
                "id": str(uuid.uuid4()),
                "kiosk": db.scalar(select(KioskSession.id)),
                "version": media_kiosk.current_version_id,
                "lang": "en",
                "answers": {"photo": "1733072400000.jpg"},
            }
        ),
        content_type="application/json",
    )
    assert answer.status_code == 422, answer.get_json()
    assert "photo" in answer.get_json()["errors"]
    assert count(db, Response) == 0


def test_a_post_without_its_json_part_or_over_the_limit_gets_a_json_reason(
    client, db, media_kiosk, app, monkeypatch
):
    bare = client.post(
        "/k/kt/responses",
        data={"photo": (io.BytesIO(png()), "p.png")},
        content_type="multipart/form-data",
    )
    assert bare.status_code == 400
    assert "part named response" in bare.get_json()["reason"]
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1_000)
    huge = post(client, db, str(uuid.uuid4()), {"photo": ("p.png", b"\x89PNG" + b"\x00" * 400_000)})
    assert huge.status_code == 413
    assert huge.get_json()["status"] == "refused"
    assert count(db, Response) == 0


NESTED = [
    {"type": "begin repeat", "name": "household", "label::en": "Household"},
    {"type": "text", "name": "street", "label::en": "Street"},
    {"type": "begin repeat", "name": "member", "label::en": "Member"},
    {"type": "text", "name": "name", "label::en": "Name"},
    {"type": "image", "name": "photo", "label::en": "A photo"},
    {"type": "end repeat", "name": ""},
    {"type": "end repeat", "name": ""},
]


@pytest.fixture
def nested_kiosk(client, db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(NESTED)).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    return survey


NESTED_ANSWERS = {
    "household[count]": "2",
    "household[1]/street": "Elm",
    "household[1]/member[count]": "2",
    "household[1]/member[1]/name": "Ana",
    "household[1]/member[2]/name": "Cy",
    "household[2]/street": "Oak",
    "household[2]/member[1]/name": "Dee",
}


def test_a_file_question_inside_repeats_is_kept_offline_and_posted_by_answer_key(client, db, nested_kiosk):
    start = client.get("/k/kt").get_data(as_text=True)
    assert "data-offline" in start
    assert "within a repeat" not in start
    page = client.get("/k/kt/offline?lang=en")
    assert page.status_code == 200
    assert 'name="q_household[1]/member[1]/photo"' in page.get_data(as_text=True)
    files = {
        "household[1]/member[1]/photo": ("a.png", png()),
        "household[1]/member[2]/photo": ("c.png", png(2, 2)),
        "household[2]/member[1]/photo": ("d.png", png(3, 3)),
    }
    stored = post(client, db, str(uuid.uuid4()), files, NESTED_ANSWERS)
    assert stored.status_code == 201, stored.get_json()
    kept = {f.question: f for f in db.scalars(select(AnswerFile))}
    assert {
        key: Image.open(io.BytesIO(f.data)).size for key, f in kept.items()
    } == {  # pictures are rewritten
        "household[1]/member[1]/photo": (3, 2),
        "household[1]/member[2]/photo": (2, 2),
        "household[2]/member[1]/photo": (3, 3),
    }
    answers = db.scalars(select(Response)).one().answer_map()
    assert {k: v for k, v in answers.items() if k not in kept} == NESTED_ANSWERS
    assert all(answers[key] == f.file_name for key, f in kept.items())


@pytest.mark.parametrize(
    "key",
    [
        "household[1]/member[3]/photo",  # beyond the first household's two members
        "household[3]/member[1]/photo",  # beyond the two households
        "household[1]/photo",  # the photo is a member's
        "member[1]/photo",  # a member is within a household
        "household[1]/member[1]/name",  # not a file question
    ],
)
def test_a_file_under_a_key_the_answers_do_not_make_is_refused(client, db, nested_kiosk, key):
    answer = post(client, db, str(uuid.uuid4()), {key: ("p.png", png())}, NESTED_ANSWERS)
    assert answer.status_code == 400
    assert answer.get_json()["reason"] == f"files were sent for questions that take none: {key}"
    assert count(db, Response) == count(db, AnswerFile) == 0
    assert count(db, OutboxRefusal) == 1


def test_a_file_answer_inside_a_repeat_sent_as_a_bare_name_is_refused(client, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "begin repeat", "name": "member", "label::en": "Member"},
            {"type": "image", "name": "photo", "label::en": "A photo"},
            {"type": "end repeat", "name": ""},
        ]
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    answer = client.post(
        "/k/kt/responses",
        json={
            "id": str(uuid.uuid4()),
            "kiosk": db.scalar(select(KioskSession.id)),
            "lang": "en",
            "answers": {"member[1]/photo": "1733072400000.jpg", "member[count]": "1"},
        },
    )
    assert answer.status_code == 422, answer.get_json()
    assert "member[1]/photo" in answer.get_json()["errors"]
