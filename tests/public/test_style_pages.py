"""A form with `style pages` walked without JavaScript: one question a page outside field-list
groups, a field-list group on one page, a page skipped where its lone question's `relevant` does
not hold, and the progress counts those pages (services/xlsform_paging.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from .respondent import Respondent

SURVEY = [
    {"type": "text", "name": "name", "label::en": "Your name"},
    {"type": "select_one yn", "name": "kids", "label::en": "Any children?"},
    {"type": "integer", "name": "count", "label::en": "How many?", "relevant": "${kids} = 'yes'"},
    {"type": "begin group", "name": "home", "label::en": "Home", "appearance": "field-list"},
    {"type": "text", "name": "town", "label::en": "Town"},
    {"type": "text", "name": "street", "label::en": "Street"},
    {"type": "end group"},
]
CHOICES = [
    {"list_name": "yn", "name": "yes", "label::en": "Yes"},
    {"list_name": "yn", "name": "no", "label::en": "No"},
]


def style_pages_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(SURVEY, choices=CHOICES, settings={"style": "pages"})


@pytest.fixture
def paged_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, style_pages_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_each_question_is_a_page_and_a_skipped_one_is_no_page(app, db, paged_survey):
    person = Respondent(app.test_client())
    first = person.open("/p/0?lang=en").get_data(as_text=True)
    assert "Page 1 of 4" in first
    assert 'name="q_name"' in first
    assert 'name="q_kids"' not in first
    second = person.post({"name": "Ama"}).get_data(as_text=True)
    assert 'name="q_kids"' in second
    assert 'name="q_count"' not in second
    home = person.post({"kids": "no"}).get_data(as_text=True)  # How many? is skipped
    assert "Page 3 of 3" in home
    assert 'name="q_town"' in home
    assert 'name="q_street"' in home
    person.post({"town": "Kumasi", "street": "Main"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"name": "Ama", "kids": "no", "town": "Kumasi", "street": "Main"}


def test_the_lone_question_is_asked_where_it_applies(app, paged_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=en")
    person.post({"name": "Kofi"})
    page = person.post({"kids": "yes"}).get_data(as_text=True)
    assert 'name="q_count"' in page
    assert "Page 3 of 4" in page
