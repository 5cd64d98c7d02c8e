"""Every spelling pyxform reads as a select (its aliases: `select1 colour`, `add select one prompt using
colour`, `select all that apply from colour or specify other`...) imports as the select it stands for,
with its choices, exactly as `select_one colour` / `select_multiple colour` would."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import read_xlsform

from .respondent import Respondent

CHOICES = [
    {"list_name": "colour", "name": "red", "label::en": "Red"},
    {"list_name": "colour", "name": "blue", "label::en": "Blue"},
]
CITIES = b"name,label\nlyon,Lyon\nparis,Paris\n"
FROM_FILE = {"select_one_from_file": "select_one", "select_multiple_from_file": "select_multiple"}
SPELLINGS = [
    ("select1 colour", "select_one colour"),
    ("select one colour", "select_one colour"),
    ("select one from colour", "select_one colour"),
    ("add select one prompt using colour", "select_one colour"),
    ("select  one   colour", "select_one colour"),
    ("select all that apply colour", "select_multiple colour"),
    ("select all that apply from colour", "select_multiple colour"),
    ("add select multiple prompt using colour", "select_multiple colour"),
    ("select_one colour or other", "select_one colour or_other"),
    ("select1 colour or specify other", "select_one colour or_other"),
    ("select all that apply from colour or specify other", "select_multiple colour or_other"),
    ("add select multiple prompt using colour or other", "select_multiple colour or_other"),
    ("select one from file cities.csv", "select_one_from_file cities.csv"),
    ("select multiple from file cities.csv", "select_multiple_from_file cities.csv"),
]


def _definition(xlsform, qtype: str, name: str) -> dict:
    path = xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {"type": qtype, "name": "pick", "label::en": "Pick"},
            {"type": "end group"},
        ],
        CHOICES,
        name=name,
    )
    return read_xlsform(path, attachments={"cities.csv": CITIES}).definition


@pytest.mark.parametrize(("written", "canonical"), SPELLINGS)
def test_each_select_spelling_imports_as_its_canonical_select(xlsform, written, canonical):
    expected = _definition(xlsform, canonical, "canonical.xlsx")
    found = _definition(xlsform, written, "written.xlsx")
    assert found == expected
    asked = expected["pages"][0]["questions"][0]
    kind = canonical.split()[0]
    assert asked["type"] == FROM_FILE.get(kind, kind)
    if "or_other" in canonical:  # pyxform's "other" choice and its text box come with it
        assert [q["name"] for q in expected["pages"][0]["questions"]] == ["pick", "pick_other"]


def test_an_old_select_spelling_with_or_specify_other_is_answered(app, db, xlsform, channel_for):
    path = xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {"type": "select1 colour or specify other", "name": "pick", "label::en": "Pick"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Two"},
            {"type": "add select multiple prompt using colour", "name": "also", "label::en": "Also"},
            {"type": "end group"},
        ],
        CHOICES,
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    text = person.open("/p/0").get_data(as_text=True)
    assert 'value="red"' in text
    assert 'value="other"' in text
    person.post({"pick": "other", "pick_other": "green"})
    assert 'type="checkbox"' in person.text()
    person.post({"also": ["red", "blue"]})
    person.submit()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    answers = response.answer_map()
    assert answers["pick"] == "other"
    assert answers["pick_other"] == "green"
    assert set(answers["also"].split()) == {"red", "blue"}
