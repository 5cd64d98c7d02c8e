"""Dates asked in parts, as ODK's date appearances ask them, without a calendar picker.

`no-calendar`: a day, a month and a year; `month-year`: a month and a year, stored as the first of
the month (`YYYY-MM-01`, as ODK stores it); `year`: a year, stored as `YYYY-01-01`. The inputs post
in this order (day, month, year), so that the server and the kiosk's script read them alike.

A date in another calendar (`ethiopian`, `persian`...: survey/calendars.py) is asked the same way, in
that calendar's days, months and years, and stored as its Gregorian date. With `month-year` it is
the first day of the calendar's month, with `year` the first day of the calendar's year (Collect
keeps whatever day its hidden spinner holds; the first is the one that does not depend on today). A
Myanmar year begins at its new year, within Tagu: its first day and its Tagu's are that day.
"""

from __future__ import annotations

import re
from datetime import date

from babel.core import UnknownLocaleError
from babel.dates import get_month_names
from flask_babel import get_locale
from flask_babel import gettext as _

from .calendar_months import calendar_months
from .calendars import YEARS, calendar_of, first_day, from_gregorian, to_gregorian
from .digits import ascii_digits

DATE_PARTS = ("no-calendar", "month-year", "year")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
WHOLE = re.compile(r"\d{1,9}", re.ASCII)
PARTS = {"no-calendar": ("day", "month", "year"), "month-year": ("month", "year"), "year": ("year",)}


def date_parts(appearance: str) -> str | None:
    """The way a date question is asked in parts, from its appearance (the most specific word)."""
    words = appearance.split()
    kind = next((w for w in ("year", "month-year", "no-calendar") if w in words), None)
    return kind or ("no-calendar" if calendar_of(appearance) else None)


def parts_message(kind: str, calendar: str | None = None) -> str:
    if calendar:
        low, high = YEARS[calendar]
        if kind == "year":
            return _("Please enter a year from %(low)d to %(high)d in this calendar.", low=low, high=high)
        if kind == "month-year":
            return _(
                "Please choose a month and enter a year from %(low)d to %(high)d in this calendar.",
                low=low,
                high=high,
            )
        return _(
            "Please enter a day, choose a month and enter a year from %(low)d to %(high)d, "
            "that make a date in this calendar.",
            low=low,
            high=high,
        )
    if kind == "year":
        return _("Please enter a year with 4 digits, like 2024.")
    if kind == "month-year":
        return _("Please choose a month and enter a year with 4 digits, like 2024.")
    return _("Please enter a day, choose a month and enter a year with 4 digits, that make a date.")


def parse_date_parts(kind: str, raw: object, calendar: str | None = None) -> tuple[str | None, str | None]:
    """(stored date, error) from the posted parts, or from a stored date's text (a kiosk's)."""
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None, None
        values = _iso_parts(text, calendar)
        if values is None:
            return None, parts_message(kind, calendar)
    else:
        posted = [ascii_digits(str(v)).strip() for v in raw or []]
        if not any(posted):
            return None, None
        values = dict(zip(PARTS[kind], posted, strict=False))
    year = values.get("year", "")
    month = values.get("month", "") if kind != "year" else "1"
    day_of_month = values.get("day", "") if kind == "no-calendar" else "1"
    if (
        not re.fullmatch(r"\d{4}", year, re.ASCII)
        or not WHOLE.fullmatch(month)
        or not WHOLE.fullmatch(day_of_month)
    ):
        return None, parts_message(kind, calendar)
    if calendar:
        numbers = int(year), int(month), int(day_of_month)
        if kind != "no-calendar":
            numbers = (numbers[0], *first_day(calendar, numbers[0], None if kind == "year" else numbers[1]))
        day = to_gregorian(calendar, *numbers)
        return (day.isoformat(), None) if day else (None, parts_message(kind, calendar))
    try:
        gregorian = date(int(year), int(month), int(day_of_month))
    except ValueError:
        return None, parts_message(kind)
    return gregorian.isoformat(), None


def _iso_parts(text: str, calendar: str | None) -> dict[str, str] | None:
    """A stored date's parts in the question's calendar (None if it is not a date there)."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    parts = from_gregorian(calendar, day) if calendar else (day.year, day.month, day.day)
    return None if parts is None else {"year": f"{parts[0]:04}", "month": str(parts[1]), "day": str(parts[2])}


def shown_date_parts(kind: str, value: str | None, calendar: str | None = None) -> list[str]:
    """A stored date as its parts' inputs show it."""
    values = _iso_parts(value or "", calendar)
    if values is None:
        return [""] * len(PARTS[kind])
    return [values[p] for p in PARTS[kind]]


def month_names(calendar: str | None = None) -> list[tuple[str, str]]:
    """(number, name) of the months in the person's language (the number alone where the locale
    data has no names); a calendar's own months for a question in another calendar."""
    if calendar:
        return calendar_months(calendar)
    try:
        names = get_month_names("wide", locale=str(get_locale() or "en"))
    except (UnknownLocaleError, ValueError):
        names = {}
    return [(str(m), f"{m} – {names[m]}" if m in names else str(m)) for m in range(1, 13)]
