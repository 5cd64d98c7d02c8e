"""A name repeated in different groups (pyxform allows it: the XForm paths differ) is kept under its
group path (`g1/x`), as Kobo's exports name it; the same name twice in one group is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response, Survey
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent


def repeated_names_form(xlsform, name="repeated.xlsx"):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "text", "name": "who", "label::en": "Who?"},
            {"type": "begin group", "name": "home", "label::en": "Home", "relevant": "${who} != 'nobody'"},
            {"type": "integer", "name": "rooms", "label::en": "Rooms at home?"},
            {"type": "begin group", "name": "kitchen", "label::en": "Kitchen", "relevant": "${who} != 'x'"},
            {"type": "integer", "name": "count", "label::en": "Stoves?"},
            {"type": "end group"},
            {"type": "end group"},
            {"type": "begin group", "name": "work", "label::en": "Work"},
            {"type": "integer", "name": "rooms", "label::en": "Rooms at work?", "required": "yes"},
            {"type": "integer", "name": "count", "label::en": "Desks?"},
            {"type": "end group"},
        ],
        settings={"form_id": "repeated"},
        name=name,
    )


@pytest.fixture
def repeated_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, repeated_names_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_a_repeated_name_is_keyed_by_its_group_path(xlsform):
    definition = parse_xlsform(repeated_names_form(xlsform))
    keys = [[q["name"] for q in page["questions"]] for page in definition["pages"]]
    assert keys == [["who"], ["home/rooms"], ["home/kitchen/count"], ["work/rooms", "work/count"]]


def test_each_group_keeps_its_own_answer_and_exports_name_the_path(app, db, repeated_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post({"who": "Ana"}).get_data(as_text=True)
    assert 'name="q_home/rooms"' in page
    person.post({"home/rooms": "4"})
    person.post({"home/kitchen/count": "1"})
    page = person.post({"work/rooms": "", "work/count": "9"})
    assert page.status_code == 422  # the required one of the work group, not the home one
    assert "This question needs an answer." in page.get_data(as_text=True)
    person.post({"work/rooms": "2", "work/count": "9"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {
        "who": "Ana",
        "home/rooms": "4",
        "home/kitchen/count": "1",
        "work/rooms": "2",
        "work/count": "9",
    }
    table = response_table(db, db.get(Survey, repeated_survey.survey_id))
    header = table.header
    assert header[-5:] == ["who", "home/rooms", "home/kitchen/count", "work/rooms", "work/count"]
    assert table.rows[0][-5:] == ["Ana", 4, 1, 2, 9]


def test_repeated_names_round_trip_with_the_authors_names(xlsform, tmp_path):
    parsed = read_xlsform(repeated_names_form(xlsform))
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "repeated"))
    written = read_xlsform(again)
    assert written.definition == parsed.definition
    assert written.warnings == []


def test_the_same_name_twice_in_one_group_is_refused_on_its_row(xlsform):
    path = xlsform(
        [
            {"type": "begin group", "name": "g", "label::en": "G"},
            {"type": "text", "name": "x", "label::en": "X"},
            {"type": "text", "name": "x", "label::en": "X again"},
            {"type": "end group"},
            {"type": "text", "name": "x", "label::en": "X at the top"},
        ]
    )
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "name")]
    assert "same group" in str(caught.value.problems[0].message)


def test_a_reference_to_a_repeated_name_is_refused_as_pyxform_refuses_it(xlsform):
    path = xlsform(
        [
            {"type": "begin group", "name": "a", "label::en": "A"},
            {"type": "text", "name": "x", "label::en": "X"},
            {"type": "end group"},
            {"type": "begin group", "name": "b", "label::en": "B"},
            {"type": "text", "name": "x", "label::en": "X"},
            {"type": "end group"},
            {"type": "text", "name": "y", "label::en": "Y", "relevant": "${x} = 'yes'"},
        ]
    )
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert [p.row for p in caught.value.problems] == [8]
