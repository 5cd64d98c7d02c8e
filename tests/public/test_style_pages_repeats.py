"""A `style pages` form with a repeat and a group nested in a field-list group, walked without
JavaScript: each question of the repeat is a page of its own in every instance, as Enketo's pages
theme asks them, and the nested group is on the field-list group's page, its condition governing
its questions (services/xlsform_paging.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from .respondent import Respondent

SURVEY = [
    {"type": "begin repeat", "name": "kid", "label::en": "Child", "repeat_count": "2"},
    {"type": "text", "name": "kname", "label::en": "Child's name", "required": "yes"},
    {"type": "integer", "name": "kage", "label::en": "Age of ${kname}"},
    {"type": "select_one yn", "name": "school", "label::en": "At school?"},
    {"type": "end repeat"},
    {"type": "begin group", "name": "home", "label::en": "Home", "appearance": "field-list"},
    {"type": "text", "name": "town", "label::en": "Town"},
    {"type": "begin group", "name": "address", "label::en": "Address", "relevant": "${town} != 'none'"},
    {"type": "text", "name": "street", "label::en": "Street"},
    {"type": "end group"},
    {"type": "end group"},
]
CHOICES = [
    {"list_name": "yn", "name": "yes", "label::en": "Yes"},
    {"list_name": "yn", "name": "no", "label::en": "No"},
]
KIDS = [("Ama", "7", "yes"), ("Kofi", "3", "no")]


def repeat_pages_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(SURVEY, choices=CHOICES, settings={"style": "pages"})


@pytest.fixture
def paged_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, repeat_pages_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def _inputs(html: str) -> set[str]:
    return set(re.findall(r'name="q_([^"]+)"', html))


def test_each_question_of_each_instance_is_a_page_and_the_nested_group_is_on_its_page(app, db, paged_survey):
    person = Respondent(app.test_client())
    html = person.open("/p/0?lang=en").get_data(as_text=True)
    seen = []
    for number, (name, age, school) in enumerate(KIDS, start=1):
        for key, value in (("kname", name), ("kage", age), ("school", school)):
            assert f"Page {len(seen) + 1} of 7" in html
            assert f"Child {number}" in html
            assert _inputs(html) == {f"kid[{number}]/{key}"}
            seen.append(key)
            html = person.post({f"kid[{number}]/{key}": value}).get_data(as_text=True)
    assert "Page 7 of 7" in html
    assert _inputs(html) == {"town", "street"}  # the group within the field-list group, on its page
    assert '<h2 class="group-label">Address</h2>' in html  # its label over its questions, as in Enketo
    person.post({"town": "Kumasi", "street": "Main"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {
        **{
            f"kid[{n}]/{k}": v
            for n, kid in enumerate(KIDS, 1)
            for k, v in zip(("kname", "kage", "school"), kid)
        },
        "town": "Kumasi",
        "street": "Main",
    }


def test_a_label_reads_its_own_instance_on_its_page(app, paged_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=en")
    first = person.post({"kid[1]/kname": "Ama"}).get_data(as_text=True)
    assert 'Age of <span data-pipe="kid[1]/kname">Ama</span>' in first
    person.post({"kid[1]/kage": "7"})
    person.post({"kid[1]/school": "yes"})
    second = person.post({"kid[2]/kname": "Kofi"}).get_data(as_text=True)
    assert 'Age of <span data-pipe="kid[2]/kname">Kofi</span>' in second


def test_the_nested_groups_condition_governs_its_questions(app, db, paged_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=en")
    for number, kid in enumerate(KIDS, start=1):
        for key, value in zip(("kname", "kage", "school"), kid):
            person.post({f"kid[{number}]/{key}": value})
    refused = person.post({"town": "none", "street": "Main"})
    assert refused.status_code == 422  # its group does not apply: as for a question's own relevant
    assert 'id="q_street-error"' in refused.get_data(as_text=True)
    person.post({"town": "none", "street": ""})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["town"] == "none"
    assert "street" not in answers
