"""Dates in other calendars convert as ODK Collect converts them (survey/calendars.py), checked against
conversions made outside this project: tests/data/calendar_references.json was written once by the
libraries Collect uses or their published twins (its "sources" say which), and the dates below are
published ones (Ethiopian and Nepali New Years, Nowruz, Islamic New Year 1445; Myanmar New Years,
the full moons of Kason (Buddha Day), Tabaung and of the second Waso of the watat year 1385, when the
Buddhist Lent began on 1 August 2023)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from surveyapp.survey.calendars import (
    CALENDARS,
    calendar_of,
    days_in_month,
    first_day,
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
    ("myanmar", (1385, 1, 28), "2023-04-17"),  # Myanmar New Year 1385
    ("myanmar", (1386, 1, 9), "2024-04-17"),  # Myanmar New Year 1386
    ("myanmar", (1381, 1, 13), "2019-04-17"),  # Myanmar New Year 1381
    ("myanmar", (1386, 2, 15), "2024-05-22"),  # full moon of Kason 1386 (Buddha Day)
    ("myanmar", (1385, 2, 15), "2023-05-03"),  # full moon of Kason 1385
    ("myanmar", (1385, 12, 15), "2024-03-24"),  # full moon of Tabaung 1385
    ("myanmar", (1385, 4, 15), "2023-08-01"),  # full moon of second Waso 1385: the Lent began
    ("myanmar", (1385, 0, 15), "2023-07-02"),  # full moon of first Waso 1385
    ("myanmar", (1386, 4, 15), "2024-07-20"),  # full moon of Waso 1386 (a common year)
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
        ("myanmar", (1386, 0, 1)),  # 1386 is not a watat year: no first Waso
        ("myanmar", (1386, 1, 8)),  # the day before 1386's new year is 1385's Late Tagu
        ("myanmar", (1386, 14, 1)),  # 1386 has no Late Kason
        ("myanmar", (1386, 1, 30)),  # Tagu has 29 days
        ("myanmar", (1386, 3, 30)),  # Nayon has 30 days in a big watat year only
        ("myanmar", (1260, 5, 1)),  # before Collect's years
        ("myanmar", (1463, 5, 1)),
        ("myanmar", (1386, 15, 1)),
    ],
)
def test_a_day_the_calendar_does_not_have_is_none(calendar, parts):
    assert to_gregorian(calendar, *parts) is None


def test_month_lengths_add_up_to_the_years():
    for calendar in set(CALENDARS) - {"myanmar"}:
        year = {"ethiopian": 2015, "coptic": 1739, "islamic": 1445, "persian": 1403, "bikram-sambat": 2080}[
            calendar
        ]
        months = 13 if calendar in ("ethiopian", "coptic") else 12
        total = sum(days_in_month(calendar, year, m) for m in range(1, months + 1))
        start, after = to_gregorian(calendar, year, 1, 1), to_gregorian(calendar, year + 1, 1, 1)
        assert start
        assert after
        assert (after - start).days == total


def test_a_myanmar_year_runs_from_its_new_year_through_its_months_to_the_next():
    """From 1261 to 1462 a year runs from new year's day (the day after the sun's atat time) to the
    next, 365 or 366 days; the day before belongs to the year before; watat years (7 in 19) have a
    first Waso, and some of them (the big watat years) a 30th of Nayon."""
    lengths = set()
    for year in range(1261, 1462):
        start = to_gregorian("myanmar", year, *first_day("myanmar", year))
        after = to_gregorian("myanmar", year + 1, *first_day("myanmar", year + 1))
        assert start
        assert after
        lengths.add((after - start).days)
        assert from_gregorian("myanmar", start)[0] == year
        before = from_gregorian("myanmar", date.fromordinal(start.toordinal() - 1))
        assert (before[0] if before else None) == (year - 1 if year > 1261 else None)
    assert lengths == {365, 366}
    watat = [y for y in range(1261, 1463) if to_gregorian("myanmar", y, 0, 1)]
    big = [y for y in range(1261, 1463) if to_gregorian("myanmar", y, 3, 30)]
    assert 70 <= len(watat) <= 76  # 7 in 19 years
    assert set(big) < set(watat)
    assert big


def test_myanmar_months_follow_one_another():
    day = to_gregorian("myanmar", 1385, 3, 30)  # Nayon's 30th (1385 is a big watat year), first Waso
    assert day
    assert from_gregorian("myanmar", day.fromordinal(day.toordinal() + 1)) == (1385, 0, 1)
    assert days_in_month("myanmar", 1385, 0) == 30
    assert days_in_month("myanmar", 1385, 3) == 30
    assert days_in_month("myanmar", 1386, 3) == 29
    assert days_in_month("myanmar", 1385, 4) == 30
    assert days_in_month("myanmar", 1385, 1) == 29
    # Late Tagu: the Tagu before the next new year (1387's is on 17 April 2025, its 20th)
    assert to_gregorian("myanmar", 1386, 13, 1) == date(2025, 3, 29)
    assert from_gregorian("myanmar", date(2025, 4, 16)) == (1386, 13, 19)
    assert to_gregorian("myanmar", 1386, 13, 20) is None
    assert from_gregorian("myanmar", date(2025, 4, 17)) == (1387, 1, 20)
    assert first_day("myanmar", 1386) == (1, 9)
    assert first_day("myanmar", 1386, 5) == (5, 1)
    assert first_day("ethiopian", 2016) == (1, 1)


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
