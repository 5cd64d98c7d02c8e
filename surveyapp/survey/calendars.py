"""Other calendars for date questions, as ODK Collect's date appearances ask them.

`ethiopian`, `coptic`, `islamic`, `bikram-sambat` and `persian` show and take the date in that
calendar and store it Gregorian (`YYYY-MM-DD`), the date Collect would store: Collect converts with
Joda-Time's EthiopicChronology and CopticChronology (12 months of 30 days and a 13th of 5 or 6, a
leap year every 4), IslamicChronology (the civil epoch of 16 July 622 Julian, leap years 2, 5, 7,
10, 13, 16, 18, 21, 24, 26 and 29 of each 30: Joda's default LEAP_YEAR_16_BASED), persianjodatime's
PersianChronologyKhayyamBorkowski (Borkowski's 33-year arithmetic with its break years) and the
bikram-sambat library's month-length table (bikram_sambat.json, the same numbers its Java and
JavaScript sides carry); `myanmar` with mmcalendar's astronomical arithmetic (survey/myanmar_calendar.py,
whose months are numbered as mmcalendar numbers them, first Waso 0 and Late Tagu/Kason 13/14). The
years are Collect's pickers' (Gregorian 1900-2100; Bikram Sambat 1970-2090, its table's). The kiosk's
script (static/calendars.js) does the same arithmetic.

Days are counted as Python's `date.toordinal()` counts them (1 is 0001-01-01, proleptic Gregorian).
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from . import myanmar_calendar

# In the order Collect looks for them in an appearance.
CALENDARS = ("ethiopian", "coptic", "islamic", "bikram-sambat", "myanmar", "persian")
# Collect's pickers' years, by calendar.
YEARS = {
    "ethiopian": (1893, 2093),
    "coptic": (1617, 1817),
    "islamic": (1318, 1524),
    "bikram-sambat": (1970, 2090),
    "persian": (1278, 1478),
    "myanmar": myanmar_calendar.YEARS,
}
# The day before each calendar's first day (its epoch), as an ordinal.
_ETHIOPIC_EPOCH = 2796 - 1  # 0008-08-29 Julian
_COPTIC_EPOCH = 103605 - 1  # 0284-08-29 Julian
_ISLAMIC_EPOCH = 227015 - 1  # 0622-07-16 Julian
_PERSIAN_BREAKS = (
    -61,
    9,
    38,
    199,
    426,
    686,
    756,
    818,
    1111,
    1181,
    1210,
    1635,
    2060,
    2097,
    2192,
    2262,
    2324,
    2394,
    2456,
    3178,
)
_BS_FIRST = date(1913, 4, 13).toordinal()  # 1 Baisakh 1970


def calendar_of(appearance: str) -> str | None:
    """The calendar a date question's appearance names (Collect reads the first it finds in this
    order), or None for the Gregorian one."""
    words = appearance.split()
    return next((c for c in CALENDARS if c in words), None)


def months_in_year(calendar: str) -> int:
    return 13 if calendar in ("ethiopian", "coptic") else 12


@cache
def _bs_table() -> tuple[int, tuple[tuple[int, ...], ...]]:
    data = json.loads((Path(__file__).with_name("bikram_sambat.json")).read_text(encoding="utf-8"))
    return data["first_year"], tuple(tuple(year) for year in data["months"])


@cache
def _bs_years_before() -> tuple[int, ...]:
    """Days of the table's years before each year (and after the last)."""
    totals = [0]
    for months in _bs_table()[1]:
        totals.append(totals[-1] + sum(months))
    return tuple(totals)


def kiosk_calendars(calendars: set[str]) -> dict[str, Any]:
    """What static/calendars.js needs besides its arithmetic: Bikram Sambat's table, each year's
    twelve month lengths as digits (29 is 0), only for a survey that asks in that calendar (the
    page a tablet keeps has its budget)."""
    if "bikram-sambat" not in calendars:
        return {}
    first, table = _bs_table()
    return {
        "bikramSambat": {
            "firstYear": first,
            "months": "".join(str(days - 29) for year in table for days in year),
        }
    }


def _persian_first_day(year: int) -> int:
    """The ordinal of 1 Farvardin of a year (Borkowski's arithmetic as persianjodatime writes it)."""
    leaps, jump, before = -14, 0, _PERSIAN_BREAKS[0]
    for after in _PERSIAN_BREAKS[1:]:
        jump = after - before
        if year < after:
            break
        leaps += jump // 33 * 8 + jump % 33 // 4
        before = after
    since = year - before
    leaps += since // 33 * 8 + (since % 33 + 3) // 4
    if jump % 33 == 4 and jump - since == 4:
        leaps += 1
    gregorian = year + 621
    gregorian_leaps = gregorian // 4 - (gregorian // 100 + 1) * 3 // 4 - 150
    return date(gregorian, 3, 1).toordinal() + 19 + leaps - gregorian_leaps


def _persian_leap(year: int) -> bool:
    """Whether Esfand has 30 days (persianjodatime's isLeapYear)."""
    jump, before = 0, _PERSIAN_BREAKS[0]
    for after in _PERSIAN_BREAKS[1:]:
        jump = after - before
        if year < after:
            break
        before = after
    since = year - before
    if jump - since < 6:
        since = since - jump + (jump + 4) // 33 * 33
    return ((since + 1) % 33 - 1) % 4 == 0


def days_in_month(calendar: str, year: int, month: int) -> int:
    if calendar == "myanmar":
        return myanmar_calendar.days_in_month(year, month)
    if calendar in ("ethiopian", "coptic"):
        return 30 if month < 13 else 6 if year % 4 == 3 else 5
    if calendar == "islamic":
        leap = (14 + 11 * year) % 30 < 11
        return 30 if month % 2 == 1 or (month == 12 and leap) else 29
    if calendar == "persian":
        return 31 if month < 7 else 30 if month < 12 or _persian_leap(year) else 29
    first, table = _bs_table()
    return table[year - first][month - 1]


def _valid(calendar: str, year: int, month: int, day: int) -> bool:
    low, high = YEARS[calendar]
    return (
        low <= year <= high
        and 1 <= month <= months_in_year(calendar)
        and 1 <= day <= days_in_month(calendar, year, month)
    )


def to_gregorian(calendar: str, year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a date in the calendar, or None where the calendar has no such day
    (day 31 of a 30-day month) or it lies outside Collect's years."""
    if calendar == "myanmar":
        return myanmar_calendar.to_gregorian(year, month, day)
    if not _valid(calendar, year, month, day):
        return None
    return date.fromordinal(_ordinal(calendar, year, month, day))


def _ordinal(calendar: str, year: int, month: int, day: int) -> int:
    if calendar in ("ethiopian", "coptic"):
        epoch = _ETHIOPIC_EPOCH if calendar == "ethiopian" else _COPTIC_EPOCH
        return epoch + 365 * (year - 1) + year // 4 + 30 * (month - 1) + day
    if calendar == "islamic":
        return _ISLAMIC_EPOCH + 354 * (year - 1) + (3 + 11 * year) // 30 + 29 * (month - 1) + month // 2 + day
    if calendar == "persian":
        return (
            _persian_first_day(year) - 1 + (31 * (month - 1) if month <= 7 else 186 + 30 * (month - 7)) + day
        )
    first, table = _bs_table()
    before = sum(table[year - first][: month - 1]) if month > 1 else 0
    return _BS_FIRST - 1 + _bs_years_before()[year - first] + before + day


def from_gregorian(calendar: str, day: date) -> tuple[int, int, int] | None:
    """(year, month, day) in the calendar of a Gregorian date, None outside Collect's years."""
    if calendar == "myanmar":
        return myanmar_calendar.from_gregorian(day)
    low, high = YEARS[calendar]
    ordinal, start = day.toordinal(), _ordinal(calendar, low, 1, 1)
    if not start <= ordinal < _ordinal(calendar, high + 1, 1, 1):
        return None
    # No year is shorter than 354 days (an Islamic one) or 365 (the others): a lower bound.
    year = low + (ordinal - start) // (355 if calendar == "islamic" else 366)
    while year < high and _ordinal(calendar, year + 1, 1, 1) <= ordinal:
        year += 1
    rest, month = ordinal - _ordinal(calendar, year, 1, 1), 1
    while rest >= days_in_month(calendar, year, month):
        rest -= days_in_month(calendar, year, month)
        month += 1
    return year, month, rest + 1


def first_day(calendar: str, year: int, month: int | None = None) -> tuple[int, int]:
    """(month, day) of the first day of a month of the year, or of the year where month is None:
    what `month-year` and `year` store. Day 1 (of month 1), except in the Myanmar calendar, whose
    year starts at its new year, within Tagu."""
    if calendar == "myanmar":
        return myanmar_calendar.first_day(year, month)
    return month or 1, 1
