"""`read_only` (yes or a condition, as ODK): the question is shown with its value as text and a
posted value is ignored; a calculation on an asked question without a trigger is recomputed at
every save (so it is read-only too); a note with a calculation shows the computed value."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent


def read_only_form(xlsform, name="read_only.xlsx"):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {
                "type": "text",
                "name": "site",
                "label::en": "Site",
                "read_only": "yes",
                "default": "North clinic",
            },
            {"type": "integer", "name": "adults", "label::en": "Adults?"},
            {"type": "integer", "name": "seats", "label::en": "Seats", "calculation": "${adults} * 2"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Two"},
            {"type": "note", "name": "total", "label::en": "Seats so far:", "calculation": "${seats}"},
            {
                "type": "text",
                "name": "code",
                "label::en": "Code",
                "default": "A1",
                "read_only": "${adults} > 3",
            },
            {"type": "end group"},
        ],
        settings={"form_id": "read_only"},
        name=name,
    )


@pytest.fixture
def read_only_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, read_only_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_a_read_only_question_is_text_and_a_posted_value_is_ignored(app, db, read_only_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert 'name="q_site"' not in page
    assert (
        '<p class="read-only" id="q_site" aria-labelledby="q_site-label" data-shows="site">North clinic</p>'
    ) in page
    assert 'name="q_seats"' not in page  # recomputed: never typed
    page = person.post({"site": "Elsewhere", "adults": "5", "seats": "99"}).get_data(as_text=True)
    assert 'data-shows="total">10</p>' in page  # the note shows the computed seats
    assert 'name="q_code"' not in page  # read-only where adults > 3
    assert "A1" in page
    person.post({"code": "Z9"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"site": "North clinic", "adults": "5", "seats": "10", "total": "10", "code": "A1"}


def test_a_read_only_condition_that_does_not_hold_leaves_the_question_open(app, db, read_only_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post({"adults": "2"}).get_data(as_text=True)
    assert 'name="q_code" value="A1"' in page
    person.post({"code": "B2"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"site": "North clinic", "adults": "2", "seats": "4", "total": "4", "code": "B2"}


def test_read_only_and_calculations_round_trip(xlsform, tmp_path):
    parsed = read_xlsform(read_only_form(xlsform))
    assert parsed.warnings == []
    questions = {q["name"]: q for p in parsed.definition["pages"] for q in p["questions"]}
    assert questions["site"]["read_only"] is True
    assert questions["code"]["read_only"] == "${adults} > 3"
    assert questions["seats"]["calculation"] == "${adults} * 2"
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "read_only"))
    assert parse_xlsform(again) == parsed.definition
