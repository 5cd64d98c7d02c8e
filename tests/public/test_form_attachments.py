"""Forms with attached files, as ODK and Kobo take them: `select_one_from_file` (.csv, .xml, .geojson),
`select_multiple_from_file`, `select_one_external` (the external_choices sheet) and `pulldata()` from
an attached CSV; every problem of every file listed at once; the files written back on download."""

from __future__ import annotations

import json

import openpyxl
import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.attached_choices import attachment_files
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import XLSFormError, read_xlsform, to_xlsx

from ..media_files import png
from .respondent import Respondent

CITIES = (
    "name,label::English (en),label::Español (es),region,population\n"
    "lyon,Lyon,Lyon ES,south,500000\n"
    "lille,Lille,Lila,north,230000\n"
    "paris,Paris,París,north,2100000\n"
).encode()
PLACES = (
    b"<root><item><name>park</name><label>Park</label></item>"
    b"<item><name>library</name><label>Library</label></item></root>"
)
SITES = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "s1",
                "geometry": {"type": "Point", "coordinates": [4.8, 45.7]},
                "properties": {"title": "Site one", "kind": "clinic"},
            },
            {
                "type": "Feature",
                "id": "s2",
                "geometry": {"type": "Point", "coordinates": [2.35, 48.85]},
                "properties": {"title": "Site two", "kind": "school"},
            },
        ],
    }
).encode()
FILES = {"cities.csv": CITIES, "places.xml": PLACES, "sites.geojson": SITES}


def attached_form(xlsform):  # type: ignore[no-untyped-def]
    path = xlsform(
        [
            {"type": "begin group", "name": "where", "label::en": "Where"},
            {
                "type": "select_one_from_file cities.csv",
                "name": "city",
                "label::en": "City?",
                "label::es": "¿Ciudad?",
                "required": "yes",
            },
            {
                "type": "calculate",
                "name": "population",
                "calculation": "pulldata('cities', 'population', 'name', ${city})",
            },
            {
                "type": "calculate",
                "name": "city_region",
                "calculation": "instance('cities')/root/item[name = ${city}]/region",
            },
            {
                "type": "calculate",
                "name": "nowhere",
                "calculation": "pulldata('cities', 'population', 'name', 'atlantis')",
            },
            {"type": "select_multiple_from_file places.xml", "name": "places", "label::en": "Places?"},
            {"type": "select_one_from_file sites.geojson", "name": "site", "label::en": "Site?"},
            {"type": "select_one region", "name": "region", "label::en": "Region?"},
            {
                "type": "select_one_external district",
                "name": "district",
                "label::en": "District?",
                "choice_filter": "region=${region}",
            },
            {"type": "end group"},
            {"type": "begin group", "name": "more", "label::en": "More"},
            {
                "type": "text",
                "name": "big",
                "label::en": "Which part of the big city?",
                "relevant": "${population} > 1000000",
            },
            {"type": "text", "name": "why", "label::en": "Why?"},
            {"type": "end group"},
        ],
        [
            {"list_name": "region", "name": "north", "label::en": "North"},
            {"list_name": "region", "name": "south", "label::en": "South"},
        ],
        settings={"form_id": "attached"},
    )
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("external_choices")
    sheet.append(["list_name", "name", "label::English (en)", "region"])
    sheet.append(["district", "d1", "District one", "north"])
    sheet.append(["district", "d2", "District two", "south"])
    book.save(path)
    return path


@pytest.fixture
def attached_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, attached_form(xlsform), attachments=FILES).survey
    db.commit()
    return channel_for(survey.id)


def test_choices_come_from_the_files_and_pulldata_reads_the_csv(app, db, attached_survey):
    person = Respondent(app.test_client())
    text = person.open("/p/0").get_data(as_text=True)
    for name in ("lyon", "lille", "paris", "park", "library", "s1", "s2", "d1", "d2"):
        assert f'value="{name}"' in text
    assert "Site two" in text
    assert "District one" in text
    page = person.post({"city": "atlantis"})
    assert page.status_code == 422
    text = person.post(
        {"city": "paris", "places": ["park", "library"], "site": "s2", "region": "north", "district": "d1"}
    ).get_data(as_text=True)
    assert 'name="q_big"' in text
    person.post({"why": "work"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert "nowhere" not in answers  # a key the CSV does not have gives "", as in ODK
    assert answers == {
        "city": "paris",
        "population": "2100000",
        "city_region": "north",
        "places": "park library",
        "site": "s2",
        "region": "north",
        "district": "d1",
        "why": "work",
    }


def test_a_file_s_labels_follow_the_language(app, attached_survey):
    text = Respondent(app.test_client()).open("/p/0?lang=es").get_data(as_text=True)
    assert "París" in text
    assert "Lila" in text


def test_the_extra_columns_are_kept_per_choice_for_choice_filter(xlsform):
    definition = read_xlsform(attached_form(xlsform), attachments=FILES).definition
    cities = definition["choices"]["cities.csv"]
    assert cities[0] == {
        "name": "lyon",
        "label": {"en": "Lyon", "es": "Lyon ES"},
        "columns": {"region": "south", "population": "500000"},
    }
    assert definition["choices"]["sites.geojson"][0]["columns"] == {
        "geometry": "45.7 4.8 0 0",
        "kind": "clinic",
    }
    assert definition["choices"]["district"][1]["columns"] == {"region": "south"}
    assert sorted(definition["files"]) == ["cities.csv", "places.xml", "sites.geojson"]


def test_value_and_label_parameters_pick_the_columns(xlsform):
    path = xlsform(
        [
            {
                "type": "select_one_from_file codes.csv",
                "name": "c",
                "label::en": "C",
                "parameters": "value=code label=title",
            }
        ]
    )
    parsed = read_xlsform(path, attachments={"codes.csv": b"code,title,name\n7,Seven,x\n"})
    question = parsed.definition["pages"][0]["questions"][0]
    assert parsed.definition["choices"][question["list_name"]] == [
        {"name": "7", "label": {"en": "Seven"}, "columns": {"name": "x"}}
    ]
    assert not [w for w in parsed.warnings if w.column == "parameters"]


def test_every_problem_of_every_file_is_listed_at_once(xlsform):
    path = xlsform(
        [
            {"type": "select_one_from_file cities.csv", "name": "city", "label::en": "City?"},
            {"type": "select_one_from_file towns.csv", "name": "town", "label::en": "Town?"},
            {"type": "select_one_from_file missing.csv", "name": "gone", "label::en": "Gone?"},
            {"type": "select_one_from_file latin.csv", "name": "latin", "label::en": "Latin?"},
            {"type": "calculate", "name": "p", "calculation": "pulldata('prices', 'p', 'name', ${city})"},
            {"type": "select_multiple_from_file spaced.csv", "name": "spaced", "label::en": "S?"},
        ]
    )
    files = {
        "spaced.csv": b"name,label\nok,OK\na b,AB\n",
        "cities.csv": b"name,label\nlyon,Lyon\nlyon,Lyon again\n,Nameless\n",
        "towns.csv": b"id,title\n1,One\n",
        "latin.csv": "name,label\nb,Bé\n".encode("latin-1"),
    }
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path, attachments=files)
    found = [str(p) for p in caught.value.problems]
    assert "file cities.csv, row 3: The value lyon is already in row 2." in found
    assert "file cities.csv, row 4: This row has no value in the column name." in found
    assert (
        "file spaced.csv, row 3: The value a b holds a space; a question that takes several "
        "answers keeps them separated by spaces, so its values cannot hold one."
    ) in found
    assert "file towns.csv, row 1: The file has no column name for the choices' values." in found
    assert "file towns.csv, row 1: The file has no column label for the choices' labels." in found
    assert any(
        p.startswith(
            "sheet survey, row 4, column type: This question's choices are in "
            "missing.csv, which is not attached"
        )
        for p in found
    )
    assert any(p.startswith("file latin.csv: The file is not UTF-8 text") for p in found)
    assert any(
        p.startswith(
            "sheet survey, row 6, column calculation: prices.csv, which this "
            "expression reads, is not attached"
        )
        for p in found
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../cities.csv", "no folder"),
        ("cities.exe", "Only .csv, .xml and .geojson"),
        (".hidden.csv", "no folder"),
    ],
)
def test_a_file_name_with_a_folder_or_another_kind_is_refused(xlsform, name, reason):
    path = xlsform([{"type": "text", "name": "t", "label::en": "T"}])
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path, attachments={name: b"name,label\n"})
    assert reason in str(caught.value)


def test_an_oversized_file_and_hostile_xml_are_refused(xlsform):
    path = xlsform([{"type": "select_one_from_file big.xml", "name": "b", "label::en": "B"}])
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
        b"<root><item><name>&a;</name><label>x</label></item></root>"
    )
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path, attachments={"big.xml": bomb})
    assert "not readable XML" in str(caught.value)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path, attachments={"big.xml": b" " * (1024 * 1024 + 1)})
    assert "at most 1024 kB" in str(caught.value)


def test_an_unused_file_is_a_warning(xlsform):
    path = xlsform([{"type": "text", "name": "t", "label::en": "T"}])
    parsed = read_xlsform(path, attachments={"extra.csv": b"a\n1\n", "logo.png": png()})
    assert sorted(str(w) for w in parsed.warnings) == [
        "file extra.csv: No question or expression of the form reads this file; it is left out.",
        "file logo.png: No question or choice shows this file; it is left out.",
    ]
    assert "files" not in parsed.definition


def test_the_form_and_its_files_download_and_import_again_the_same(xlsform, tmp_path):
    first = read_xlsform(attached_form(xlsform), attachments=FILES).definition
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(first, "attached"))
    files = attachment_files(first)
    assert sorted(files) == sorted(FILES)
    assert read_xlsform(again, attachments=files).definition == first
    survey_types = [row[0].value for row in openpyxl.load_workbook(again)["survey"].iter_rows()]
    assert "select_one_from_file cities.csv" in survey_types
    assert "select_multiple_from_file places.xml" in survey_types
    assert "select_one_external district" in survey_types


def test_a_small_city_leaves_the_note_out(app, attached_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    text = person.post({"city": "lille", "region": "north", "district": "d1"}).get_data(as_text=True)
    assert 'name="q_why"' in text
    assert 'name="q_big"' not in text


def test_an_external_select_needs_its_choice_filter_and_its_list(xlsform):
    path = xlsform([{"type": "select_one_external district", "name": "d", "label::en": "D?"}])
    book = openpyxl.load_workbook(path)
    book.create_sheet("external_choices").append(["list_name", "name", "label"])
    book.save(path)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert [str(p) for p in caught.value.problems] == [
        "sheet survey, row 2, column choice_filter: select_one_external is for choices filtered by "
        "earlier answers: give this row a choice_filter, or use select_one with the list in the "
        "choices sheet."
    ]


def test_the_external_choices_sheet_is_read_whatever_its_case_and_keeps_its_own_lists(
    app, db, xlsform, channel_for
):
    """pyxform's example_xls/case_insensitivity: the external_choices sheet's LIST_NAME, NAME and
    LABEL headers in capitals, a filter column named as the choice_filter names it (Zone), and a list
    of the same name in the choices sheet, which the plain select reads."""
    path = xlsform(
        [
            {"type": "select_one place", "name": "zone", "label::en": "Zone?"},
            {
                "type": "select_one_external place",
                "name": "district",
                "label::en": "District?",
                "choice_filter": "Zone=${zone}",
            },
        ],
        [
            {"list_name": "place", "name": "north", "label::en": "North"},
            {"list_name": "place", "name": "south", "label::en": "South"},
        ],
    )
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("EXTERNAL_CHOICES")
    sheet.append(["LIST_NAME", "NAME", "LABEL::English (en)", "Zone"])
    sheet.append(["place", "d1", "District one", "north"])
    sheet.append(["place", "d2", "District two", "south"])
    book.save(path)
    definition = read_xlsform(path).definition
    again = path.with_name("again.xlsx")
    again.write_bytes(to_xlsx(definition, "test"))
    assert read_xlsform(again).definition == definition
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    first = person.open("/p/0").get_data(as_text=True)
    assert 'name="q_zone" value="north"' in first
    assert 'name="q_zone" value="d1"' not in first
    person.post({"zone": "south", "district": "d2"})
    assert person.page.status_code == 200
    person.submit()
    stored = db.scalars(select(Response)).one().answer_map()
    assert (stored["zone"], stored["district"]) == ("south", "d2")
