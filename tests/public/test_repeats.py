"""`begin repeat` as ODK runs it, without JavaScript: each instance's pages asked in turn, each
instance's answers under its own key (`member[2]/age`), expressions relative to the instance inside
it and over every instance outside it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent

RELATIONS = [
    {"list_name": "rel", "name": n, "label::en": n.title()} for n in ("self", "spouse", "child", "other")
]


def roster_rows() -> list[dict[str, str]]:
    return [
        {"type": "integer", "name": "hh_size", "label::en": "How many people live here?", "required": "yes"},
        {
            "type": "begin repeat",
            "name": "member",
            "label::en": "Household member",
            "repeat_count": "${hh_size}",
        },
        {"type": "text", "name": "name", "label::en": "Name", "required": "yes"},
        {"type": "integer", "name": "age", "label::en": "Age of ${name}", "constraint": ". < 130"},
        {"type": "select_one rel", "name": "relation", "label::en": "Relation to you"},
        {"type": "calculate", "name": "is_adult", "calculation": "if(${age} >= 18, 1, 0)"},
        {"type": "calculate", "name": "place", "calculation": "position(..)"},
        {
            "type": "calculate",
            "name": "rel_label",
            "calculation": "jr:choice-name(${relation}, '${relation}')",
        },
        {"type": "begin group", "name": "schooling", "label::en": "School", "relevant": "${age} < 18"},
        {
            "type": "text",
            "name": "school",
            "label::en": "Which school does ${name} go to?",
            "required": "yes",
        },
        {"type": "end group", "name": ""},
        {"type": "end repeat", "name": ""},
        {"type": "calculate", "name": "total_age", "calculation": "sum(${age})"},
        {"type": "calculate", "name": "adults", "calculation": "sum(${is_adult})"},
        {"type": "calculate", "name": "second", "calculation": "indexed-repeat(${name}, ${member}, 2)"},
        {"type": "calculate", "name": "members", "calculation": "count(${member})"},
        {"type": "note", "name": "summary", "label::en": "Together you are ${total_age} years old."},
    ]


ROSTER_ANSWERS = {
    "hh_size": "2",
    "member[1]/name": "Ana",
    "member[1]/age": "40",
    "member[1]/relation": "self",
    "member[1]/is_adult": "1",
    "member[1]/place": "1",
    "member[1]/rel_label": "Self",
    "member[2]/name": "Ben",
    "member[2]/age": "10",
    "member[2]/relation": "child",
    "member[2]/is_adult": "0",
    "member[2]/place": "2",
    "member[2]/rel_label": "Child",
    "member[2]/school": "Central",
    "total_age": "50",
    "adults": "1",
    "second": "Ben",
    "members": "2",
}


@pytest.fixture
def roster(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, xlsform(roster_rows(), RELATIONS)).survey
    db.commit()
    channel_for(survey.id)
    return survey


def walk_roster(person: Respondent) -> None:
    """The no-JavaScript walk of the roster to its thank-you page."""
    person.open()
    page = person.post({"hh_size": "2"})
    assert "Household member 1" in page.get_data(as_text=True)
    assert "Page 2 of" in page.get_data(as_text=True)
    page = person.post({"member[1]/name": "Ana", "member[1]/age": "40", "member[1]/relation": "self"})
    text = page.get_data(as_text=True)
    assert "Household member 2" in text  # the school page does not apply to an adult
    assert 'name="q_member[2]/name"' in text
    page = person.post({"member[2]/name": "Ben", "member[2]/age": "10", "member[2]/relation": "child"})
    text = page.get_data(as_text=True)
    # ${name} is this instance's name
    assert 'Which school does <span data-pipe="member[2]/name">Ben</span> go to?' in text
    page = person.post({"member[2]/school": "Central"})
    assert '<span data-pipe="total_age">50</span> years old.' in page.get_data(as_text=True)
    page = person.post({})
    review = page.get_data(as_text=True)
    assert "Household member 1" in review
    assert "Household member 2" in review
    assert "Central" in review
    page = person.submit()
    assert page.status_code == 200


def test_a_roster_walked_without_javascript_keeps_each_instance_apart(app, db, roster):
    person = Respondent(app.test_client())
    walk_roster(person)
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == ROSTER_ANSWERS


def test_rules_apply_per_instance(app, db, roster):
    person = Respondent(app.test_client())
    person.open()
    person.post({"hh_size": "2"})
    page = person.post({"member[1]/name": "", "member[1]/age": "200"})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "This question needs an answer." in text
    assert "This answer is not allowed" in text


def test_a_lower_count_drops_the_instances_beyond_it(app, db, roster):
    person = Respondent(app.test_client())
    person.open()
    person.post({"hh_size": "2"})
    person.post({"member[1]/name": "Ana", "member[1]/age": "40"})
    person.post({"member[2]/name": "Ben", "member[2]/age": "30"})
    person.open("/p/0")
    person.post({"hh_size": "1"})
    person.open("/review")
    assert "Ben" not in person.text()
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert "member[2]/name" not in answers
    assert answers["members"] == "1"
    assert answers["total_age"] == "40"


def children_rows() -> list[dict[str, str]]:
    return [
        {"type": "begin repeat", "name": "child", "label::en": "Child"},
        {"type": "text", "name": "cname", "label::en": "Name of the child"},
        {"type": "end repeat", "name": ""},
        {"type": "calculate", "name": "children", "calculation": "count(${child})"},
        {"type": "text", "name": "after", "label::en": "Anything else?"},
    ]


def test_instances_are_added_and_removed_with_buttons(app, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(children_rows())).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    assert "Child 1" in person.text()
    for index, name in ((1, "A"), (2, "B"), (3, "C")):
        page = person.post({f"child[{index}]/cname": name})
        assert "Add another Child" in page.get_data(as_text=True)
        assert "No more" in page.get_data(as_text=True)
        if index < 3:
            page = person.post(action="add")
            assert f"Child {index + 1}" in page.get_data(as_text=True)
    person.open("/p/1")
    assert 'value="B"' in person.text()
    page = person.post({"child[2]/cname": "B"}, action="remove")
    assert 'value="C"' in page.get_data(as_text=True)  # the third moved to second place
    assert "Child 2" in page.get_data(as_text=True)
    page = person.post({"child[2]/cname": "C"})
    page = person.post(action="next")  # No more
    assert "Anything else?" in page.get_data(as_text=True)
    person.post({"after": "no"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {
        "child[1]/cname": "A",
        "child[2]/cname": "C",
        "child[count]": "2",
        "children": "2",
        "after": "no",
    }
    table = response_table(db, survey)
    header = table.header
    assert [h for h in header if h.startswith("child[")] == ["child[1]/cname", "child[2]/cname"]
    row = dict(zip(header, table.rows[0], strict=True))
    assert row["child[2]/cname"] == "C"
    assert row["children"] == "2"


def test_roster_export_has_a_column_per_instance_in_order(app, db, roster):
    walk_roster(Respondent(app.test_client()))
    table = response_table(db, roster)
    members = [h for h in table.header if h.startswith("member[")]
    assert members == [
        "member[1]/name",
        "member[1]/age",
        "member[1]/relation",
        "member[1]/relation__label",
        "member[1]/is_adult",
        "member[1]/place",
        "member[1]/rel_label",
        "member[1]/school",
        "member[2]/name",
        "member[2]/age",
        "member[2]/relation",
        "member[2]/relation__label",
        "member[2]/is_adult",
        "member[2]/place",
        "member[2]/rel_label",
        "member[2]/school",
    ]
    row = dict(zip(table.header, table.rows[0], strict=True))
    assert row["member[2]/relation__label"] == "Child"
    assert row["member[1]/age"] == 40


def test_repeats_round_trip(xlsform, tmp_path):
    parsed = read_xlsform(xlsform(roster_rows(), RELATIONS))
    assert parsed.definition["repeats"]["member"]["count"] == "${hh_size}"
    assert [p.get("repeat") for p in parsed.definition["pages"]] == [None, "member", "member", None]
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert parse_xlsform(again) == parsed.definition


def test_a_repeat_that_does_not_apply_is_not_asked(app, db, xlsform, channel_for):
    rows = [
        {"type": "select_one yn", "name": "has_kids", "label::en": "Any children?"},
        *[
            {**row, "relevant": "${has_kids} = 'yes'"} if row["type"] == "begin repeat" else row
            for row in children_rows()
        ],
    ]
    yn = [{"list_name": "yn", "name": n, "label::en": n} for n in ("yes", "no")]
    survey = import_survey(db, xlsform(rows, yn)).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    page = person.post({"has_kids": "no"})
    assert "Anything else?" in page.get_data(as_text=True)  # neither Child 1 nor the prompt
    page = person.post(action="back")
    page = person.post({"has_kids": "yes"})
    assert "Child 1" in page.get_data(as_text=True)
    page = person.post({"child[1]/cname": "A"})
    page = person.post(action="back")
    assert 'value="A"' in page.get_data(as_text=True)  # Back from the prompt: the last instance


def test_back_goes_to_the_previous_instance(app, db, roster):
    person = Respondent(app.test_client())
    person.open()
    person.post({"hh_size": "2"})
    person.post({"member[1]/name": "Ana", "member[1]/age": "12"})
    person.post({"member[1]/school": "North"})
    page = person.post(action="back")  # from Household member 2
    assert 'value="North"' in page.get_data(as_text=True)
    page = person.post({"member[1]/school": "North"}, action="back")
    assert 'value="Ana"' in page.get_data(as_text=True)


def test_a_whole_response_is_checked_per_instance_and_stored_under_the_same_keys(app, db, roster):
    """The kiosk's outbox path (store_whole): the same keys as the page-by-page walk, an instance
    beyond the count refused by its key, rules applied per instance."""
    from flask import g

    from surveyapp.models import Channel
    from surveyapp.services.responses import NewResponse, new_response_id, store_whole
    from surveyapp.services.surveys import definition_of
    from surveyapp.survey.context import rules_context

    channel = db.scalars(select(Channel)).one()
    new = NewResponse(survey_id=roster.id, version_id=roster.current_version_id, channel_id=channel.id)
    definition = definition_of(roster.current_version)
    sent = {
        name: value
        for name, value in ROSTER_ANSWERS.items()
        if name.rsplit("/", 1)[-1]
        not in {"is_adult", "place", "rel_label", "total_age", "adults", "second", "members"}
    }
    with app.test_request_context():
        g.rules_context = rules_context(definition, "en", "UTC")  # as the kiosk's receive sets it
        beyond = store_whole(
            db,
            new_response_id(),
            new,
            definition,
            {**sent, "member[3]/name": "Cy"},
            language="en",
            max_length=500,
        )
        broken = store_whole(
            db,
            new_response_id(),
            new,
            definition,
            {**sent, "member[2]/age": "200"},
            language="en",
            max_length=500,
        )
        outcome = store_whole(db, new_response_id(), new, definition, sent, language="en", max_length=500)
    assert beyond.kind == "invalid"
    assert set(beyond.errors) == {"member[3]/name"}
    assert broken.kind == "invalid"
    assert "member[2]/age" in broken.errors
    assert outcome.kind == "stored"
    assert db.scalars(select(Response)).one().answer_map() == ROSTER_ANSWERS


def test_a_number_or_an_expression_as_repeat_count(xlsform):
    from surveyapp.survey.definition import FormDefinition
    from surveyapp.survey.repeats import MAX_INSTANCES, expand

    rows = [
        {"type": "integer", "name": "n", "label::en": "N"},
        {"type": "begin repeat", "name": "pet", "label::en": "Pet", "repeat_count": "2"},
        {"type": "text", "name": "pname", "label::en": "Name"},
        {"type": "end repeat", "name": ""},
        {"type": "begin repeat", "name": "car", "label::en": "Car", "repeat_count": "${n} + 1"},
        {"type": "text", "name": "cname", "label::en": "Name"},
        {"type": "end repeat", "name": ""},
    ]
    data = parse_xlsform(xlsform(rows))
    assert data["repeats"]["pet"]["count"] == "2"  # pyxform's pet_count folded back
    assert all(q["name"] != "pet_count" for p in data["pages"] for q in p["questions"])
    definition = FormDefinition.from_json(data)
    expanded = expand(definition, {"n": "2"})
    assert expanded.instance_counts == {"pet": 2, "car": 3}
    assert [p.name for p in expanded.pages] == ["_n", "pet[1]", "pet[2]", "car[1]", "car[2]", "car[3]"]
    assert expand(expanded, {"n": "0"}).instance_counts == {"pet": 2, "car": 1}
    assert expand(definition, {"n": "5000"}).instance_counts["car"] == MAX_INSTANCES


def test_a_key_longer_than_the_answers_column_is_refused_at_import(xlsform):
    rows = [
        {"type": "begin repeat", "name": "r" * 50, "label::en": "R"},
        {"type": "text", "name": "q" * 50, "label::en": "Q"},
        {"type": "end repeat", "name": ""},
    ]
    with pytest.raises(XLSFormError) as caught:
        parse_xlsform(xlsform(rows))
    assert "longer than 100 characters" in str(caught.value)
