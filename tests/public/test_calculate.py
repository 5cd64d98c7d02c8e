"""`calculate` questions: never asked, computed over the answers at every save (whatever a client
sends), stored and exported, and seen by skip logic and by `${name}` in labels."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response, Survey
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey

from .respondent import Respondent


def calculate_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "Household"},
            {"type": "integer", "name": "adults", "label::en": "Adults?", "required": "yes"},
            {"type": "integer", "name": "children", "label::en": "Children?", "required": "yes"},
            {"type": "calculate", "name": "household", "calculation": "${adults} + ${children}"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Size"},
            {"type": "note", "name": "size_note", "label::en": "A household of ${household}"},
            {
                "type": "text",
                "name": "crowded",
                "label::en": "Is it crowded?",
                "relevant": "${household} > 5",
            },
            {"type": "end group"},
        ]
    )


@pytest.fixture
def calculate_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, calculate_form(xlsform)).survey
    db.commit()
    channel_for(survey.id)
    return survey


def test_a_calculation_is_stored_shown_and_read_by_skip_logic(app, db, calculate_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0")
    assert 'name="q_household"' not in page.get_data(as_text=True)
    text = person.post({"adults": "2", "children": "5"}).get_data(as_text=True)
    assert 'A household of <span data-pipe="household">7</span>' in text
    assert 'name="q_crowded"' in text
    person.post({"crowded": "yes"})
    person.submit()

    small = Respondent(app.test_client())
    small.open("/p/0")
    text = small.post({"adults": "1", "children": "1"}).get_data(as_text=True)
    assert 'name="q_crowded"' not in text
    small.post({})
    small.submit()
    stored = sorted(
        (r.answer_map()["household"], r.answer_map().get("crowded", "")) for r in db.scalars(select(Response))
    )
    assert stored == [("2", ""), ("7", "yes")]
    table = response_table(db, db.get(Survey, calculate_survey.id))
    assert "household" in table.header


def test_a_calculation_follows_a_changed_answer_and_a_client_cannot_set_it(app, db, calculate_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"adults": "2", "children": "5", "household": "99"})
    person.post({}, action="back")
    person.post({"adults": "1", "children": "1"})
    response = db.scalars(select(Response)).one()
    db.refresh(response)
    assert response.answer_map()["household"] == "2"
