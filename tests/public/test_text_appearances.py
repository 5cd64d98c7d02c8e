"""A text question's `numbers` and `masked` appearances, as ODK Collect shows them: the phone's
number keys for an answer that stays text (a phone number keeps its leading zero), and what is
typed hidden."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from .respondent import Respondent


def test_numbers_and_masked_texts_are_asked_and_kept_as_typed(app, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "text", "name": "phone", "label::en": "Phone", "appearance": "numbers"},
            {"type": "text", "name": "code", "label::en": "Code word", "appearance": "masked"},
        ]
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    page = person.open().get_data(as_text=True)
    phone = '<input id="q_phone" name="q_phone" value="" dir="auto" inputmode="numeric" autocomplete="off"'
    assert phone in page
    assert '<input id="q_code" name="q_code" type="password" value="" dir="auto" autocomplete="off"' in page
    review = person.post({"phone": "0712 345 678", "code": "blue"}).get_data(as_text=True)
    assert "0712 345 678" in review
    assert "blue" not in review  # a masked answer stays hidden on the review page too
    assert "Answered (hidden, as it was typed)" in review
    assert person.submit().status_code == 200
    stored = db.scalars(select(Response)).one()
    assert stored.answer_map() == {"phone": "0712 345 678", "code": "blue"}
