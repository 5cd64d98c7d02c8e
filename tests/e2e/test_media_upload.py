"""On a phone, in Chromium: a picture and a recording chosen with the file inputs, sent without any
script, replaced and checked on the review page, to the thank-you page; axe finds nothing."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from surveyapp.models import AnswerFile, Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.test_media_questions import jpeg_with_gps, wav

pytestmark = pytest.mark.browser


@pytest.fixture
def media_link(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(
        db,
        xlsform(
            [
                {
                    "type": "image",
                    "name": "photo",
                    "label::en": "A photo of the bus stop",
                    "parameters": "max-pixels=300",
                    "required": "yes",
                },
                {"type": "audio", "name": "voice", "label::en": "Tell us in your own voice"},
            ]
        ),
    ).survey
    db.commit()
    channel_for(survey.id, token="media")


def test_a_picture_and_a_recording_are_sent_from_the_phone(phone, live_server, db, media_link, tmp_path):
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


def test_a_signature_drawn_on_the_pad_is_sent_as_a_picture(laptop, live_server, db, xlsform, channel_for):
    survey = import_survey(
        db,
        xlsform(
            [
                {
                    "type": "image",
                    "name": "sign",
                    "label::en": "Your signature",
                    "appearance": "signature",
                    "required": "yes",
                }
            ]
        ),
    ).survey
    db.commit()
    channel_for(survey.id, token="sign")
    laptop.goto(f"{live_server}/s/sign")
    pad = laptop.locator("canvas.draw-canvas")
    pad.wait_for(state="visible")
    audit(laptop, "media-signature")
    box = pad.bounding_box()
    laptop.mouse.move(box["x"] + 20, box["y"] + 30)
    laptop.mouse.down()
    for step in range(1, 20):
        laptop.mouse.move(box["x"] + 20 + step * 15, box["y"] + 30 + (step % 5) * 12)
    laptop.mouse.up()
    laptop.locator(".draw-status", has_text="Your drawing will be sent with this page.").wait_for()
    assert laptop.locator("#q_sign").evaluate("input => input.files.length") == 1
    laptop.click("button[name=action][value=next]")
    laptop.wait_for_load_state()
    db.expire_all()
    kept = db.scalars(select(AnswerFile)).one()
    assert kept.content_type == "image/png"
    drawn = Image.open(io.BytesIO(kept.data)).convert("L")
    assert drawn.size == (600, 240)
    assert drawn.getextrema()[0] < 50  # dark strokes on white
    laptop.click("button[type=submit]")
    laptop.wait_for_load_state()
    assert "Thank you" in laptop.content()
