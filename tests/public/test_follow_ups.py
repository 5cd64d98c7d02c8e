"""A follow-up question ("What else makes it hard?", asked when "Other" is ticked) without JavaScript:
shown under its question, hidden by the stylesheet until the choice is picked, and, if answered
without the choice, refused with a message that says which choice to pick."""

from __future__ import annotations

import pytest

from surveyapp.services.xlsform import parse_xlsform
from surveyapp.survey.definition import FormDefinition
from surveyapp.survey.follow_ups import follow_ups

from .respondent import Respondent


def to_barriers(person: Respondent) -> None:
    person.post({"consent": "OK"})
    person.post({"goal_type": "training"})


def test_the_follow_up_is_marked_for_the_stylesheet(client, demo):
    person = Respondent(client, "demo")
    person.open("?lang=es")
    to_barriers(person)
    html = person.text()
    assert 'value="other" class="controls-next">' in html
    assert '<div class="q follow-up" id="q_barriers_other-box">' in html


def test_typing_in_the_follow_up_without_its_choice_says_what_to_do(client, demo):
    person = Respondent(client, "demo")
    person.open("?lang=en")
    to_barriers(person)
    answer = person.post({"barriers": ["transportation"], "barriers_other": "The forms"})
    assert answer.status_code == 422
    html = person.text()
    assert "This is asked only if you choose “Other” above." in html
    assert "doesn't match your other answers" not in html
    assert 'value="The forms"' in html  # kept on the page
    moved = person.post({"barriers": ["transportation", "other"], "barriers_other": "The forms"})
    assert moved.status_code == 200
    assert "In your own words" in person.text()


@pytest.mark.parametrize(
    ("relevant", "expected"),
    [
        ("selected(${a}, 'x')", ("a", "x")),
        ("${a} = 'x'", ("a", "x")),
        ('${a}="x"', ("a", "x")),
        ("selected(../a, 'x')", ("a", "x")),  # as pyxform writes or_other's question
        ("selected(${a}, 'x') and ${b} > 2", None),
        ("${other} = 'x'", None),
        ("${a} = 'nope'", None),
    ],
)
def test_which_questions_are_follow_ups(relevant, expected):
    choices = [{"name": "x", "label": {"en": "X"}}]
    form = FormDefinition.from_json(
        {
            "version": "1",
            "source_language": "en",
            "languages": ["en"],
            "title": {"en": "T"},
            "choices": {"l": choices},
            "pages": [
                {
                    "name": "p",
                    "label": {},
                    "relevant": None,
                    "questions": [
                        {"name": "other", "type": "text", "label": {"en": "O"}},
                        {"name": "a", "type": "select_multiple", "list_name": "l", "label": {"en": "A"}},
                        {"name": "b", "type": "text", "label": {"en": "B"}, "relevant": relevant},
                    ],
                }
            ],
        }
    )
    found = follow_ups(form.pages[0])
    if expected is None:
        assert "b" not in found
    else:
        assert (found["b"].question.name, found["b"].choice) == expected


def test_the_demo_marks_its_other_question():
    form = FormDefinition.from_json(parse_xlsform("surveyapp/demo/barriers.xlsx"))
    page = next(p for p in form.pages if p.name == "barriers_page")
    assert follow_ups(page)["barriers_other"].choice == "other"
