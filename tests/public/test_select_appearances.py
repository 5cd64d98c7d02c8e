"""The appearances of selects as ODK lays them out, on the server's pages without JavaScript: `minimal` a
dropdown, `horizontal`/`horizontal-compact`/`columns-N` in rows, `likert` a scale, `label` and
`list-nolabel` ODK's grid (each input keeping its label as its accessible name), `quick`, `autocomplete`
and `search` accepted with a reason (xlsform_support.APPEARANCES); and `or_other`, which pyxform turns
into an `other` choice and a `${q}_other` text question asked where `other` is chosen."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import read_xlsform

from .respondent import Respondent

AGREE = ("disagree", "neutral", "agree")


def appearance_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "looks"},
            {"type": "select_one county", "name": "dropdown", "label::en": "County", "appearance": "minimal"},
            {
                "type": "select_multiple fruit",
                "name": "several",
                "label::en": "Fruit",
                "appearance": "minimal",
            },
            {"type": "select_one agree", "name": "scale", "label::en": "I feel safe", "appearance": "likert"},
            {
                "type": "select_one agree",
                "name": "row",
                "label::en": "In a row",
                "appearance": "horizontal-compact",
            },
            {
                "type": "select_multiple fruit",
                "name": "cols",
                "label::en": "In columns",
                "appearance": "columns-3",
            },
            {"type": "select_one county", "name": "tap", "label::en": "Quick", "appearance": "quick"},
            {"type": "select_one county", "name": "find", "label::en": "Find", "appearance": "autocomplete"},
            {"type": "select_one county", "name": "look", "label::en": "Look up", "appearance": "search"},
            {"type": "end group", "name": "looks"},
            {"type": "begin group", "name": "grid", "appearance": "field-list"},
            {
                "type": "select_one agree",
                "name": "grid_head",
                "label::en": "Statements",
                "appearance": "label",
            },
            {
                "type": "select_one agree",
                "name": "bus",
                "label::en": "The bus is on time",
                "appearance": "list-nolabel",
            },
            {
                "type": "select_one agree",
                "name": "fare",
                "label::en": "The fare is fair",
                "appearance": "list-nolabel",
            },
            {"type": "end group", "name": "grid"},
            {"type": "select_one county or_other", "name": "home", "label::en": "Home county"},
        ],
        [
            {"list_name": "county", "name": "north", "label::en": "North"},
            {"list_name": "county", "name": "south", "label::en": "South"},
            *({"list_name": "fruit", "name": n, "label::en": n.title()} for n in ("apple", "fig", "kiwi")),
            *({"list_name": "agree", "name": n, "label::en": n.title()} for n in AGREE),
        ],
    )


@pytest.fixture
def looks(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, appearance_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def box(html: str, name: str) -> str:
    match = re.search(rf'<div class="q" id="q_{name}-box">(.*?)</fieldset>', html, re.S)
    assert match, name
    return match[1]


def test_the_select_appearances_are_honoured_without_warnings(xlsform):
    parsed = read_xlsform(appearance_form(xlsform))
    assert parsed.warnings == []
    questions = {q["name"]: q for p in parsed.definition["pages"] for q in p["questions"]}
    assert questions["bus"]["appearance"] == "list-nolabel"
    assert questions["home_other"]["relevant"] == "selected(../home, 'other')"
    assert [c["name"] for c in parsed.definition["choices"]["county"]][-1] == "other"


def test_each_appearance_lays_out_its_choices(app, looks):
    person = Respondent(app.test_client())
    html = person.open().get_data(as_text=True)
    assert "choices.css" in html
    dropdown = box(html, "dropdown")
    assert '<select id="q_dropdown" name="q_dropdown" aria-labelledby="q_dropdown-legend">' in dropdown
    assert '<option value="">Choose one</option>' in dropdown
    assert '<legend id="q_dropdown-legend">County' in dropdown
    assert 'name="q_several" aria-labelledby="q_several-legend" multiple>' in box(html, "several")
    assert '<fieldset class="choices-likert">' in html
    assert '<fieldset class="choices-row compact">' in html
    assert '<fieldset class="choices-columns columns-3">' in html
    for name in ("tap", "find", "look"):  # all choices shown, as radios (`other`: or_other's, as
        # pyxform adds it to the list, which these questions share)
        assert re.findall(rf'name="q_{name}" value="(\w+)"', html) == ["north", "south", "other"]


def test_a_grid_shows_the_labels_once_and_names_every_input(app, looks):
    person = Respondent(app.test_client())
    person.open()
    html = person.post({"dropdown": "north"}).get_data(as_text=True)
    head = box(html, "grid_head")
    assert 'q_grid_head"' not in head.split("</legend>", 1)[1]  # a row of labels, no inputs
    assert re.findall(r'<span class="choice-head">(\w+)</span>', head) == [a.title() for a in AGREE]
    for name in ("bus", "fare"):
        row = box(html, name)
        # each input's label is its accessible name, hidden from sight under the grid's labels
        assert re.findall(
            rf'<label class="choice"><input type="radio" name="q_{name}" value="(\w+)"> '
            r'<span class="visually-hidden">(\w+)</span></label>',
            row,
        ) == [(a, a.title()) for a in AGREE]


def test_answers_given_through_every_layout_are_stored(app, db, looks):
    person = Respondent(app.test_client())
    person.open()
    person.post(
        {
            "dropdown": "south",
            "several": ["kiwi", "apple"],
            "scale": "agree",
            "row": "neutral",
            "cols": ["fig"],
            "tap": "north",
            "find": "south",
        }
    )
    person.post({"bus": "disagree", "fare": "agree"})
    refused = person.post({"home": "north", "home_other": "Far away"})
    assert refused.status_code == 422
    assert "This is asked only if you choose “Other” above." in refused.get_data(as_text=True)
    person.post({"home": "other", "home_other": "Far away"})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map() == {
        "dropdown": "south",
        "several": "apple kiwi",
        "scale": "agree",
        "row": "neutral",
        "cols": "fig",
        "tap": "north",
        "find": "south",
        "bus": "disagree",
        "fare": "agree",
        "home": "other",
        "home_other": "Far away",
    }


def test_a_dropdown_refuses_what_is_not_in_its_list(app, looks):
    person = Respondent(app.test_client())
    person.open()
    page = person.post({"dropdown": "east"})
    assert page.status_code == 422
    assert "Please choose from the options in the list." in page.get_data(as_text=True)
