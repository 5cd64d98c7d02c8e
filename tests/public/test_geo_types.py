"""geopoint, geotrace and geoshape typed without JavaScript, stored as ODK stores them, read by
expressions as ODK reads them; a map appearance is a warning (no tiles without the network)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import parse_xlsform, read_xlsform, to_xlsx

from .respondent import Respondent


def geo_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "geopoint",
                "name": "home",
                "label::en": "Where do you live?",
                "appearance": "maps",
                "label::ar": "أين تسكن؟",
            },
            {"type": "geotrace", "name": "road", "label::en": "Your road", "label::ar": "طريقك"},
            {"type": "geoshape", "name": "field", "label::en": "Your field", "label::ar": "حقلك"},
            {"type": "calculate", "name": "lat", "calculation": "selected-at(${home}, 0)"},
            {"type": "calculate", "name": "size", "calculation": "round(area(${field}), 0)"},
            {"type": "calculate", "name": "length", "calculation": "round(distance(${road}), 0)"},
        ]
    )


@pytest.fixture
def geo_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, geo_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def test_points_typed_are_stored_as_odk_stores_them_and_expressions_read_them(app, db, geo_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert 'id="q_home"' in page
    assert 'id="q_home-lon"' in page
    assert "Use my location" in page
    assert "12.34 -1.23" in page  # the example of a typed trace
    person.post(
        {
            "home": ["12,5", "-1.25", "", ""],
            "road": "0 0\n0, 0.001",
            "field": "0 0; 0 0.001\n0.001 0.001\n0.001 0",
        }
    )
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["home"] == "12.5 -1.25 0 0"
    assert answers["road"] == "0 0 0 0;0 0.001 0 0"
    # A shape is closed for the person: its first point repeated last.
    assert answers["field"] == "0 0 0 0;0 0.001 0 0;0.001 0.001 0 0;0.001 0 0 0;0 0 0 0"
    assert answers["lat"] == "12.5"
    assert answers["length"] == "111"  # metres, as Enketo's distance()
    assert int(answers["size"]) == pytest.approx(12364, rel=0.01)  # square metres


@pytest.mark.parametrize(
    ("answers", "wrong"),
    [
        ({"home": ["91", "10", "", ""]}, "home"),
        ({"home": ["10", "", "", ""]}, "home"),
        ({"home": ["north", "10", "", ""]}, "home"),
        ({"home": ["10", "181", "", ""]}, "home"),
        ({"road": "10 10"}, "road"),
        ({"road": "10 10\n10 west"}, "road"),
        ({"field": "0 0\n0 1\n0 0"}, "field"),
    ],
)
def test_a_point_off_the_globe_or_too_few_points_gets_a_message(app, geo_survey, answers, wrong):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post(answers)
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert f'id="q_{wrong}-error"' in text
    expected = {
        "home": "a latitude from -90 to 90 and a longitude from -180 to 180",
        "road": "at least 2 points",
        "field": "at least 3 points",
    }[wrong]
    assert expected in text
    # What the person typed is still there.
    typed = answers[wrong] if isinstance(answers[wrong], str) else answers[wrong][0]
    assert typed.split("\n")[0] in text


def test_an_arabic_page_takes_arabic_indic_digits_and_keeps_its_language(app, db, geo_survey):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=ar")
    text = person.post({"home": ["٩٥", "٠", "", ""]}).get_data(as_text=True)
    assert 'lang="ar"' in text
    assert 'id="q_home-error"' in text
    assert "أين تسكن؟" in text
    person.post({"home": ["١٢٫٥".replace("٫", "."), "٣", "", ""]})
    person.submit()
    assert db.scalars(select(Response)).one().answer_map()["home"] == "12.5 3 0 0"


def test_a_stored_point_shows_again_in_its_inputs(app, db, geo_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"home": ["12.5", "-1.25", "30.5", "4"], "road": "1 1\n2 2 10 5"})
    page = person.open("/p/0").get_data(as_text=True)
    assert 'value="12.5"' in page
    assert 'value="-1.25"' in page
    assert 'value="30.5"' in page
    assert 'value="4"' in page
    assert "1 1\n2 2 10 5</textarea>" in page


def test_geo_types_round_trip_and_a_map_appearance_is_a_warning(xlsform, tmp_path):
    parsed = read_xlsform(geo_form(xlsform))
    questions = {q["name"]: q for p in parsed.definition["pages"] for q in p["questions"]}
    assert [questions[n]["type"] for n in ("home", "road", "field")] == ["geopoint", "geotrace", "geoshape"]
    assert [str(w.message) for w in parsed.warnings if w.column == "appearance"] == [
        "The appearance maps is not used by this app yet; those questions are shown as usual (rows 2)."
    ]
    again = tmp_path / "again.xlsx"
    again.write_bytes(to_xlsx(parsed.definition, "test"))
    assert parse_xlsform(again) == parsed.definition


def test_the_older_gps_name_is_a_geopoint(xlsform):
    parsed = read_xlsform(xlsform([{"type": "gps", "name": "where", "label::en": "Where?"}]))
    assert parsed.definition["pages"][0]["questions"][0]["type"] == "geopoint"


def test_a_geo_default_must_be_a_point_on_the_globe(xlsform):

    good = read_xlsform(
        xlsform([{"type": "geopoint", "name": "p", "label::en": "P", "default": "12.5 -1.25 0 0"}])
    )
    assert good.definition["pages"][0]["questions"][0]["default"] == "12.5 -1.25 0 0"
    off = read_xlsform(xlsform([{"type": "geotrace", "name": "t", "label::en": "T", "default": "95 0;1 1"}]))
    assert off.definition["pages"][0]["questions"][0]["default"] is None
    assert any("The default 95 0;1 1 is not an answer this question takes" in str(w) for w in off.warnings)


def test_enclosed_area_is_area_as_javarosa_reads_it(app, db, xlsform, channel_for):
    """pyxform's test_area: `enclosed-area()`, JavaRosa's older name of area(), runs as in ODK Collect."""
    path = xlsform(
        [
            {"type": "geoshape", "name": "field", "label::en": "Your field"},
            {"type": "calculate", "name": "old", "calculation": "round(enclosed-area(${field}), 0)"},
            {"type": "calculate", "name": "new", "calculation": "round(area(${field}), 0)"},
        ]
    )
    survey = import_survey(db, path).survey
    db.commit()
    channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"field": "0 0\n0 0.001\n0.001 0.001\n0.001 0"})
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["old"] == answers["new"]
    assert int(answers["old"]) == pytest.approx(12364, rel=0.01)
