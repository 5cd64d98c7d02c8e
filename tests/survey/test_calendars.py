"""Dates in other calendars convert as ODK Collect converts them (survey/calendars.py), checked against
conversions made outside this project: tests/data/calendar_references.json was written once by the
libraries Collect uses or their published twins (its "sources" say which), and the dates below are
published ones (Ethiopian and Nepali New Years, Nowruz, Islamic New Year 1445)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from surveyapp.survey.calendars import (
    CALENDARS,
    calendar_of,
    days_in_month,
    from_gregorian,
    kiosk_calendars,
    to_gregorian,
)

REFERENCES = json.loads((Path(__file__).parents[1] / "data" / "calendar_references.json").read_text("utf-8"))

PUBLISHED = [
    ("ethiopian", (2016, 1, 1), "2023-09-12"),  # Enkutatash 2016
    ("ethiopian", (2017, 1, 1), "2024-09-11"),
    ("ethiopian", (2015, 13, 6), "2023-09-11"),  # Pagume 6 of the leap year 2015
    ("coptic", (1740, 1, 1), "2023-09-12"),  # Nayrouz 1740
    ("coptic", (1741, 1, 1), "2024-09-11"),
    ("islamic", (1445, 1, 1), "2023-07-19"),  # Islamic New Year 1445
    ("islamic", (1444, 9, 1), "2023-03-23"),  # Ramadan 1444 began
    ("persian", (1403, 1, 1), "2024-03-20"),  # Nowruz 1403
    ("persian", (1404, 1, 1), "2025-03-21"),
    ("persian", (1403, 12, 30), "2025-03-20"),  # 1403 is a leap year
    ("bikram-sambat", (2080, 1, 1), "2023-04-14"),  # Nepali New Year 2080
    ("bikram-sambat", (2081, 1, 1), "2024-04-13"),
    ("bikram-sambat", (2082, 1, 1), "2025-04-14"),
    ("bikram-sambat", (2007, 1, 1), "1950-04-13"),
]


def test_the_references_cover_each_calendar_across_collects_years():
    assert set(REFERENCES["sources"]) == set(CALENDARS)
    for calendar in CALENDARS:
        years = {row[1] for row in REFERENCES[calendar]}
        assert len(REFERENCES[calendar]) >= 360
        assert max(years) - min(years) >= 119


@pytest.mark.parametrize("calendar", CALENDARS)
def test_the_reference_dates_convert_both_ways(calendar):
    wrong = [
        row
        for row in REFERENCES[calendar]
        if to_gregorian(calendar, *row[1:]) != date.fromisoformat(row[0])
        or from_gregorian(calendar, date.fromisoformat(row[0])) != tuple(row[1:])
    ]
    assert wrong == []


@pytest.mark.parametrize(("calendar", "parts", "gregorian"), PUBLISHED)
def test_published_dates(calendar, parts, gregorian):
    assert to_gregorian(calendar, *parts) == date.fromisoformat(gregorian)
    assert from_gregorian(calendar, date.fromisoformat(gregorian)) == parts


@pytest.mark.parametrize(
    ("calendar", "parts"),
    [
        ("ethiopian", (2016, 13, 6)),  # Pagume has 5 days in 2016
        ("ethiopian", (2016, 14, 1)),
        ("ethiopian", (2016, 2, 31)),
        ("coptic", (1741, 13, 6)),
        ("islamic", (1445, 2, 30)),  # Safar has 29 days
        ("islamic", (1445, 13, 1)),
        ("persian", (1402, 12, 30)),  # 1402 is not a leap year
        ("persian", (1403, 7, 31)),  # Mehr has 30 days
        ("bikram-sambat", (2080, 1, 32)),  # Baishakh 2080 has 31 days
        ("bikram-sambat", (2091, 1, 1)),  # past the table
        ("bikram-sambat", (1969, 12, 1)),
        ("ethiopian", (1892, 1, 1)),  # before Collect's years
        ("persian", (1479, 1, 1)),
        ("islamic", (1445, 1, 0)),
    ],
)
def test_a_day_the_calendar_does_not_have_is_none(calendar, parts):
    assert to_gregorian(calendar, *parts) is None


def test_month_lengths_add_up_to_the_years():
    for calendar in CALENDARS:
        year = {"ethiopian": 2015, "coptic": 1739, "islamic": 1445, "persian": 1403, "bikram-sambat": 2080}[
            calendar
        ]
        months = 13 if calendar in ("ethiopian", "coptic") else 12
        total = sum(days_in_month(calendar, year, m) for m in range(1, months + 1))
        start, after = to_gregorian(calendar, year, 1, 1), to_gregorian(calendar, year + 1, 1, 1)
        assert start
        assert after
        assert (after - start).days == total


def test_outside_collects_years_there_is_no_calendar_date():
    assert from_gregorian("bikram-sambat", date(1913, 4, 12)) is None
    assert from_gregorian("bikram-sambat", date(1913, 4, 13)) == (1970, 1, 1)
    assert from_gregorian("ethiopian", date(2200, 1, 1)) is None


def test_the_appearance_names_the_calendar():
    assert calendar_of("ethiopian") == "ethiopian"
    assert calendar_of("month-year bikram-sambat") == "bikram-sambat"
    assert calendar_of("no-calendar") is None
    assert calendar_of("minimal") is None


def test_only_a_bikram_sambat_survey_carries_the_table():
    assert kiosk_calendars({"persian"}) == {}
    table = kiosk_calendars({"bikram-sambat"})["bikramSambat"]
    assert table["firstYear"] == 1970
    assert len(table["months"]) == 121 * 12
    assert set(table["months"]) <= set("0123")
