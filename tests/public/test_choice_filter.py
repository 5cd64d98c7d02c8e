"""Cascading selects (XLSForm's `choice_filter`) and `randomize`/`seed` on the server's pages, without
JavaScript: a filter that reads earlier pages' answers shows only the choices it keeps; one that reads its
own page shows all and the save refuses a choice it leaves out; a stored answer an earlier change ruled
out is an error on its page, never silently kept."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent

NOT_KEPT = "This choice does not fit your other answers."


def cascade_form(xlsform, city_filter: str = "county=${county}"):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "where"},
            {"type": "select_one county", "name": "county", "label::en": "County"},
            {"type": "end group", "name": "where"},
            {"type": "begin group", "name": "town"},
            {"type": "select_one city", "name": "city", "label::en": "City", "choice_filter": city_filter},
            {"type": "select_multiple fruit", "name": "likes", "label::en": "Fruit you like"},
            {
                "type": "select_one fruit",
                "name": "best",
                "label::en": "Best of them",
                "choice_filter": "selected(${likes}, name)",
            },
            {
                "type": "select_one fruit",
                "name": "shuffled",
                "label::en": "Any fruit",
                "parameters": "randomize=true seed=7",
            },
            {
                "type": "select_one fruit",
                "name": "own",
                "label::en": "Any fruit again",
                "parameters": "randomize=true",
            },
            {"type": "end group", "name": "town"},
        ],
        [
            {"list_name": "county", "name": "north", "label::en": "North"},
            {"list_name": "county", "name": "south", "label::en": "South"},
            {"list_name": "city", "name": "alder", "label::en": "Alder", "county": "north"},
            {"list_name": "city", "name": "birch", "label::en": "Birch", "county": "north"},
            {"list_name": "city", "name": "cedar", "label::en": "Cedar", "county": "south"},
            *(
                {"list_name": "fruit", "name": n, "label::en": n.title()}
                for n in ("apple", "banana", "cherry", "date", "elder", "fig")
            ),
        ],
    )


@pytest.fixture
def cascade(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, cascade_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def shown_choices(page_text: str, field: str) -> list[str]:
    return re.findall(rf'name="q_{field}" value="([^"]+)"', page_text)


def test_the_filter_and_the_choice_columns_are_kept_and_round_trip(xlsform, tmp_path):
    parsed = read_xlsform(cascade_form(xlsform))
    assert not [w for w in parsed.warnings if w.column in ("choice_filter", "county", "parameters")]
    questions = {q["name"]: q for p in parsed.definition["pages"] for q in p["questions"]}
    assert questions["city"]["choice_filter"] == "county=${county}"
    assert questions["shuffled"]["randomize"] is True
    assert questions["shuffled"]["seed"] == "7"
    assert parsed.definition["choices"]["city"][2]["columns"] == {"county": "south"}
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert parse_xlsform(again) == parsed.definition


@pytest.mark.parametrize(
    ("city_filter", "message"),
    [
        ("district=${county}", "reads the column district, which the choices sheet does not have"),
        ("county=${nowhere}", "nowhere"),
        ("county=", "cannot be used"),
    ],
)
def test_a_filter_that_cannot_work_is_refused_where_it_is_written(xlsform, city_filter, message):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(cascade_form(xlsform, city_filter))
    found = [p for p in caught.value.problems if message in str(p.message)]
    assert found
    assert found[0].sheet == "survey"
    assert found[0].row == 6
    assert found[0].column == "choice_filter"


def test_an_earlier_pages_answer_filters_the_choices_shown(app, db, cascade):
    person = Respondent(app.test_client())
    person.open()
    page = person.post({"county": "north"})
    assert shown_choices(page.get_data(as_text=True), "city") == ["alder", "birch"]
    # all fruit: `best` depends on `likes`, answered on the same page
    assert len(shown_choices(page.get_data(as_text=True), "best")) == 6
    refused = person.post({"city": "cedar"})
    assert refused.status_code == 422
    assert NOT_KEPT in refused.get_data(as_text=True)
    person.post({"city": "birch", "likes": ["apple", "fig"], "best": "fig"})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map() == {
        "county": "north",
        "city": "birch",
        "likes": "apple fig",
        "best": "fig",
    }


def test_a_filter_on_the_same_page_refuses_at_save(app, cascade):
    person = Respondent(app.test_client())
    person.open()
    person.post({"county": "south"})
    page = person.post({"city": "cedar", "likes": ["apple"], "best": "banana"})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert NOT_KEPT in text
    assert 'value="banana" checked' in text


def test_an_answer_ruled_out_by_a_change_is_an_error_on_its_page(app, db, cascade):
    person = Respondent(app.test_client())
    person.open()
    person.post({"county": "north"})
    person.post({"city": "alder"})
    person.open("/p/0")
    person.post({"county": "south"})
    text = person.text()
    assert NOT_KEPT in text  # shown at once, the stored choice still there to be seen
    assert shown_choices(text, "city") == ["alder", "cedar"]
    assert 'value="alder" checked' in text
    person.open("/review")
    sent = person.submit()
    assert sent.status_code == 422
    assert NOT_KEPT in sent.get_data(as_text=True)
    assert db.scalars(select(Response)).one().status != "complete"
    person.post({"city": "cedar"})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map()["city"] == "cedar"


def test_randomized_choices_keep_one_order_per_response(app, cascade):
    person = Respondent(app.test_client())
    person.open()
    first = person.post({"county": "north"}).get_data(as_text=True)
    # seed=7 gives ODK's order (javarosa's and Enketo's randomize() with Park-Miller)
    assert shown_choices(first, "shuffled") == SEVEN
    own = shown_choices(first, "own")
    assert sorted(own) == sorted(SEVEN)
    again = person.open("/p/1").get_data(as_text=True)
    assert shown_choices(again, "own") == own
    assert shown_choices(again, "shuffled") == SEVEN


SEVEN = ["date", "banana", "apple", "fig", "cherry", "elder"]


def test_a_whole_response_from_a_kiosk_is_checked_against_the_filter(app, xlsform):
    """What a tablet sends whole is checked page by page as the server's pages check it."""
    from surveyapp.survey.definition import FormDefinition
    from surveyapp.survey.rules import check_whole

    definition = FormDefinition.from_json(parse_xlsform(cascade_form(xlsform)))
    with app.test_request_context():
        refused = check_whole(definition, {"county": "north", "city": "cedar"}, "en", 1000)
        kept = check_whole(
            definition, {"county": "south", "city": "cedar", "likes": ["fig"], "best": "fig"}, "en", 1000
        )
    assert list(refused.errors) == ["city"]
    assert refused.errors["city"].startswith(NOT_KEPT)
    assert kept.errors == {}
    assert kept.values["best"] == "fig"
