"""On a phone, in Chromium: a picture and a recording chosen with the file inputs, sent without any
script, replaced and checked on the review page, to the thank-you page; axe finds nothing."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from surveyapp.models import AnswerFile, Response
from surveyapp.services.surveys import import_survey

from ..public.test_media_questions import jpeg_with_gps, wav
from .conftest import audit

pytestmark = pytest.mark.browser


@pytest.fixture
def media_link(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform([
        {"type": "image", "name": "photo", "label::en": "A photo of the bus stop",
         "parameters": "max-pixels=300", "required": "yes"},
        {"type": "audio", "name": "voice", "label::en": "Tell us in your own voice"},
    ])).survey
    db.commit()
    channel_for(survey.id, token="media")


def test_a_picture_and_a_recording_are_sent_from_the_phone(phone, live_server, db, media_link,
                                                           tmp_path):
    picture = tmp_path / "stop.jpg"
    picture.write_bytes(jpeg_with_gps(1200, 900))
    sound = tmp_path / "voice.wav"
    sound.write_bytes(wav())
    text = tmp_path / "notes.txt"
    text.write_text("not a recording")
    phone.goto(f"{live_server}/s/media")
    audit(phone, "media-1")
    phone.set_input_files("#q_photo", str(picture))
    phone.set_input_files("#q_voice", str(text))
    phone.click("button[name=action][value=next]")
    phone.wait_for_load_state()
    assert "Please choose a sound recording." in phone.inner_text("#q_voice-box")
    assert "File sent:" in phone.inner_text("#q_photo-box")  # the picture was kept
    audit(phone, "media-2-refused")
    phone.set_input_files("#q_voice", str(sound))
    phone.click("button[name=action][value=next]")
    phone.wait_for_load_state()
    db.expire_all()
    kept = {f.question: f for f in db.scalars(select(AnswerFile))}
    assert set(kept) == {"photo", "voice"}
    assert kept["photo"].file_name in phone.content()  # the review lists it
    assert max(Image.open(io.BytesIO(kept["photo"].data)).size) == 300
    phone.click("button[type=submit]")
    phone.wait_for_load_state()
    assert "Thank you" in phone.content()
    db.expire_all()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert response.answer_map()["voice"] == kept["voice"].file_name
