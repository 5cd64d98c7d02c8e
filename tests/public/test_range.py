"""`range` questions (parameters start, end, step, as ODK runs them) and `barcode` typed as text;
a parameter the app does not honour is a warning naming it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent


def range_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "range",
                "name": "stress",
                "label::en": "How stressful?",
                "parameters": "start=0 end=1 step=0.25",
            },
            {"type": "range", "name": "rating", "label::en": "Rate it", "parameters": ""},
            {"type": "barcode", "name": "card", "label::en": "Card number"},
            {"type": "select_one yn", "name": "yn", "label::en": "Yes?", "parameters": "randomize=true"},
            {"type": "decimal", "name": "weight", "label::en": "Weight", "parameters": "unit=kg"},
        ],
        [{"list_name": "yn", "name": "yes", "label::en": "Yes"}],
    )


@pytest.fixture
def range_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, range_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


@pytest.mark.parametrize("value", ["1.5", "0.3", "-0.25", "abc"])
def test_a_range_refuses_what_is_off_its_scale_or_steps(app, range_survey, value):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post({"stress": value})
    assert page.status_code == 422
    assert "from 0 to 1, in steps of 0.25" in page.get_data(as_text=True)


def test_a_range_on_its_steps_and_a_barcode_are_stored(app, db, range_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0")
    assert 'type="number" min="0.0" max="1.0" step="0.25"' in page.get_data(as_text=True)
    person.post({"stress": "0,75", "rating": "7", "card": "0012 3456"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"stress": "0.75", "rating": "7", "card": "0012 3456"}


def test_range_parameters_round_trip_and_others_are_warnings(xlsform, tmp_path):
    parsed = read_xlsform(range_form(xlsform))
    questions = {q["name"]: q for p in parsed.definition["pages"] for q in p["questions"]}
    assert questions["stress"]["range"] == [0.0, 1.0, 0.25]
    assert questions["rating"]["range"] == [1.0, 10.0, 1.0]  # ODK's defaults
    assert questions["card"]["type"] == "text"
    assert [str(w.message) for w in parsed.warnings if w.column == "parameters"] == [
        "The parameter unit is not used by this app yet and is left out (rows 6)."
    ]
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert parse_xlsform(again) == parsed.definition
