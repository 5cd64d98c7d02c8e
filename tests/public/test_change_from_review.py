"""A "Change" link on the review page: after the change, Next goes back to the review instead of
walking every later page again, unless the change made a page apply that the review did not list, or
made a required answer necessary."""

from __future__ import annotations

import pytest

from surveyapp.services.surveys import import_survey

from .respondent import Respondent


@pytest.fixture
def family_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    path = xlsform(
        [
            {"type": "begin group", "name": "home", "label::en": "Home"},
            {
                "type": "select_one yn",
                "name": "kids",
                "label::en": "Do you have children?",
                "required": "yes",
            },
            {"type": "end group", "name": "home"},
            {"type": "begin group", "name": "care", "label::en": "Childcare", "relevant": "${kids} = 'yes'"},
            {"type": "text", "name": "care_need", "label::en": "What childcare do you need?"},
            {"type": "end group", "name": "care"},
            {"type": "begin group", "name": "work", "label::en": "Work"},
            {"type": "text", "name": "job", "label::en": "What job do you want?", "required": "yes"},
            {"type": "select_one yn", "name": "night", "label::en": "Can you work at night?"},
            {"type": "end group", "name": "work"},
            {
                "type": "begin group",
                "name": "night_page",
                "label::en": "Nights",
                "relevant": "${night} = 'yes'",
            },
            {"type": "text", "name": "night_hours", "label::en": "Which hours?", "required": "yes"},
            {"type": "end group", "name": "night_page"},
        ],
        [
            {"list_name": "yn", "name": "yes", "label::en": "Yes"},
            {"list_name": "yn", "name": "no", "label::en": "No"},
        ],
    )
    survey = import_survey(db, path).survey
    db.commit()
    return channel_for(survey.id)


def to_review(person: Respondent) -> None:
    person.open()
    person.post({"kids": "no"})
    person.post({"job": "Nurse", "night": "no"})
    assert "/review" in person.page.request.path


def test_next_after_a_change_returns_to_the_review(client, family_survey):
    person = Respondent(client)
    to_review(person)
    person.open("/p/0")
    person.post({"kids": "no"})
    assert "/review" in person.page.request.path  # not through the work page again


def test_a_page_the_change_makes_apply_is_asked_then_the_review(client, family_survey):
    person = Respondent(client)
    to_review(person)
    person.open("/p/0")
    person.post({"kids": "yes"})
    assert "What childcare do you need?" in person.text()  # not on the review before
    person.post({"care_need": "After school"})
    assert "/review" in person.page.request.path
    assert "After school" in person.text()


def test_a_required_answer_the_change_makes_necessary_is_asked(client, family_survey):
    person = Respondent(client)
    to_review(person)
    person.open("/p/2")
    person.post({"job": "Nurse", "night": "yes"})
    assert "Which hours?" in person.text()
    person.post({"night_hours": "22-06"})
    assert "/review" in person.page.request.path


def test_before_the_review_next_walks_the_pages_in_order(client, family_survey):
    person = Respondent(client)
    person.open()
    person.post({"kids": "yes"})
    assert "What childcare do you need?" in person.text()
    person.post({})
    assert "What job do you want?" in person.text()


def test_the_next_person_on_the_same_browser_walks_every_page(client, family_survey):
    """What one response reviewed is not the next one's: after a submit, the link again starts a
    response that walks the pages in order (not past the optional page the first person saw)."""
    person = Respondent(client)
    person.open()
    person.post({"kids": "yes"})
    person.post({"care_need": "After school"})
    person.post({"job": "Nurse", "night": "no"})
    assert "/review" in person.page.request.path
    person.submit()
    person.open()
    person.post({"kids": "yes"})
    assert "What childcare do you need?" in person.text()
