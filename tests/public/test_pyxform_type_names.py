"""Every name pyxform's question type dictionary knows is read as the type it stands for (`q int`,
`add note prompt`, `uri:username`...), refused by name with a reason, or declares an attached file
(`csv-external`); `hidden` keeps its default, never shown; the download writes each back."""

from __future__ import annotations

import openpyxl
import pytest
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from sqlalchemy import select

from surveyapp.models import Response, Survey
from surveyapp.services.exports import response_table
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, read_xlsform, to_xlsx
from surveyapp.services.xlsform_support import REFUSED_TYPES

from .respondent import Respondent

# Types that take a choice list after them (or, in pyxform's older spellings, no list it reads),
# checked with their lists elsewhere.
LISTED = ("select", "rank")
CITIES = b"name,label,population\nlyon,Lyon,500000\nparis,Paris,2100000\n"


def _row(n: int, kind: str) -> dict[str, str]:
    row = {"type": kind, "name": "audit" if kind == "audit" else f"q{n}", "label::en": f"Question {n}"}
    if "calculate" in kind:
        row["calculation"] = "1 + 1"
    if kind == "background-geopoint":
        row["trigger"] = "${q0}"
    return row


def test_every_type_pyxform_knows_is_read_or_refused_by_name(xlsform):
    kinds = [k for k in QUESTION_TYPE_DICT if not any(word in k for word in LISTED)]
    rows = [{"type": "text", "name": "q0", "label::en": "First"}]
    rows += [_row(n, kind) for n, kind in enumerate(kinds, start=1)]
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(xlsform(rows))
    messages = {p.row: str(p.message) for p in refused.value.problems}
    by_row = {n + 3: kind for n, kind in enumerate(kinds)}  # the header, then q0
    assert {by_row[row] for row in messages} == set(REFUSED_TYPES) & set(kinds)
    assert all("cannot run in a browser" in m for m in messages.values()), messages

    kept = [kind for kind in kinds if kind not in REFUSED_TYPES]
    parsed = read_xlsform(xlsform([rows[0], *(_row(n, k) for n, k in enumerate(kept, start=1))]))
    types = {q["name"]: q["type"] for page in parsed.definition["pages"] for q in page["questions"]}
    named = {_row(n, kind)["name"]: kind for n, kind in enumerate(kept, start=1)}
    asked = {named[name]: kind for name, kind in types.items() if name in named}
    assert asked["q int"] == asked["int"] == asked["percentage"] == "integer"
    assert asked["add text prompt"] == asked["string"] == "text"
    assert asked["q picture"] == asked["add image prompt"] == "image"
    assert asked["add note prompt"] == "note"
    assert asked["location"] == asked["q geopoint"] == "geopoint"
    assert asked["date time"] == asked["q dateTime"] == "dateTime"
    assert asked["hidden"] == "calculate"
    metadata = {named[m["name"]]: m["type"] for m in parsed.definition["metadata"] if m["name"] in named}
    assert metadata["uri:username"] == metadata["username"] == "username"
    assert metadata["get start time"] == "start"
    assert metadata["imei"] == metadata["uri:deviceid"] == "deviceid"
    assert metadata["start-geopoint"] == "start-geopoint"  # stored empty: a server cannot know it
    externals = {named[e["name"]]: e["type"] for e in parsed.definition["externals"]}
    assert externals == {"csv-external": "csv-external", "xml-external": "xml-external"}
    assert set(kept) == set(asked) | set(metadata) | set(externals)  # each row is one of them


def test_hidden_keeps_its_default_unseen_and_downloads_as_hidden(app, db, xlsform, channel_for, tmp_path):
    path = xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {"type": "q int", "name": "size", "label::en": "How many?"},
            {"type": "hidden", "name": "wave", "default": "w2"},
            {"type": "calculate", "name": "tag", "calculation": "concat(${wave}, '-', ${size})"},
            {"type": "end group"},
        ]
    )
    parsed = read_xlsform(path)
    assert parsed.warnings == []
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    text = person.open("/p/0").get_data(as_text=True)
    assert 'name="q_wave"' not in text
    person.post({"size": "3", "wave": "forged"})
    person.submit()
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert response.answer_map() == {"size": "3", "wave": "w2", "tag": "w2-3"}
    table = response_table(db, db.get(Survey, survey.id))
    assert "wave" in table.header

    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again).definition == parsed.definition
    written = [row[0] for row in openpyxl.load_workbook(again)["survey"].iter_rows(values_only=True)]
    assert "hidden" in written
    assert "integer" in written


def test_csv_external_declares_the_file_an_instance_reads(app, db, xlsform, channel_for, tmp_path):
    path = xlsform(
        [
            {"type": "csv-external", "name": "cities"},
            {"type": "begin group", "name": "one", "label::en": "One"},
            {"type": "text", "name": "city", "label::en": "City?"},
            {
                "type": "calculate",
                "name": "population",
                "calculation": "instance('cities')/root/item[name=${city}]/population",
            },
            {"type": "end group"},
        ]
    )
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(path)
    assert "cities.csv" in str(refused.value)  # the file it declares must be attached
    parsed = read_xlsform(path, attachments={"cities.csv": CITIES})
    assert parsed.definition["externals"] == [{"name": "cities", "type": "csv-external"}]
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert read_xlsform(again, attachments={"cities.csv": CITIES}).definition == parsed.definition

    survey = import_survey(db, path, attachments={"cities.csv": CITIES}).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"city": "paris"})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map() == {"city": "paris", "population": "2100000"}


def test_background_geopoint_is_refused_with_its_reason(xlsform):
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(
            xlsform(
                [
                    {"type": "text", "name": "a", "label::en": "A"},
                    {"type": "background-geopoint", "name": "where", "trigger": "${a}"},
                ]
            )
        )
    (problem,) = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "type")
    assert "background-geopoint cannot run in a browser" in str(problem.message)
