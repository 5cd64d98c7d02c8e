"""`${name}` in a label or hint shows that answer (escaped), as ODK does; an unanswered one shows
nothing, and a choice shows by its label in the person's language."""

from __future__ import annotations

import pytest

from surveyapp.services.surveys import import_survey

from .respondent import Respondent

# A default piped into a note and a choice label (the offline kiosk's test reads the same form).
DEFAULT_ROWS = [
    {"type": "text", "name": "txt", "label::en": "Enter text", "default": "Amina"},
    {"type": "note", "name": "hello", "label::en": "Hello ${txt}"},
    {"type": "select_one choices", "name": "one", "label::en": "Select one"},
]
DEFAULT_CHOICES = [
    {"list_name": "choices", "name": "one", "label::en": "One"},
    {"list_name": "choices", "name": "two", "label::en": "Two - ${txt}"},
]
# Answers piped into a required and a constraint message (the kiosk's test reads the same form).
MESSAGE_ROWS = [
    {"type": "integer", "name": "foo", "label::en": "Foo"},
    {"type": "select_one fruit", "name": "fruit", "label::en": "Fruit"},
    {
        "type": "text",
        "name": "text",
        "label::en": "Text",
        "required": "true()",
        "required_message::en": "required, ${foo}",
    },
    {
        "type": "text",
        "name": "text2",
        "label::en": "Text 2",
        "constraint": "string-length(.) > 1",
        "constraint_message::en": "too short for ${fruit} <b>",
    },
]
MESSAGE_CHOICES = [{"list_name": "fruit", "name": "fig", "label::en": "Fig"}]


def piping_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "You"},
            {"type": "text", "name": "first_name", "label::en": "Your first name?"},
            {
                "type": "select_one place",
                "name": "place",
                "label::en": "Where do you live?",
                "label::es": "¿Dónde vive?",
            },
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "About ${first_name}"},
            {
                "type": "text",
                "name": "hardest",
                "label::en": "${first_name}, what is hardest?",
                "label::es": "${first_name}, ¿qué es lo más difícil?",
                "hint::en": "Living in ${place}",
                "hint::es": "Vive en ${place}",
            },
            {"type": "end group"},
        ],
        [{"list_name": "place", "name": "north", "label::en": "North side", "label::es": "Lado norte"}],
    )


@pytest.fixture
def piping_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, piping_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


@pytest.mark.parametrize(("lang", "place"), [("en", "North side"), ("es", "Lado norte")])
def test_labels_and_hints_show_the_answers(app, piping_survey, lang, place):
    person = Respondent(app.test_client())
    person.open(f"/p/0?lang={lang}")
    text = person.post({"first_name": "Ana", "place": "north"}).get_data(as_text=True)
    assert 'About <span data-pipe="first_name">Ana</span>' in text
    assert '<span data-pipe="first_name">Ana</span>, ' in text
    assert f'<span data-pipe="place">{place}</span>' in text
    assert "${" not in text


def test_an_answer_shown_in_a_label_is_escaped_and_an_empty_one_shows_nothing(app, piping_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    text = person.post({"first_name": "<b>Ana</b>"}).get_data(as_text=True)
    assert '<span data-pipe="first_name">&lt;b&gt;Ana&lt;/b&gt;</span>' in text
    assert "<b>Ana</b>" not in text
    assert '<span data-pipe="place"></span>' in text
    # The next person sees their own answer, not the last one's (the page is not cached with it).
    other = Respondent(app.test_client())
    other.open("/p/0")
    text = other.post({"first_name": "Li"}).get_data(as_text=True)
    assert '<span data-pipe="first_name">Li</span>' in text
    assert "Ana" not in text


def test_a_default_is_piped_on_the_first_page_before_any_save(app, db, xlsform, channel_for):
    """pyxform's test_secondary_instance_translations: `Two - ${txt}` with txt's default shows it from
    the start, as ODK pipes the values a form loads with."""
    path = xlsform(DEFAULT_ROWS, DEFAULT_CHOICES)
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    page = Respondent(app.test_client()).open("/p/0").get_data(as_text=True)
    assert 'Hello <span data-pipe="txt">Amina</span>' in page
    assert 'Two - <span data-pipe="txt">Amina</span>' in page


def test_required_and_constraint_messages_pipe_the_answers(app, db, xlsform, channel_for):
    """pyxform's test_bind_conversions: `required, ${foo}` and `too short ${foo}` show foo's answer,
    as ODK pipes a message as it pipes a label; a choice shows its label."""
    path = xlsform(MESSAGE_ROWS, MESSAGE_CHOICES)
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post({"foo": "7", "fruit": "fig", "text": "", "text2": "x"})
    assert page.status_code == 422
    text = person.text()
    assert "required, 7" in text
    assert "too short for Fig &lt;b&gt;" in text
    assert "${" not in text
