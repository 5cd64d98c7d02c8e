"""Date questions in other calendars (`ethiopian`, `coptic`, `islamic`, `bikram-sambat`, `persian`,
`myanmar`) walked without JavaScript: the day, month and year are typed in the calendar and stored as the
Gregorian date ODK Collect stores (published dates, tests/survey/test_calendars.py); the review shows the
date in its calendar with the stored one, as Collect's widget does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.xlsform import read_xlsform

from .respondent import Respondent


def calendars_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "date", "name": "enku", "label::en": "Ethiopian date", "appearance": "ethiopian"},
            {"type": "date", "name": "nayrouz", "label::en": "Coptic date", "appearance": "coptic"},
            {"type": "date", "name": "hijri", "label::en": "Hijri date", "appearance": "islamic"},
            {"type": "date", "name": "nepal", "label::en": "Nepali date", "appearance": "bikram-sambat"},
            {
                "type": "date",
                "name": "nowruz",
                "label::en": "Persian month",
                "appearance": "month-year persian",
            },
            {
                "type": "date",
                "name": "bs_year",
                "label::en": "Nepali year",
                "appearance": "year bikram-sambat",
            },
            {"type": "date", "name": "lent", "label::en": "Myanmar date", "appearance": "myanmar"},
            {
                "type": "date",
                "name": "mm_month",
                "label::en": "Myanmar month",
                "appearance": "month-year myanmar",
            },
            {"type": "date", "name": "mm_year", "label::en": "Myanmar year", "appearance": "year myanmar"},
        ]
    )


@pytest.fixture
def calendars_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, calendars_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


ANSWERS = {
    "enku": ["1", "1", "2016"],
    "nayrouz": ["1", "1", "1741"],
    "hijri": ["1", "9", "1444"],
    "nepal": ["१", "1", "२०८०"],
    "nowruz": ["1", "1403"],
    "bs_year": ["2081"],
    "lent": ["15", "4", "1385"],  # the full moon of second Waso 1385
    "mm_month": ["1", "1385"],  # Tagu 1385: from the new year, its 28th
    "mm_year": ["1386"],
}
STORED = {
    "enku": "2023-09-12",
    "nayrouz": "2024-09-11",
    "hijri": "2023-03-23",
    "nepal": "2023-04-14",
    "nowruz": "2024-03-20",
    "bs_year": "2024-04-13",
    "lent": "2023-08-01",
    "mm_month": "2023-04-17",
    "mm_year": "2024-04-17",
}


def test_calendars_import_without_warnings(xlsform):
    assert not read_xlsform(calendars_form(xlsform)).warnings


def test_a_calendar_on_a_date_and_time_is_a_warning(xlsform):
    """The app asks a dateTime Gregorian: said, not silently changed."""
    parsed = read_xlsform(
        xlsform([{"type": "dateTime", "name": "at", "label::en": "When", "appearance": "ethiopian"}])
    )
    assert [str(w.message) for w in parsed.warnings] == [
        "The appearance ethiopian is not used by this app yet; those questions are shown as usual (rows 2)."
    ]


def test_dates_typed_in_a_calendar_are_stored_as_collect_stores_them(app, db, calendars_survey):
    person = Respondent(app.test_client())
    page = person.open("/p/0").get_data(as_text=True)
    assert 'type="date"' not in page
    assert "Date in the Ethiopian calendar" in page
    assert "13 – Pagume" in page  # the 13th month
    assert "1 – Farvardin" in page
    assert "1 – बैशाख (Baishakh)" in page
    assert "Date in the Myanmar calendar" in page
    assert '<option value="0">ပဝါဆို (First Waso)</option>' in page
    assert "ဝါဆို / ဒုဝါဆို (Waso / Second Waso)" in page
    review = person.post(ANSWERS).get_data(as_text=True)
    assert "1 Meskerem 2016 (2023-09-12)" in review
    assert "1 Ramadan 1444 (2023-03-23)" in review
    assert "Farvardin 1403 (2024-03-20)" in review
    assert "2081 (2024-04-13)" in review
    assert "15 ဒုဝါဆို (Second Waso) 1385 (2023-08-01)" in review
    assert "တန်ခူး (Tagu) 1385 (2023-04-17)" in review
    person.submit()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == STORED


def test_a_stored_date_shows_in_its_calendar(app, calendars_survey):
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"enku": ["6", "13", "2015"], "nowruz": ["12", "1403"]})
    text = person.open("/p/0").get_data(as_text=True)
    assert 'id="q_enku" name="q_enku" value="6"' in text
    assert '<option value="13" selected>13 – Pagume' in text
    assert 'id="q_enku-year" name="q_enku" value="2015"' in text
    assert '<option value="12" selected>12 – Esfand' in text


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"enku": ["6", "13", "2016"]},  # Pagume 2016 has 5 days
            "Please enter a day, choose a month and enter a year from 1893 to 2093, that make a date in "
            "this calendar.",
        ),
        ({"hijri": ["30", "2", "1445"]}, "from 1318 to 1524, that make a date"),
        ({"nepal": ["32", "1", "2080"]}, "from 1970 to 2090, that make a date"),
        ({"nepal": ["1", "1", "2091"]}, "from 1970 to 2090, that make a date"),
        (
            {"nowruz": ["", "1403"]},
            "Please choose a month and enter a year from 1278 to 1478 in this calendar.",
        ),
        ({"bs_year": ["1969"]}, "Please enter a year from 1970 to 2090 in this calendar."),
        ({"nayrouz": ["1", "1", "17"]}, "from 1617 to 1817, that make a date"),
        ({"lent": ["1", "0", "1386"]}, "from 1261 to 1462, that make a date"),  # 1386 has no first Waso
        ({"lent": ["5", "1", "1386"]}, "from 1261 to 1462, that make a date"),  # 1385's Late Tagu
        ({"mm_year": ["1463"]}, "Please enter a year from 1261 to 1462 in this calendar."),
    ],
)
def test_a_day_the_calendar_does_not_have_gets_a_message(app, calendars_survey, answers, message):
    person = Respondent(app.test_client())
    person.open("/p/0")
    page = person.post(answers)
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)


def test_a_kiosks_stored_date_is_read_in_the_questions_calendar(app):
    """A kiosk sends the Gregorian date it stored: the server reads it in the calendar, so that a
    `month-year` one is the first of its calendar month whatever day it names."""
    from surveyapp.survey.date_parts import parse_date_parts

    with app.test_request_context():
        assert parse_date_parts("month-year", "2024-03-25", "persian") == ("2024-03-20", None)
        assert parse_date_parts("year", "2024-12-01", "bikram-sambat") == ("2024-04-13", None)
        assert parse_date_parts("no-calendar", "2023-09-12", "ethiopian") == ("2023-09-12", None)
        assert parse_date_parts("no-calendar", "1850-01-01", "ethiopian")[0] is None
        assert parse_date_parts("no-calendar", "2023-02-30", "ethiopian")[0] is None
        # Tagu 1385 begins at the new year (its 28th), Kason on the 19th of April
        assert parse_date_parts("month-year", "2023-04-18", "myanmar") == ("2023-04-17", None)
        assert parse_date_parts("month-year", "2023-05-01", "myanmar") == ("2023-04-19", None)
        assert parse_date_parts("year", "2024-03-01", "myanmar") == ("2023-04-17", None)
        assert parse_date_parts("no-calendar", "2023-08-01", "myanmar") == ("2023-08-01", None)
