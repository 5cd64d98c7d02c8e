"""Every rule of a request is evaluated with one context: today() in the partners' time zone
(TIMEZONE), not the server's, and the survey's choice labels in the person's language
(jr:choice-name)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from .respondent import Respondent


def context_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "date",
                "name": "visit",
                "label::en": "Date of the visit",
                "constraint": ". <= today()",
                "constraint_message::en": "Not in the future",
            },
            {"type": "select_one place", "name": "place", "label::en": "Where?", "label::es": "¿Dónde?"},
            {
                "type": "calculate",
                "name": "place_label",
                "calculation": "jr:choice-name(${place}, '${place}')",
            },
        ],
        [{"list_name": "place", "name": "north", "label::en": "North side", "label::es": "Lado norte"}],
    )


@pytest.fixture
def context_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, context_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


# Noon in UTC on 1 December: already 2 December at UTC+14, still 1 December at UTC-11.
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("timezone", "accepted"), [("Pacific/Kiritimati", True), ("Pacific/Pago_Pago", False)]
)
def test_today_is_the_partners_day(app, context_survey, monkeypatch, timezone, accepted):
    monkeypatch.setitem(app.config, "TIMEZONE", timezone)
    with time_machine.travel(NOON, tick=False):
        person = Respondent(app.test_client())
        person.open("/p/0")
        page = person.post({"visit": "2026-12-02", "place": "north"})
    assert ("Not in the future" not in page.get_data(as_text=True)) is accepted


def test_jr_choice_name_gives_the_label_in_the_persons_language(app, db, context_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=es")
    person.post({"visit": "2020-01-01", "place": "north"})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map()["place_label"] == "Lado norte"
