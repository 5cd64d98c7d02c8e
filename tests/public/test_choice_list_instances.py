"""A form's choice lists read as `instance('list')/root/item[...]` in its expressions, as pyxform writes
every list into the XForm as an instance: on the server's pages, in the person's language, and in the
data the offline kiosk page carries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.kiosk.offline import rules_data
from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, read_xlsform
from surveyapp.survey.definition import FormDefinition

from .respondent import Respondent

COLOURS = [
    {"list_name": "colour", "name": n, "label::en": en, "label::es": es, "hex": h}
    for n, en, es, h in (
        ("r", "Red", "Rojo", "f00"),
        ("g", "Green", "Verde", "0f0"),
        ("b", "Blue", "Azul", "00f"),
    )
]
LABEL = "instance('colour')/root/item[name=${col}]/label"


def colour_rows(extra: dict[str, str] | None = None) -> list[dict[str, str]]:
    return [
        {"type": "begin group", "name": "one", "label::en": "One", "label::es": "Uno"},
        {"type": "select_one colour", "name": "col", "label::en": "Colour?", "label::es": "¿Color?"},
        {"type": "end group"},
        {"type": "begin group", "name": "two", "label::en": "Two", "label::es": "Dos"},
        {
            "type": "calculate",
            "name": "shown",
            "calculation": LABEL,
        },
        {"type": "calculate", "name": "hex", "calculation": "instance('colour')/root/item[name=${col}]/hex"},
        {
            "type": "calculate",
            "name": "others",
            "calculation": "count(instance('colour')/root/item[name != ${col}])",
        },
        {
            "type": "note",
            "name": "said",
            "label::en": "${shown} is #${hex}",
            "label::es": "${shown} es #${hex}",
        },
        *([extra] if extra else []),
        {"type": "end group"},
    ]


def test_a_choice_list_is_read_by_instance_in_the_persons_language(app, db, xlsform, channel_for):
    survey = import_survey(db, xlsform(colour_rows(), COLOURS)).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("?lang=es")
    text = person.post({"col": "g"}).get_data(as_text=True)
    assert '<span data-pipe="shown">Verde</span> es #<span data-pipe="hex">0f0</span>' in text
    person.post({})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"col": "g", "shown": "Verde", "hex": "0f0", "others": "2"}


def test_a_list_read_by_instance_is_not_asked_for_as_a_file(xlsform):
    broken = {"type": "integer", "name": "n", "label::en": "N", "constraint": ". >"}
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(xlsform(colour_rows(broken), COLOURS))
    found = [(p.sheet, p.row, p.column) for p in refused.value.problems]
    assert found == [("survey", 10, "constraint")]  # only the broken constraint, no "colour.csv"


def test_the_offline_kiosk_carries_the_lists_its_expressions_read(app, xlsform):
    definition = FormDefinition.from_json(read_xlsform(xlsform(colour_rows(), COLOURS)).definition)
    with app.test_request_context("/?lang=es"):
        data = rules_data(definition, "es")
    assert [row["label"] for row in data["instances"]["colour"]] == ["Rojo", "Verde", "Azul"]
    assert [row["hex"] for row in data["instances"]["colour"]] == ["f00", "0f0", "00f"]
    plain = [{**r, "calculation": "'x'"} if "calculation" in r else r for r in colour_rows()]
    definition = FormDefinition.from_json(read_xlsform(xlsform(plain, COLOURS)).definition)
    with app.test_request_context("/?lang=es"):
        assert "colour" not in (rules_data(definition, "es").get("instances") or {})
