"""The settings' instance_name: checked on import at its cell, computed by the server from the
answers at each draft save and on completion, kept on the response and exported as instance_name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response, Survey
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, read_xlsform, to_xlsx

from .respondent import Respondent

NAMED = "concat(${village}, '-', ${size})"


def named_form(xlsform, instance_name=NAMED):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "Where"},
            {"type": "text", "name": "village", "label::en": "Village?", "required": "yes"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Who"},
            {"type": "integer", "name": "size", "label::en": "Household size?"},
            {"type": "end group"},
        ],
        settings={"instance_name": instance_name},
    )


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("concat(${village}, ${ghost})", "${ghost} refers to a question that is not in the survey"),
        ("concat(${village}", "cannot be used"),
        ("eval(${village})", "unknown function 'eval'"),
    ],
)
def test_a_broken_instance_name_is_refused_at_its_settings_cell(xlsform, expression, message):
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(named_form(xlsform, expression))
    found = [(p.sheet, p.row, p.column, str(p.message)) for p in refused.value.problems]
    assert any(where[:3] == ("settings", 2, "instance_name") and message in where[3] for where in found), (
        found
    )


def test_an_instance_name_is_no_warning_and_downloads_again(xlsform, tmp_path):
    parsed = read_xlsform(named_form(xlsform))
    assert parsed.warnings == []
    assert parsed.definition["instance_name"] == NAMED
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition


def test_the_server_names_a_response_from_its_answers_and_exports_the_name(app, db, xlsform, channel_for):
    survey = import_survey(db, named_form(xlsform)).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"village": "Lakeside"})
    person.post({"size": "4"})
    draft = db.scalars(select(Response)).one()
    assert draft.instance_name == "Lakeside-4"  # kept up to date while a draft
    person.open("/p/0")
    person.post({"village": "Hilltop"}, action="next")
    db.expire_all()
    assert db.scalars(select(Response)).one().instance_name == "Hilltop-4"
    person.open("/p/1")
    person.post({"size": "5"})
    person.submit()
    db.expire_all()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert response.instance_name == "Hilltop-5"
    table = response_table(db, db.get(Survey, survey.id))
    assert table.header[-1] == "instance_name"
    assert table.rows[0][-1] == "Hilltop-5"


def test_a_survey_without_an_instance_name_has_no_such_column(app, db, small_form):
    survey = import_survey(db, small_form).survey
    db.commit()
    assert "instance_name" not in response_table(db, db.get(Survey, survey.id)).header


def test_metadata_in_the_name_are_what_the_server_records(app, db, xlsform, channel_for):
    """Kobo's usual `concat(${village}, '-', ${today})`: today is the day the response started, in
    TIMEZONE, as the export's `today` column says."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    path = xlsform(
        [
            {"type": "today", "name": "today"},
            {"type": "text", "name": "village", "label::en": "Village?", "required": "yes"},
        ],
        settings={"instance_name": "concat(${village}, '-', ${today})"},
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"village": "Lakeside"})
    person.submit()
    response = db.scalars(select(Response)).one()
    today = datetime.now(ZoneInfo(app.config["TIMEZONE"])).date().isoformat()
    assert response.instance_name == f"Lakeside-{today}"
    table = response_table(db, db.get(Survey, survey.id), timezone=app.config["TIMEZONE"])
    assert table.rows[0][table.header.index("today")] == today
