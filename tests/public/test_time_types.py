"""`time` and `dateTime` questions, stored as ODK stores them: a browser's local time is read in the
partners' time zone (TIMEZONE) and kept with its offset on that day."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, to_xlsx

from .respondent import Respondent


def time_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "time", "name": "opens", "label::en": "When does it open?"},
            {
                "type": "dateTime",
                "name": "visit",
                "label::en": "When was the visit?",
                "constraint": ". < now()",
                "constraint_message::en": "Not in the future",
            },
        ]
    )


@pytest.fixture
def time_survey(db, xlsform, channel_for, app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "TIMEZONE", "Europe/Paris")
    survey = import_survey(db, time_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_times_are_stored_with_the_partners_offset_on_their_day(app, db, time_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0")
    text = page.get_data(as_text=True)
    assert 'type="time"' in text
    assert 'type="datetime-local"' in text
    person.post({"opens": "9:05", "visit": "2024-07-01T14:30"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["visit"] == "2024-07-01T14:30:00.000+02:00"  # summer time in Paris
    assert answers["opens"].startswith("09:05:00.000+0")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opens", "25:00", "Please enter a time like 14:30."),
        ("visit", "2024-02-30T10:00", "Please enter a date and a time like 2024-05-31 14:30."),
        ("visit", "2999-01-01T10:00", "Not in the future"),
    ],
)
def test_a_time_that_is_not_one_is_refused_in_words(app, time_survey, field, value, message):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post({field: value})
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)


def test_time_types_round_trip(xlsform, tmp_path):
    definition = parse_xlsform(time_form(xlsform))
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(definition, "test"))
    assert parse_xlsform(again) == definition
