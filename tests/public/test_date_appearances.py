"""Date appearances without a calendar picker: `no-calendar` (day, month, year), `month-year`
(stored YYYY-MM-01 as ODK stores it) and `year` (YYYY-01-01) (the other
calendars: tests/public/test_calendars.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent


def dates_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "date", "name": "born", "label::en": "Date of birth", "appearance": "no-calendar"},
            {
                "type": "date",
                "name": "moved",
                "label::en": "When did you move?",
                "appearance": "month-year",
                "constraint": ". <= today()",
            },
            {"type": "date", "name": "school", "label::en": "Year you left school", "appearance": "year"},
            {"type": "calculate", "name": "moved_year", "calculation": "format-date(${moved}, '%Y')"},
        ]
    )


@pytest.fixture
def dates_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, dates_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_dates_in_parts_are_stored_as_odk_stores_them(app, db, dates_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert 'type="date"' not in page  # no picker
    assert "5 – May" in page  # month names in the person's language, with their numbers
    person.post({"born": ["٧", "3", "1990"], "moved": ["5", "2019"], "school": ["2008"]})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {
        "born": "1990-03-07",
        "moved": "2019-05-01",
        "school": "2008-01-01",
        "moved_year": "2019",
    }


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"born": ["31", "2", "1990"]}, "Please enter a day, choose a month and enter a year"),
        ({"born": ["", "2", "1990"]}, "Please enter a day, choose a month and enter a year"),
        ({"moved": ["", "2019"]}, "Please choose a month and enter a year with 4 digits"),
        ({"moved": ["5", "19"]}, "Please choose a month and enter a year with 4 digits"),
        ({"school": ["twenty"]}, "Please enter a year with 4 digits, like 2024."),
        ({"moved": ["1", "2999"]}, "This answer is not allowed."),
    ],
)
def test_a_date_that_is_not_one_gets_a_message(app, dates_survey, answers, message):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post(answers)
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)


def test_a_stored_date_shows_in_its_parts(app, dates_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"born": ["7", "3", "1990"], "moved": ["11", "2019"], "school": ["2008"]})
    text = person.open("/p/0").get_data(as_text=True)
    assert 'id="q_born" name="q_born" value="7"' in text
    assert '<option value="3" selected>' in text
    assert '<option value="11" selected>' in text
    assert 'value="1990"' in text
    assert 'value="2008"' in text


def test_date_appearances_round_trip_and_the_myanmar_calendar_is_no_warning(xlsform, tmp_path):
    parsed = read_xlsform(dates_form(xlsform))
    appearances = [q["appearance"] for q in parsed.definition["pages"][0]["questions"][:3]]
    assert appearances == ["no-calendar", "month-year", "year"]
    assert not parsed.warnings
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert parse_xlsform(again) == parsed.definition
    myanmar = read_xlsform(
        xlsform([{"type": "date", "name": "d", "label::en": "D", "appearance": "myanmar"}])
    )
    assert [str(w.message) for w in myanmar.warnings] == []
    assert myanmar.definition["pages"][0]["questions"][0]["appearance"] == "myanmar"
