"""`begin loop over LIST` as pyxform builds it, without JavaScript: one group per choice of the list,
`%(label)s` made the choice's label in each language, answers under the XForm's paths
(`fleet/car/total`), and `../total` read within the same choice."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import select

from surveyapp.models import Response, Survey
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent

VEHICLES = [
    {"list_name": "vehicles", "name": "car", "label::en": "Car", "label::es": "Coche"},
    {"list_name": "vehicles", "name": "bike", "label::en": "Bike", "label::es": "Bici"},
]


def loop_rows() -> list[dict[str, str]]:
    return [
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
            "required": "yes",
        },
        {
            "type": "integer",
            "name": "working",
            "label::en": "How many %(name)s work?",
            "label::es": "¿Cuántos %(name)s funcionan?",
            "constraint": ". <= ../total",
            "constraint_message": "No more than you have",
        },
        {"type": "end loop", "name": ""},
        {"type": "text", "name": "after", "label::en": "Anything else?", "label::es": "¿Algo más?"},
    ]


LOOP_ANSWERS = {
    "who": "Ana",
    "fleet/car/total": "2",
    "fleet/car/working": "1",
    "fleet/bike/total": "3",
    "fleet/bike/working": "3",
    "after": "no",
}


def loop_form(xlsform, name="loop.xlsx"):  # type: ignore[no-untyped-def]
    return xlsform(loop_rows(), VEHICLES, settings={"form_id": "loop"}, name=name)


@pytest.fixture
def loop_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, loop_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_a_loop_is_one_group_per_choice_keyed_by_pyxforms_paths(xlsform):
    definition = parse_xlsform(loop_form(xlsform))
    pages = [(p["name"], [q["name"] for q in p["questions"]]) for p in definition["pages"]]
    assert pages == [
        ("_who", ["who"]),
        ("car", ["fleet/car/total", "fleet/car/working"]),
        ("bike", ["fleet/bike/total", "fleet/bike/working"]),
        ("_after", ["after"]),
    ]
    car, bike = definition["pages"][1], definition["pages"][2]
    assert car["label"] == {"en": "Car", "es": "Coche"}
    assert car["relevant"] == "${who} != 'nobody'"
    assert car["questions"][0]["label"] == {"en": "How many of type Car?", "es": "¿Cuántos de tipo Coche?"}
    assert bike["questions"][1]["label"] == {"en": "How many bike work?", "es": "¿Cuántos bike funcionan?"}
    assert bike["questions"][1]["constraint"] == ". <= ${fleet/bike/total}"


def test_a_loop_walked_without_javascript_keeps_each_choice_apart(app, db, loop_survey):
    person = Respondent(app.test_client())
    person.open()
    page = person.post({"who": "Ana"})
    text = page.get_data(as_text=True)
    assert "How many of type Car?" in text
    assert 'name="q_fleet/car/working"' in text
    page = person.post({"fleet/car/total": "2", "fleet/car/working": "3"})
    assert page.status_code == 422  # ../total is the car's total
    assert "No more than you have" in page.get_data(as_text=True)
    page = person.post({"fleet/car/total": "2", "fleet/car/working": "1"})
    assert "How many of type Bike?" in page.get_data(as_text=True)
    page = person.post({"fleet/bike/total": "3", "fleet/bike/working": "3"})  # the bike's total
    assert page.status_code == 200
    person.post({"after": "no"})
    page = person.submit()
    assert page.status_code == 200
    assert db.scalars(select(Response)).one().answer_map() == LOOP_ANSWERS
    table = response_table(db, db.get(Survey, loop_survey.survey_id))
    assert table.header[-6:] == list(LOOP_ANSWERS)
    assert table.rows[0][-6:] == ["Ana", 2, 1, 3, 3, "no"]


def test_a_loop_that_does_not_apply_is_skipped(app, db, loop_survey):
    person = Respondent(app.test_client())
    person.open()
    page = person.post({"who": "nobody"})
    assert "Anything else?" in page.get_data(as_text=True)


def test_a_loop_round_trips_as_a_loop(xlsform, tmp_path):
    parsed = read_xlsform(loop_form(xlsform))
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "loop"))
    types = [row[0] for row in openpyxl.load_workbook(again)["survey"].iter_rows(values_only=True)]
    assert types.count("begin loop over vehicles") == 1
    assert types.count("end loop") == 1
    assert "begin group" not in types
    written = read_xlsform(again)
    assert written.definition == parsed.definition
    assert written.warnings == []


def test_a_loop_inside_a_group_with_a_group_inside_round_trips(xlsform, tmp_path):
    path = xlsform(
        [
            {"type": "begin group", "name": "outer", "label::en": "Outer", "relevant": "1 = 1"},
            {"type": "note", "name": "intro", "label::en": "About your vehicles"},
            {"type": "begin loop over vehicles", "name": "fleet", "label::en": "Vehicles"},
            {"type": "integer", "name": "total", "label::en": "Total %(label)s"},
            {"type": "begin group", "name": "more", "label::en": "More", "relevant": "../total > 0"},
            {"type": "text", "name": "why", "label::en": "Why?"},
            {"type": "end group", "name": ""},
            {"type": "end loop", "name": ""},
            {"type": "end group", "name": ""},
        ],
        VEHICLES,
        settings={"form_id": "nested"},
    )
    parsed = read_xlsform(path)
    keys = [q["name"] for p in parsed.definition["pages"] for q in p["questions"]]
    assert keys == [
        "intro",
        "outer/fleet/car/total",
        "outer/fleet/car/more/why",
        "outer/fleet/bike/total",
        "outer/fleet/bike/more/why",
    ]
    more = parsed.definition["pages"][4]
    assert more["relevant"] == "(1 = 1) and (${outer/fleet/bike/total} > 0)"  # the bike's total
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "nested"))
    assert read_xlsform(again).definition == parsed.definition


def test_a_loop_over_a_missing_list_is_refused_on_its_row(xlsform):
    path = xlsform(
        [
            {"type": "begin loop over nothing", "name": "l", "label::en": "L"},
            {"type": "integer", "name": "n", "label::en": "N"},
            {"type": "end loop", "name": ""},
        ],
        VEHICLES,
    )
    with pytest.raises(XLSFormError) as raised:
        parse_xlsform(path)
    found = [(p.sheet, p.row, p.column, str(p.message)) for p in raised.value.problems]
    assert ("survey", 2, "type", "The choice list nothing is not in the choices sheet.") in found


def test_absolute_paths_to_a_loops_questions_read_their_choice(app, db, xlsform, channel_for, tmp_path):
    """`/data/fleet/bike/total` outside the loop names the bike's total (pyxform refuses `${total}`,
    a name used twice); the download writes such a reference back as the path."""
    rows = [
        *loop_rows()[:-1],
        {"type": "calculate", "name": "all", "calculation": "/data/fleet/car/total + /data/fleet/bike/total"},
        {
            "type": "note",
            "name": "sum",
            "label::en": "You have ${all}.",
            "relevant": "/data/fleet/bike/working > 0",
        },
    ]
    path = xlsform(rows, VEHICLES, settings={"form_id": "paths"})
    parsed = read_xlsform(path)
    last = parsed.definition["pages"][-1]["questions"]
    assert last[0]["calculation"] == "${fleet/car/total} + ${fleet/bike/total}"
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "paths"))
    assert read_xlsform(again).definition == parsed.definition
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open()
    person.post({"who": "Ana"})
    person.post({"fleet/car/total": "2", "fleet/car/working": "1"})
    page = person.post({"fleet/bike/total": "3", "fleet/bike/working": "3"})
    assert '<span data-pipe="all">5</span>' in page.get_data(as_text=True)


def test_a_loop_inside_a_repeat_is_refused_by_name(xlsform):
    path = xlsform(
        [
            {"type": "begin repeat", "name": "member", "label::en": "Member"},
            {"type": "begin loop over vehicles", "name": "fleet", "label::en": "F"},
            {"type": "integer", "name": "n", "label::en": "N %(label)s"},
            {"type": "end loop", "name": ""},
            {"type": "end repeat", "name": ""},
        ],
        VEHICLES,
    )
    with pytest.raises(XLSFormError) as raised:
        parse_xlsform(path)
    found = [(p.row, p.column, str(p.message)) for p in raised.value.problems]
    assert found == [
        (3, "type", "The loop fleet is inside the repeat member: loops within repeats are not supported yet.")
    ]


def test_a_relative_path_to_a_name_used_in_two_groups_reads_its_own_group(xlsform):
    """Outside loops too: `../rooms` in the work group is the work group's rooms."""
    path = xlsform(
        [
            {"type": "begin group", "name": "home", "label::en": "Home"},
            {"type": "integer", "name": "rooms", "label::en": "Rooms at home?"},
            {"type": "end group"},
            {"type": "begin group", "name": "work", "label::en": "Work"},
            {"type": "integer", "name": "rooms", "label::en": "Rooms at work?"},
            {"type": "integer", "name": "desks", "label::en": "Desks?", "constraint": ". >= ../rooms"},
            {"type": "end group"},
        ],
        settings={"form_id": "rooms"},
    )
    desks = parse_xlsform(path)["pages"][1]["questions"][1]
    assert desks["constraint"] == ". >= ${work/rooms}"


def test_a_translated_message_in_a_loop_is_refused_with_a_reason(xlsform):
    """pyxform's builder fails on it; the author learns which row and what to write instead."""
    rows = loop_rows()
    rows[3] = {**rows[3], "constraint_message::en": "No more", "constraint_message::es": "No más"}
    rows[3].pop("constraint_message")
    with pytest.raises(XLSFormError) as raised:
        parse_xlsform(xlsform(rows, VEHICLES))
    found = [(p.row, p.column, str(p.message)) for p in raised.value.problems]
    assert found == [
        (
            5,
            "constraint_message",
            "Inside a loop, constraint_message cannot be "
            "translated (pyxform cannot build it): write it in one constraint_message "
            "column, without a language.",
        )
    ]
