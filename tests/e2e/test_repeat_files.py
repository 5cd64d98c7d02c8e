"""In Chromium, on a phone: a photo chosen with the file input in each of two household members,
kept per instance to the review and the thank-you page; a member removed takes its photo, and the
next one's moves into its place; axe finds nothing."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from surveyapp.models import AnswerFile, Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.test_media_questions import jpeg_with_gps
from ..public.test_repeat_files import MEMBER

pytestmark = pytest.mark.browser


def photo_input(index: int) -> str:
    return f'input[type=file][name="q_member[{index}]/photo"]'


def kept(db) -> dict[str, AnswerFile]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return {f.question: f for f in db.scalars(select(AnswerFile))}


def test_photos_are_chosen_in_two_instances(phone, live_server, db, xlsform, channel_for, tmp_path):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(MEMBER)).survey
    db.commit()
    channel_for(survey.id, token="household")
    pictures = []
    for width in (640, 320, 160):
        path = tmp_path / f"member-{width}.jpg"
        path.write_bytes(jpeg_with_gps(width, 100))
        pictures.append(path)

    def next_page(action: str = "next") -> None:
        phone.click(f"button[name=action][value={action}]")
        phone.wait_for_load_state()

    phone.goto(f"{live_server}/s/household")
    audit(phone, "repeat-files-1")
    for index, (name, picture) in enumerate(zip(("Ana", "Ben", "Cy"), pictures, strict=True), start=1):
        phone.fill(f'input[name="q_member[{index}]/name"]', name)
        phone.set_input_files(photo_input(index), str(picture))
        next_page()
        if index < 3:
            next_page("add")
    files = kept(db)
    assert {k: Image.open(io.BytesIO(f.data)).size[0] for k, f in files.items()} == {
        "member[1]/photo": 640,
        "member[2]/photo": 320,
        "member[3]/photo": 160,
    }
    third = files["member[3]/photo"].file_name
    phone.goto(f"{live_server}/s/household/p/0")
    next_page("remove")  # Ana goes; Ben and Cy move up with their photos
    assert phone.input_value('input[name="q_member[1]/name"]') == "Ben"
    phone.goto(f"{live_server}/s/household/p/1")
    assert f"File sent: {third}" in phone.content()
    audit(phone, "repeat-files-2-kept")
    next_page()
    next_page()  # No more
    phone.fill('input[name="q_after"]', "no")
    next_page()
    files = kept(db)
    assert set(files) == {"member[1]/photo", "member[2]/photo"}
    assert files["member[2]/photo"].file_name == third
    review = phone.content()
    assert review.index("Household member 1") < review.index(files["member[1]/photo"].file_name)
    assert review.index("Household member 2") < review.index(third)
    phone.click("button[type=submit]")
    phone.wait_for_load_state()
    assert "Thank you" in phone.content()
    db.expire_all()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["member[1]/photo"] == files["member[1]/photo"].file_name
    assert answers["member[2]/photo"] == third
    assert "member[3]/photo" not in answers
