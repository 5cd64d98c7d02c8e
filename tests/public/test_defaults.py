"""`default`: a new response starts with the form's defaults, as ODK's do; a person who clears one
keeps it cleared; a default that is an expression (a dynamic default) is evaluated once when the
response starts, with what is known then; a default that is no answer is a problem."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent

CHOICES = [
    {"list_name": "lang", "name": "en", "label::en": "English"},
    {"list_name": "lang", "name": "es", "label::en": "Spanish"},
]


def default_form(xlsform, **extra):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {"type": "integer", "name": "adults", "label::en": "Adults?", "default": "1"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Two"},
            {"type": "select_multiple lang", "name": "spoken", "label::en": "Languages?", "default": "en es"},
            {"type": "text", "name": "city", "label::en": "City?", "default": extra.get("city", "")},
            {"type": "end group"},
        ],
        CHOICES,
    )


@pytest.fixture
def default_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, default_form(xlsform, city="Saint Paul")).survey
    db.commit()
    return channel_for(survey.id)


def test_a_new_response_starts_with_the_defaults_and_a_cleared_one_stays_cleared(app, db, default_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert 'name="q_adults" value="1"' in page
    page = person.post({"adults": "2"}).get_data(as_text=True)
    assert 'value="en" checked' in page
    assert 'value="es" checked' in page
    assert 'value="Saint Paul"' in page
    person.post({"spoken": ["es"], "city": ""})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"adults": "2", "spoken": "es"}


def test_defaults_round_trip_and_a_dynamic_one_is_kept_as_an_expression(xlsform, tmp_path):
    parsed = read_xlsform(default_form(xlsform, city="concat('Saint', ' Paul')"))
    questions = {q["name"]: q for p in parsed.definition["pages"] for q in p["questions"]}
    assert questions["city"]["default"] is None
    assert questions["city"]["default_expression"] == "concat('Saint', ' Paul')"
    assert parsed.warnings == []
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert parse_xlsform(again) == parsed.definition


def dynamic_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {"type": "integer", "name": "adults", "label::en": "Adults?", "default": "2"},
            {"type": "integer", "name": "seats", "label::en": "Seats?", "default": "${adults} + 1"},
            {"type": "date", "name": "visit", "label::en": "Visit?", "default": "today()"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Two"},
            {"type": "text", "name": "first", "label::en": "First name?"},
            # A later question is not known when the response starts: empty, as in ODK.
            {
                "type": "text",
                "name": "called",
                "label::en": "Called?",
                "default": "concat('Dear ', ${first})",
            },
            {"type": "text", "name": "late", "label::en": "Late?", "default": "once(${later})"},
            {"type": "text", "name": "later", "label::en": "Later?"},
            {"type": "end group"},
        ]
    )


@pytest.fixture
def dynamic_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, dynamic_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_a_dynamic_default_is_evaluated_when_the_response_starts_and_can_be_changed(app, db, dynamic_survey):
    person = Respondent(app.test_client())
    before = current_day(app)
    page = person.open("/p/0").get_data(as_text=True)
    today = re.search(r'name="q_visit" type="date" value="([0-9-]+)"', page)
    assert today is not None
    assert today[1] in {before, current_day(app)}  # today() in TIMEZONE
    assert 'name="q_seats" value="3"' in page
    page = person.post({"adults": "4", "seats": "3", "visit": today[1]}).get_data(as_text=True)
    # Evaluated once: a later change of `first` does not re-run `called`.
    assert 'name="q_called" value="Dear"' in page
    person.post({"first": "Ana", "called": "Dear ", "late": "", "later": "x"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {
        "adults": "4",
        "seats": "3",
        "visit": today[1],
        "first": "Ana",
        "called": "Dear",
        "later": "x",
    }


def current_day(app) -> str:  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(app.config["TIMEZONE"])).date().isoformat()


def test_a_default_that_is_no_answer_is_a_warning_on_its_row(xlsform):
    """pyxform accepts it and ODK selects nothing: the question starts empty, the author is told."""
    path = xlsform([{"type": "select_one lang", "name": "l", "label::en": "L", "default": "fr"}], CHOICES)
    parsed = read_xlsform(path)
    assert [(w.sheet, w.row, w.column) for w in parsed.warnings] == [("survey", 2, "default")]
    assert parsed.definition["pages"][0]["questions"][0]["default"] is None
