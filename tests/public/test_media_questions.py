"""File questions (image, audio, video, file) as uploads, walked without JavaScript: the bytes kept
with the response under ODK's file name, pictures shrunk to max-pixels and stripped of EXIF,
replaced by a new upload, cleared by "Remove this file", refused with a message when too large or of
the wrong kind; background-audio refused by name."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from surveyapp.models import AnswerFile, Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent

NAME = re.compile(r"^\d{13}\.(jpg|png|mp3|wav|pdf|txt|bin)$")


def media_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "image",
                "name": "photo",
                "label::en": "A photo of the bus stop",
                "label::es": "Una foto de la parada",
                "parameters": "max-pixels=200",
                "required": "yes",
            },
            {"type": "audio", "name": "voice", "label::en": "Tell us in your own voice"},
            {"type": "file", "name": "letter", "label::en": "The letter you got", "body::accept": ".pdf"},
            {
                "type": "image",
                "name": "selfie",
                "label::en": "Your face",
                "appearance": "new-front",
                "relevant": "${voice} != ''",
            },
            {"type": "text", "name": "why", "label::en": "Why?", "required": "yes"},
        ]
    )


def jpeg_with_gps(width: int = 800, height: int = 400) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (44.0, 58.0, 0.0), 3: "W", 4: (93.0, 15.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def wav() -> bytes:
    body = b"\x00\x00" * 800
    return (
        b"RIFF"
        + (36 + len(body)).to_bytes(4, "little")
        + b"WAVEfmt "
        + (16).to_bytes(4, "little")
        + bytes.fromhex("01000100401f0000803e00000200100064617461")
        + len(body).to_bytes(4, "little")
        + body
    )


@pytest.fixture
def media_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, media_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def files(db) -> dict[str, AnswerFile]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return {f.question: f for f in db.scalars(select(AnswerFile))}


def test_the_types_import_with_their_accept_lists_and_round_trip(xlsform, tmp_path):  # type: ignore[no-untyped-def]
    definition = parse_xlsform(media_form(xlsform))
    questions = {q["name"]: q for q in definition["pages"][0]["questions"]}
    assert questions["photo"]["type"] == "image"
    assert questions["photo"]["max_pixels"] == 200
    assert questions["voice"]["type"] == "audio"
    assert questions["letter"]["accept"] == ".pdf"
    assert questions["selfie"]["appearance"] == "new-front"
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(definition, definition["id_string"]))
    assert parse_xlsform(again) == definition
    assert not [w for w in read_xlsform(again).warnings if "appearance" in str(w.message)]


def test_background_audio_is_refused_by_name_with_the_reason(xlsform):  # type: ignore[no-untyped-def]
    form = xlsform(
        [{"type": "background-audio", "name": "bg"}, {"type": "text", "name": "t", "label::en": "T"}]
    )
    with pytest.raises(XLSFormError) as refused:
        parse_xlsform(form)
    message = " ".join(str(p.message) for p in refused.value.problems)
    assert "background-audio cannot run in a browser" in message
    assert "audio question" in message


def test_files_are_kept_with_the_response_and_walked_to_the_thank_you_page(app, db, media_survey):  # type: ignore[no-untyped-def]
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" accept="image/*"' in page
    assert 'accept="audio/*"' in page
    assert 'accept=".pdf"' in page
    assert 'capture="user"' in page
    photo = jpeg_with_gps()
    sound = wav()
    person.post(
        {
            "photo": (io.BytesIO(photo), "IMG_0001.JPG"),
            "voice": (io.BytesIO(sound), "rec.wav"),
            "letter": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "letter.pdf"),
            "selfie": (io.BytesIO(b""), ""),
            "why": "The stop has no roof",
        }
    )
    assert "Please check your answers" not in person.text()
    stored = files(db)
    answers = db.scalars(select(Response)).one().answer_map()
    assert set(stored) == {"photo", "voice", "letter"}
    for name, kept in stored.items():
        assert answers[name] == kept.file_name
        assert NAME.match(kept.file_name), kept.file_name
        assert kept.size == len(kept.data)
        assert kept.sha256 == hashlib.sha256(kept.data).hexdigest()
    assert len({f.file_name for f in stored.values()}) == 3
    assert stored["voice"].content_type == "audio/wav"
    assert stored["voice"].data == sound
    assert stored["letter"].content_type == "application/pdf"
    picture = Image.open(io.BytesIO(stored["photo"].data))
    assert stored["photo"].content_type == "image/jpeg"
    assert max(picture.size) == 200  # max-pixels
    assert not picture.getexif()  # no place, no phone
    assert b"PhoneMaker" not in stored["photo"].data
    review = person.text()
    assert stored["photo"].file_name in review
    person.submit()
    assert "Thank you" in person.text()
    assert db.scalars(select(Response)).one().status == "complete"
    assert len(files(db)) == 3


def test_a_new_file_replaces_the_old_and_remove_clears_it(app, db, media_survey):  # type: ignore[no-untyped-def]
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"photo": (io.BytesIO(jpeg_with_gps()), "a.jpg"), "why": "x"}, action="save")
    person.open("/p/0")
    first = files(db)["photo"].file_name
    page = person.text()
    assert f"File sent: {first}" in page
    assert "Remove this file" in page
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, "PNG")
    person.post(
        {"photo": (io.BytesIO(png.getvalue()), "b.png"), "why": "x", "voice": (io.BytesIO(wav()), "v.wav")},
        action="save",
    )
    kept = files(db)
    assert kept["photo"].content_type == "image/png"
    assert kept["photo"].file_name != first
    assert db.scalar(select(AnswerFile).where(AnswerFile.file_name == first)) is None
    # A page shown again keeps the stored file when no new one is chosen.
    person.open("/p/0")
    person.post({"why": "y"}, action="save")
    assert set(files(db)) == {"photo", "voice"}
    person.open("/p/0")
    person.post({"why": "y"}, action="save", remove_file="voice")
    assert set(files(db)) == {"photo"}
    assert "voice" not in db.scalars(select(Response)).one().answer_map()
    person.open("/p/0")
    answer = person.post({"why": "y"}, remove_file="photo")
    assert answer.status_code == 422
    assert "This question needs an answer." in person.text()


def test_too_large_and_wrong_kinds_get_a_message_and_nothing_is_stored(
    app,
    db,
    media_survey,  # type: ignore[no-untyped-def]
    monkeypatch,
):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 50_000)
    person = Respondent(app.test_client())
    person.open("/p/0")
    assert "At most 49 kB." in person.text()
    answer = person.post(
        {
            "photo": (io.BytesIO(b"\xff\xd8\xff" + b"0" * 60_000), "big.jpg"),
            "voice": (io.BytesIO(b"just some words"), "notes.txt"),
            "letter": (io.BytesIO(jpeg_with_gps(20, 20)), "letter.pdf"),
            "why": "x",
        }
    )
    assert answer.status_code == 422
    assert files(db) == {}
    answers = db.scalars(select(Response)).one().answer_map()
    assert {"photo", "voice", "letter"}.isdisjoint(answers)
    assert answers["why"] == "x"  # the other answers are kept
    text = person.text()
    assert "This file is larger than 49 kB." in text
    assert "Please choose a sound recording." in text
    assert "This kind of file cannot be sent here" in text


def test_a_picture_that_is_not_one_is_refused(app, db, media_survey):  # type: ignore[no-untyped-def]
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"photo": (io.BytesIO(b"\xff\xd8\xff\xe0broken"), "x.jpg"), "why": "x"})
    assert "This picture could not be read" in person.text()
    assert files(db) == {}


def test_a_body_past_every_limit_gets_the_too_large_page(app, db, media_survey, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 10_000)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10_000)
    person = Respondent(app.test_client())
    person.open("/p/0")
    answer = person.post({"photo": (io.BytesIO(b"0" * 200_000), "huge.jpg"), "why": "x"})
    assert answer.status_code == 413
    assert "too large" in person.text()
    assert "10 kB" in person.text()
    assert files(db) == {}


def test_a_file_name_typed_into_a_post_is_not_an_answer(app, db, media_survey):  # type: ignore[no-untyped-def]
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"photo": "1733072400000.jpg", "why": "x"})
    assert "photo" not in db.scalars(select(Response)).one().answer_map()


def test_a_file_left_out_by_skip_logic_goes_at_submit(app, db, media_survey):  # type: ignore[no-untyped-def]
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post(
        {
            "photo": (io.BytesIO(jpeg_with_gps(30, 30)), "a.jpg"),
            "voice": (io.BytesIO(wav()), "v.wav"),
            "selfie": (io.BytesIO(jpeg_with_gps(30, 30)), "me.jpg"),
            "why": "x",
        }
    )
    assert set(files(db)) == {"photo", "voice", "selfie"}
    person.open("/p/0")
    # Without a recording the selfie no longer applies: the page says so rather than drop it.
    answer = person.post({"why": "x"}, remove_file="voice")
    assert answer.status_code == 422
    assert "does not apply" in person.text()
    person.open("/p/0")
    person.post({"why": "x"}, remove_file="selfie")
    person.submit()
    assert set(files(db)) == {"photo"}
    assert db.scalars(select(Response)).one().status == "complete"


def test_the_database_keeps_the_files_of_a_complete_response(app, db, media_survey):  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"photo": (io.BytesIO(jpeg_with_gps(30, 30)), "a.jpg"), "why": "x"})
    person.submit()
    engine = app.extensions["db_engine"]
    for statement in (
        "UPDATE answer_files SET data = :bytes",
        "DELETE FROM answer_files",
        "INSERT INTO answer_files (response_id, question, file_name, content_type, "
        "size, sha256, data, created_at) SELECT response_id, 'other', 'x.bin', "
        "content_type, size, sha256, :bytes, created_at FROM answer_files",
    ):
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(statement), {"bytes": b"changed"})
    assert set(files(db)) == {"photo"}
    assert files(db)["photo"].data != b"changed"
    with engine.begin() as connection:  # deleting the whole response takes its files
        connection.execute(text("DELETE FROM responses"))
    assert files(db) == {}
