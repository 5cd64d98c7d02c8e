"""A `style pages` form with a loop inside a field-list group, walked without JavaScript: the loop's
groups (one a choice) are on the field-list group's page, as Enketo shows them and as ODK Collect
shows groups nested in a field-list group, each choice's label over its first question, the loop's
`relevant` and that of a group within each choice governing their questions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import read_xlsform

from .respondent import Respondent
from .test_loops import VEHICLES

SURVEY = [
    {"type": "text", "name": "name", "label::en": "Your name", "label::es": "Su nombre"},
    {
        "type": "begin group",
        "name": "w",
        "label::en": "Fleet",
        "label::es": "Flota",
        "appearance": "field-list",
    },
    {"type": "text", "name": "who", "label::en": "Who answers?", "label::es": "¿Quién?"},
    {
        "type": "begin loop over vehicles",
        "name": "fleet",
        "label::en": "Vehicles",
        "label::es": "Vehículos",
        "relevant": "${who} != 'nobody'",
    },
    {
        "type": "integer",
        "name": "total",
        "label::en": "How many of type %(label)s?",
        "label::es": "¿Cuántos de tipo %(label)s?",
    },
    {
        "type": "integer",
        "name": "working",
        "label::en": "How many %(name)s work?",
        "label::es": "¿Cuántos %(name)s funcionan?",
        "constraint": ". <= ../total",
        "constraint_message": "No more than you have",
    },
    {
        "type": "begin group",
        "name": "idle",
        "label::en": "Idle",
        "label::es": "Parados",
        "relevant": "../total > ../working",
    },
    {"type": "text", "name": "why", "label::en": "Why do some not work?", "label::es": "¿Por qué no?"},
    {"type": "end group", "name": ""},
    {"type": "end loop", "name": ""},
    {"type": "end group", "name": ""},
    {"type": "text", "name": "after", "label::en": "Anything else?", "label::es": "¿Algo más?"},
]
# What both walks store: the car's idle group applies (2 > 1), the bike's does not (3 = 3).
ANSWERS = {
    "name": "Ana",
    "who": "Ana",
    "w/fleet/car/total": "2",
    "w/fleet/car/working": "1",
    "w/fleet/car/idle/why": "flat tyre",
    "w/fleet/bike/total": "3",
    "w/fleet/bike/working": "3",
    "after": "no",
}
PAGE_OF_THE_GROUP = {k: v for k, v in ANSWERS.items() if k not in ("name", "after")}
ON_THE_PAGE = [*list(PAGE_OF_THE_GROUP), "w/fleet/bike/idle/why"]


def loop_pages_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        SURVEY, VEHICLES, settings={"form_id": "loop_pages", "style": "pages"}, name="loop_pages.xlsx"
    )


@pytest.fixture
def loop_pages_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, loop_pages_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def _inputs(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="q_([^"]+)"', html)))


def test_the_loop_is_one_page_with_its_field_list_group(xlsform):
    parsed = read_xlsform(loop_pages_form(xlsform))
    pages = parsed.definition["pages"]
    assert [(p["name"], len(p["questions"])) for p in pages] == [("_name", 1), ("w", 7), ("_after", 1)]
    assert [g["name"] for g in pages[1]["groups"]] == ["fleet", "car", "idle", "bike", "idle"]
    assert not [w for w in parsed.warnings if w.column == "style"]  # nothing is changed: no warning


def test_a_loop_in_a_field_list_group_walked_without_javascript(app, db, loop_pages_survey):
    person = Respondent(app.test_client())
    html = person.open("/p/0?lang=en").get_data(as_text=True)
    assert "Page 1 of 3" in html
    html = person.post({"name": "Ana"}).get_data(as_text=True)
    assert "Page 2 of 3" in html
    assert _inputs(html) == ON_THE_PAGE  # the loop's groups, on the group's page
    # Each choice's label over its first question (the loop's over the first choice's), as in Enketo.
    assert '<h2 class="group-label">Vehicles › Car</h2>' in html
    assert '<h2 class="group-label">Bike</h2>' in html
    assert "How many of type Bike?" in html
    refused = person.post({**PAGE_OF_THE_GROUP, "w/fleet/car/working": "3"})
    assert refused.status_code == 422  # ../total is the car's own
    assert "No more than you have" in refused.get_data(as_text=True)
    refused = person.post({**PAGE_OF_THE_GROUP, "w/fleet/bike/idle/why": "no fuel"})
    assert refused.status_code == 422  # the bike's idle group does not apply (3 = 3)
    assert 'id="q_w/fleet/bike/idle/why-error"' in refused.get_data(as_text=True)
    html = person.post(PAGE_OF_THE_GROUP).get_data(as_text=True)
    assert "Page 3 of 3" in html
    person.post({"after": "no"})
    assert person.submit().status_code == 200
    assert db.scalars(select(Response)).one().answer_map() == ANSWERS


def test_the_loops_relevant_governs_its_questions_on_the_page(app, db, loop_pages_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=en")
    person.post({"name": "Ana"})
    refused = person.post({"who": "nobody", "w/fleet/car/total": "1"})
    assert refused.status_code == 422  # the loop does not apply: its questions take no answer
    html = person.post({"who": "nobody"}).get_data(as_text=True)
    assert "Page 3 of 3" in html
    person.post({"after": ""})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map() == {"name": "Ana", "who": "nobody"}
