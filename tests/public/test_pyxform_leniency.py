"""Forms pyxform accepts and ODK runs import and run as ODK runs them (the last corpus forms):
a nameless audit or note, a default that is no answer, a bare name in an expression; what ODK
itself cannot open (choices without labels) stays refused, at its row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, read_xlsform

from .respondent import Respondent

CROPS = [
    {"list_name": "crops", "name": "maize", "label::en": "Maize"},
    {"list_name": "crops", "name": "beans", "label::en": "Beans"},
]


def test_an_audit_and_a_note_without_a_name_take_the_names_pyxform_gives_them(xlsform):
    parsed = read_xlsform(
        xlsform(
            [
                {"type": "audit"},
                {"type": "note", "label::en": "Welcome"},  # row 3
                {"type": "text", "name": "town", "label::en": "Town?"},
            ]
        )
    )
    assert {"name": "audit", "type": "audit"} in parsed.definition["metadata"]
    names = [q["name"] for q in parsed.definition["pages"][0]["questions"]]
    assert names == ["generated_note_name_3", "town"]


def test_a_text_question_without_a_name_is_still_refused_at_its_row(xlsform):
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(
            xlsform(
                [
                    {"type": "text", "name": "", "label::en": "Town?"},
                    {"type": "text", "name": "street", "label::en": "Street?"},
                ]
            )
        )
    assert ("survey", 2, "name") in [(p.sheet, p.row, p.column) for p in refused.value.problems]


def test_a_default_that_is_no_answer_is_a_warning_and_the_question_starts_empty(
    app, db, xlsform, channel_for
):
    path = xlsform(
        [
            {"type": "integer", "name": "size", "label::en": "Size?", "default": "foo"},  # row 2
            {"type": "select_one crops", "name": "crop", "label::en": "Crop?", "default": "rice"},
            {"type": "integer", "name": "age", "label::en": "Age?", "default": "12"},
        ],
        CROPS,
    )
    parsed = read_xlsform(path)
    warned = {(w.row, w.column): str(w.message) for w in parsed.warnings}
    assert "The default foo is not an answer this question takes" in warned[(2, "default")]
    assert "The default rice is not an answer" in warned[(3, "default")]
    questions = parsed.definition["pages"][0]["questions"]
    assert [q["default"] for q in questions] == [None, None, "12"]

    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert "foo" not in page
    assert 'value="12"' in page
    person.post({"size": "3", "crop": "beans", "age": "12"})
    person.submit()
    stored = db.scalars(select(Response)).one().answer_map()
    assert (stored["size"], stored["crop"], stored["age"]) == ("3", "beans", "12")


def test_a_bare_name_reads_as_an_empty_node_set_with_a_warning(app, db, xlsform, channel_for):
    """pyxform's test_calculate_relative_path: `name` is a child of the question's own node."""
    path = xlsform(
        [
            {"type": "select_one crops", "name": "crop", "label::en": "Crop?"},
            {"type": "calculate", "name": "same", "calculation": "name = ${crop}"},  # row 3
            {"type": "calculate", "name": "blank", "calculation": "name = ''"},
            {"type": "calculate", "name": "plain", "calculation": "${crop} = 'maize'"},
        ],
        CROPS,
    )
    parsed = read_xlsform(path)
    warned = {(w.row, w.column): str(w.message) for w in parsed.warnings}
    assert "name is no question" in warned[(3, "calculation")]
    assert (5, "calculation") not in warned

    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"crop": "maize"})
    person.submit()
    stored = db.scalars(select(Response)).one().answer_map()
    # An empty node-set equals nothing, not even ''; the comparison of answers is true.
    assert stored["same"] == stored["blank"] != stored["plain"]


def test_choices_without_any_label_are_refused_as_odk_refuses_them(xlsform):
    """ODK Validate: "<label> node for itemset doesn't exist" (pyxform's test_choices_sheet)."""
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(
            xlsform(
                [{"type": "select_one bare", "name": "a", "label::en": "A"}],
                [{"list_name": "bare", "name": "1"}, {"list_name": "bare", "name": "2"}],
            )
        )
    problems = [(p.sheet, p.row, p.column, str(p.message)) for p in refused.value.problems]
    assert problems[0][:3] == ("survey", 2, "type")
    assert "No choice of the list bare has a label" in problems[0][3]
    labelled = read_xlsform(
        xlsform(
            [{"type": "select_one half", "name": "a", "label::en": "A"}],
            [{"list_name": "half", "name": "1", "label::en": "One"}, {"list_name": "half", "name": "2"}],
        )
    )
    assert labelled.definition["pages"][0]["questions"][0]["list_name"] == "half"


def test_single_colon_language_columns_are_read_as_pyxform_reads_them(app, db, xlsform, channel_for):
    """pyxform's example_xls/specify_other: a sheet none of whose headers has `::` parts a column from
    its language at a single colon (`label:English`), in the choices sheet as in the survey sheet."""
    path = xlsform(
        [
            {"type": "select_one sexes", "name": "sex", "label:English": "What sex are you?"},
            {"type": "text", "name": "town", "label:English": "Town?", "hint:English": "Where you live"},
        ],
        [
            {"list name": "sexes", "name": "male", "label:English": "Male"},
            {"list name": "sexes", "name": "female", "label:English": "Female"},
        ],
        settings={"default_language": "English"},
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    for shown in ("What sex are you?", "Female", "Where you live"):
        assert shown in page
    person.post({"sex": "female", "town": "Kisumu"})
    person.submit()
    stored = db.scalars(select(Response)).one().answer_map()
    assert (stored["sex"], stored["town"]) == ("female", "Kisumu")


def test_a_default_picture_is_a_warning_and_the_upload_starts_empty(app, db, xlsform, channel_for):
    """pyxform's test_static_image_defaults: ODK shows the form's picture as the answer; here the
    person sends a file, and the author is told."""
    path = xlsform(
        [
            {"type": "image", "name": "photo", "label::en": "Photo", "default": "my_default_image.jpg"},
            {"type": "text", "name": "descr", "label::en": "Description", "default": "none given"},
        ]
    )
    parsed = read_xlsform(path)
    warned = {(w.row, w.column): str(w.message) for w in parsed.warnings}
    assert "The default my_default_image.jpg is a file ODK shows as the answer" in warned[(2, "default")]
    assert [q["default"] for q in parsed.definition["pages"][0]["questions"]] == [None, "none given"]
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    assert "my_default_image" not in person.open("/p/0").get_data(as_text=True)
    person.post({"descr": "none given"})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map() == {"descr": "none given"}
