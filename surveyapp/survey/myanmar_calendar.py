"""The Myanmar calendar as ODK Collect's `myanmar` appearance asks it (Yan Naing Aye's mmcalendar,
whose algorithm is published as "Algorithm, Program and Calculation of Myanmar Calendar").

A lunisolar calendar: months of 29 and 30 days from the new moon, a year that starts on the day after
Thingyan's atat time (the sun's entry into Aries, by the calendar's own solar year), and leap ("watat")
years of 13 months, where a first Waso of 30 days comes before (second) Waso, and "big watat" years
where Nayon gets a 30th day as well. Which years are watat follows the excess days of the solar over
the lunar year, with the calendar advisory board's exceptions in the tables below. A year's months
run from the new year (in Tagu) to the next, so its last ones are "Late Tagu" and "Late Kason".

Months are numbered as mmcalendar numbers them: Tagu 1 ... Tabaung 12, first Waso 0, Late Tagu 13,
Late Kason 14. Days are the day of the month (1-30), as Collect's day picker shows them. Collect's
years are 1261-1462 (Gregorian 1900-2100), which lie in the calendar's second era (1217-1311, under
British rule) and third (1312 on, after Independence): only those two eras' constants are here.
static/calendars.js does the same arithmetic day for day.
"""

from __future__ import annotations

from datetime import date
from math import floor

YEARS = (1261, 1462)
SOLAR_YEAR = 1577917828.0 / 4320000.0  # days (365.2587565)
LUNAR_MONTH = 1577917828.0 / 53433336.0  # days (29.53058795)
EPOCH = 1954168.050623  # the Julian day at the beginning of year 0
JULIAN_DAY = 1721425  # a Julian day number less Python's ordinal of the same day
# By era, from its first year: the watat offset, the months used to find the excess days, the
# full-moon day offsets the board set for some years, and the years whose watat it reversed.
ERAS = (
    (1312, -0.5, 8, {1377: 1}, frozenset({1344, 1345})),
    (1217, -1.0, 4, {1234: 1, 1261: -1}, frozenset({1263, 1264})),
)
# Months in a year's order (first Waso only in a watat year, Late Kason only in some years).
MONTH_ORDER = (1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)


def _round(x: float) -> int:
    """Rounding half up, as the published algorithm does (not Python's half to even)."""
    return floor(x + 0.5)


def _watat(year: int) -> tuple[bool, int]:
    """Whether the year has a leap month, and the Julian day of its (second) Waso's full moon."""
    _, offset, months, moved, reversed_ = next(e for e in ERAS if year >= e[0])
    offset += moved.get(year, 0)
    excess = (SOLAR_YEAR * (year + 3739)) % LUNAR_MONTH
    if excess < (SOLAR_YEAR / 12 - LUNAR_MONTH) * (12 - months):
        excess += LUNAR_MONTH
    full_moon = _round(SOLAR_YEAR * year + EPOCH - excess + 4.5 * LUNAR_MONTH + offset)
    watat = excess >= LUNAR_MONTH - (SOLAR_YEAR / 12 - LUNAR_MONTH) * months
    return watat != (year in reversed_), full_moon


def _year(year: int) -> tuple[int, int]:
    """(kind, first day of Tagu as a Julian day): kind 0 is a common year, 1 a little watat year
    (384 days), 2 a big watat (385), told apart by the days between two watat years' full moons."""
    watat, full_moon = _watat(year)
    back = 0
    while True:
        back += 1
        before, before_full_moon = _watat(year - back)
        if before or back >= 3:
            break
    kind = ((full_moon - before_full_moon) % 354) // 31 + 1 if watat else 0
    return kind, before_full_moon + 354 * back - 102


def _length(kind: int) -> int:
    return 354 + (30 if kind else 0) + kind // 2


def from_julian_day(day: int) -> tuple[int, int, int]:
    """(year, month, day of the month) of a Julian day number."""
    year = floor((day - 0.5 - EPOCH) / SOLAR_YEAR)
    kind, tagu = _year(year)
    count = day - tagu + 1
    big, common = kind // 2, 1 if kind == 0 else 0
    late = (count - 1) // _length(kind)
    count -= late * _length(kind)
    a = (count + 423) // 512
    month = floor((count - big * a + common * a * 30 + 29.26) / 29.544)
    e, f = (month + 12) // 16, (month + 11) // 16
    month_day = count - floor(29.544 * month - 29.26) - big * e + common * f * 30
    return year, month + f * 3 - e * 4 + 12 * late, month_day


def to_julian_day(year: int, month: int, day: int) -> int:
    """The Julian day number of a date (not checked: see `to_gregorian`)."""
    kind, tagu = _year(year)
    late = month // 13
    month = month % 13 + late
    big, common = kind // 2, 1 if kind == 0 else 0
    month += 4 - (month + 15) // 16 * 4 + (month + 12) // 16
    count = day + floor(29.544 * month - 29.26)
    count += big * ((month + 12) // 16) - common * ((month + 11) // 16) * 30
    return count + late * _length(kind) + tagu - 1


def is_watat(year: int) -> bool:
    return _year(year)[0] > 0


def days_in_month(year: int, month: int) -> int:
    """29 or 30: the odd months have 29, Nayon 30 in a big watat year."""
    return 30 - month % 2 + (1 if month == 3 and _year(year)[0] == 2 else 0)


def _exists(year: int, month: int, day: int) -> bool:
    """Whether the year has that day: days of Tagu before the new year are the year before's Late
    Tagu, first Waso is in watat years only, and a day past the month's length is the next month's."""
    if not (YEARS[0] <= year <= YEARS[1] and 0 <= month <= 14 and 1 <= day <= 30):
        return False
    return from_julian_day(to_julian_day(year, month, day)) == (year, month, day)


def to_gregorian(year: int, month: int, day: int) -> date | None:
    if not _exists(year, month, day):
        return None
    return date.fromordinal(to_julian_day(year, month, day) - JULIAN_DAY)


def from_gregorian(day: date) -> tuple[int, int, int] | None:
    parts = from_julian_day(day.toordinal() + JULIAN_DAY)
    return parts if YEARS[0] <= parts[0] <= YEARS[1] else None


def first_day(year: int, month: int | None = None) -> tuple[int, int]:
    """(month, day) of the first day of a month of the year, or of the year (its new year's day):
    what a `month-year` or `year` question stores, as Collect's picker starts the first month at
    the new year. (month, 1) where the year has no such month."""
    if not YEARS[0] <= year <= YEARS[1]:
        return month or 1, 1
    if month is None:
        start = floor(SOLAR_YEAR * year + EPOCH + 0.5) + 1  # the day after the atat time
        return from_julian_day(start)[1:]
    return month, next((d for d in range(1, 31) if _exists(year, month, d)), 1)


def months_of(year: int) -> list[int]:
    """The year's months in order, from the new year to the next."""
    return [m for m in MONTH_ORDER if any(_exists(year, m, d) for d in (1, 15, 29))]
