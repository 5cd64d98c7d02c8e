"""A kiosk whose survey asks for files keeps it online (the tablet's outbox carries no files), the
start screen says why, and the server's pages take the files as on a link; the outbox refuses a file
answer sent as a bare name."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from surveyapp.models import AnswerFile, KioskSession, Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, unlock
from ..public.respondent import Respondent
from ..public.test_media_questions import jpeg_with_gps


def test_a_survey_with_file_questions_is_answered_online_on_a_kiosk(client, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "image", "name": "photo", "label::en": "A photo"},
            {"type": "text", "name": "why", "label::en": "Why?"},
        ]
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    start = client.get("/k/kt").get_data(as_text=True)
    assert "data-offline" not in start
    assert "asks for pictures, recordings or files" in start
    assert client.get("/k/kt/offline?lang=en").status_code == 409
    person = Respondent(client, token="kt", prefix="/k")
    person.open("/p/0?lang=en")
    person.post({"photo": (io.BytesIO(jpeg_with_gps(40, 30)), "p.jpg"), "why": "Roof"})
    person.submit()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    kept = db.scalars(select(AnswerFile)).one()
    assert response.answer_map()["photo"] == kept.file_name


def test_the_outbox_refuses_a_file_answer_sent_as_a_name(client, db, xlsform, channel_for):
    path = xlsform([{"type": "image", "name": "photo", "label::en": "A photo"}])
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id, token="kt", mode="kiosk", languages=["en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    assert unlock(client).status_code == 302
    kiosk = db.scalars(select(KioskSession)).one()
    answer = client.post(
        "/k/kt/responses",
        data=json.dumps(
            {
                "id": "6f1d8c1e-9a4b-4f0e-8c47-2b1f8d3c9e10",
                "kiosk": kiosk.id,
                "version": survey.current_version_id,
                "lang": "en",
                "answers": {"photo": "1733072400000.jpg"},
            }
        ),
        content_type="application/json",
    )
    assert answer.status_code == 422, answer.get_json()
    assert "photo" in answer.get_json()["errors"]
    assert db.scalar(select(Response)) is None


def test_a_file_question_inside_a_repeat_keeps_the_kiosk_online_and_a_bare_name_refused(
    client, db, xlsform, channel_for
):
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
    start = client.get("/k/kt").get_data(as_text=True)
    assert "asks for pictures, recordings or files" in start
    assert client.get("/k/kt/offline?lang=en").status_code == 409
    kiosk = db.scalars(select(KioskSession)).one()
    answer = client.post(
        "/k/kt/responses",
        data=json.dumps(
            {
                "id": "6f1d8c1e-9a4b-4f0e-8c47-2b1f8d3c9e10",
                "kiosk": kiosk.id,
                "version": survey.current_version_id,
                "lang": "en",
                "answers": {"member[1]/photo": "1733072400000.jpg", "member[count]": "1"},
            }
        ),
        content_type="application/json",
    )
    assert answer.status_code == 422, answer.get_json()
    assert "member[1]/photo" in answer.get_json()["errors"]
    assert db.scalar(select(Response)) is None
