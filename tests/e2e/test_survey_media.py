"""A survey's media in Chromium, on a phone: the question's image is drawn (its bytes decoded, within
the page's CSP), the choice's image beside its label, the audio and video players present and their
files served; the person answers and the answers are stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.test_media import FILES, media_form
from .test_content_security_policy import violations, watch

pytestmark = pytest.mark.browser

DRAWN = "img => img.complete && img.naturalWidth > 0"


def test_the_media_of_a_question_and_its_choices_show_on_a_phone(
    phone, live_server, db, xlsform, channel_for
):
    survey = import_survey(db, media_form(xlsform), attachments=FILES).survey
    db.commit()
    channel_for(survey.id, token="media")
    reported = watch(phone)
    phone.goto(f"{live_server}/s/media")
    phone.wait_for_load_state("networkidle")
    image = phone.locator("img.media-image")
    assert image.get_attribute("alt") == "Is this a cow?"
    phone.wait_for_function(f"({DRAWN})(document.querySelector('img.media-image'))")
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [4, 3]
    choice = phone.locator("label.choice", has_text="Yes").locator("img.choice-image")
    choice.scroll_into_view_if_needed()
    phone.wait_for_function(f"({DRAWN})(document.querySelector('img.choice-image'))")
    assert choice.evaluate("img => img.naturalWidth") == 2
    audio = phone.locator("audio[controls]")
    assert audio.count() == 1
    assert phone.locator("video[controls]").count() == 1
    # The player's file answers with its type (the player asks when the person presses play).
    kind = audio.evaluate("a => fetch(a.src).then(r => r.status + ' ' + r.headers.get('content-type'))")
    assert kind == "200 audio/wav"
    assert violations(phone, reported) == []
    audit(phone, "survey-media")
    phone.check("input[name=q_cow][value=yes]")
    phone.fill("#q_why", "horns")
    phone.click("button[name=action][value=next]")
    phone.wait_for_load_state()
    phone.click("button[type=submit]")
    phone.wait_for_load_state()
    assert db.scalars(select(Response)).one().answer_map() == {"cow": "yes", "why": "horns"}
