"""Digits as people type them: a ZIP code in Arabic-Indic, Devanagari or Burmese digits is accepted as the
household size is (one folding for every numeric and pattern-checked answer), stored in ASCII digits,
on the server's pages and on the offline kiosk page alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from .respondent import Respondent


def digits_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "text",
                "name": "zip_code",
                "label::en": "ZIP code",
                "constraint": "regex(., '^[0-9]{5}$')",
                "constraint_message::en": "Five digits, please.",
            },
            {"type": "integer", "name": "household", "label::en": "People at home"},
            {"type": "text", "name": "story", "label::en": "Anything else?"},
        ]
    )


@pytest.fixture
def digits_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, digits_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


@pytest.mark.parametrize(
    ("zip_code", "household"), [("٥٨١٠٢", "٤"), ("५८१०२", "४"), ("۵۸۱۰۲", "۴"), ("၅၈၁၀၂", "၄")]
)
def test_a_zip_code_in_other_digits_is_stored_in_ascii_digits(app, db, digits_survey, zip_code, household):
    person = Respondent(app.test_client())
    person.open()
    page = person.post({"zip_code": zip_code, "household": household, "story": "٥ أطفال"})
    assert page.status_code in (200, 302), person.text()
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    # Free text keeps what was written; a pattern-checked answer and a number are folded.
    assert answers == {"zip_code": "58102", "household": "4", "story": "٥ أطفال"}


def test_a_wrong_zip_code_in_other_digits_is_still_refused(app, digits_survey):
    person = Respondent(app.test_client())
    person.open()
    assert person.post({"zip_code": "٥٨١٠"}).status_code == 422
    assert "Five digits, please." in person.text()
