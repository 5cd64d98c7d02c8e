"""`required` as a condition (ODK evaluates it like `relevant`) and `required_message`: required only
where the condition holds, with the author's message in the person's language."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response, SurveyVersion
from surveyapp.services.surveys import import_survey

from .respondent import Respondent

CHOICES = [
    {"list_name": "yn", "name": "yes", "label::en": "Yes"},
    {"list_name": "yn", "name": "no", "label::en": "No"},
]


def required_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "select_one yn",
                "name": "has_car",
                "label::en": "Do you have a car?",
                "required": "yes",
            },
            {
                "type": "text",
                "name": "why_not",
                "label::en": "Why not?",
                "required": "${has_car} = 'no'",
                "required_message::en": "Please tell us why",
                "required_message::es": "Díganos por qué",
            },
        ],
        CHOICES,
    )


@pytest.fixture
def required_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, required_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_required_where_the_condition_holds_with_the_authors_message(app, db, required_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=es")
    page = person.post({"has_car": "no"})
    assert page.status_code == 422
    assert "Díganos por qué" in page.get_data(as_text=True)
    person.post({"has_car": "no", "why_not": "Too expensive"})
    person.submit()

    other = Respondent(app.test_client())
    other.open("/p/0")
    page = other.post({"has_car": "yes"})
    assert "Please tell us why" not in page.get_data(as_text=True)
    other.submit()
    stored = sorted(r.answer_map().get("why_not", "") for r in db.scalars(select(Response)))
    assert stored == ["", "Too expensive"]


def test_a_version_stored_by_an_older_importer_imports_again_unchanged(app, db, xlsform):
    path = required_form(xlsform)
    first = import_survey(db, path)
    db.commit()
    version = db.get(SurveyVersion, first.version.id)
    older = dict(version.definition)
    older.pop("metadata")  # what an importer before metadata stored
    version.definition = older
    db.commit()
    again = import_survey(db, path)
    assert not again.created
    assert again.version.id == first.version.id
