"""`trigger` (ODK 1.x): a question's calculation runs only at a save where a trigger's value
changed, and is then kept: the person may change it, and a later save does not overwrite it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent


def trigger_form(xlsform, name="trigger.xlsx"):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {"type": "text", "name": "first", "label::en": "First name?"},
            {"type": "integer", "name": "age", "label::en": "Age?"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Two"},
            {
                "type": "text",
                "name": "greeting",
                "label::en": "Greeting",
                "calculation": "concat('Hello ', ${first})",
                "trigger": "${first}",
            },
            {
                "type": "integer",
                "name": "born",
                "label::en": "Born",
                "read_only": "yes",
                "calculation": "2026 - ${age}",
                "trigger": "${age}",
            },
            {"type": "end group"},
        ],
        settings={"form_id": "trigger"},
        name=name,
    )


@pytest.fixture
def trigger_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, trigger_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_a_trigger_sets_the_value_once_and_the_person_may_change_it(app, db, trigger_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post({"first": "Ana", "age": "30"}).get_data(as_text=True)
    assert 'name="q_greeting" value="Hello Ana"' in page
    assert 'name="q_born"' not in page  # read-only: shown as text
    assert 'data-shows="born">1996</p>' in page
    page = person.post({"greeting": "Hi there", "born": "1900"}, action="back").get_data(as_text=True)
    # Saving the first page again with the trigger unchanged keeps the person's greeting.
    page = person.post({"first": "Ana", "age": "30"}).get_data(as_text=True)
    assert 'name="q_greeting" value="Hi there"' in page
    # A changed trigger runs the calculation again.
    person.post({"greeting": "Hi there"}, action="back")
    page = person.post({"first": "Bo", "age": "40"}).get_data(as_text=True)
    assert 'name="q_greeting" value="Hello Bo"' in page
    person.post({"greeting": "Hello Bo"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"first": "Bo", "age": "40", "greeting": "Hello Bo", "born": "1986"}


def test_a_trigger_without_a_calculation_clears_the_question(app, db, xlsform, channel_for):
    survey = import_survey(
        db,
        xlsform(
            [
                {"type": "begin group", "name": "one", "label::en": "One"},
                {"type": "text", "name": "a", "label::en": "A"},
                {"type": "end group"},
                {"type": "begin group", "name": "two", "label::en": "Two"},
                {"type": "text", "name": "b", "label::en": "B", "trigger": "${a}"},
                {"type": "end group"},
            ],
            name="clears.xlsx",
        ),
    ).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"a": "one"})
    person.post({"b": "kept"}, action="back")
    page = person.post({"a": "one"}).get_data(as_text=True)
    assert 'name="q_b" value="kept"' in page  # the trigger did not change
    person.post({"b": "kept"}, action="back")
    page = person.post({"a": "two"}).get_data(as_text=True)
    assert 'name="q_b" value="kept"' not in page
    assert 'id="q_b"' in page


def test_triggers_round_trip(xlsform, tmp_path):
    parsed = read_xlsform(trigger_form(xlsform))
    assert parsed.warnings == []
    questions = {q["name"]: q for p in parsed.definition["pages"] for q in p["questions"]}
    assert questions["greeting"]["trigger"] == ["first"]
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "trigger"))
    assert parse_xlsform(again) == parsed.definition
