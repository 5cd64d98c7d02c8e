"""The months of the other calendars (survey/calendars.py), in the person's language where the
catalogue has them, and how a date in one reads on the review page.

The names are the ones ODK Collect shows in English; Bikram Sambat's also carry the Devanagari name
Collect shows (the bikram-sambat library's), since that calendar's months are read in Nepali, and the
Myanmar calendar's the Burmese one (mmcalendar's). The Ethiopian and the Persian calendar each have a
month "Tir": a context keeps them apart for translators. A Myanmar month select lists the months in a
year's order with first Waso and Late Tagu/Kason among them (the years that lack them refuse them).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from . import myanmar_calendar
from .calendars import from_gregorian

MONTHS = {
    "ethiopian": (
        _l("Meskerem"),
        _l("Tikimt"),
        _l("Hidar"),
        _l("Tahsas"),
        lazy_pgettext("Ethiopian month", "Tir"),
        _l("Yekatit"),
        _l("Megabit"),
        _l("Miazia"),
        _l("Genbot"),
        _l("Sene"),
        _l("Hamle"),
        _l("Nehase"),
        _l("Pagume"),
    ),
    "coptic": (
        _l("Thout"),
        _l("Paopi"),
        _l("Hathor"),
        _l("Koiak"),
        _l("Tobi"),
        _l("Meshir"),
        _l("Paremhat"),
        _l("Parmouti"),
        _l("Pashons"),
        _l("Paoni"),
        _l("Epip"),
        _l("Mesori"),
        _l("Nasie"),
    ),
    "islamic": (
        _l("Muharram"),
        _l("Safar"),
        _l("Rabi' al-awwal"),
        _l("Rabi' al-thani"),
        _l("Jumada al-awwal"),
        _l("Jumada al-thani"),
        _l("Rajab"),
        _l("Sha'ban"),
        _l("Ramadan"),
        _l("Shawwal"),
        _l("Dhu al-Qi'dah"),
        _l("Dhu al-Hijjah"),
    ),
    "bikram-sambat": (
        _l("Baishakh"),
        _l("Jestha"),
        _l("Ashadh"),
        _l("Shrawan"),
        _l("Bhadra"),
        _l("Ashwin"),
        _l("Kartik"),
        _l("Mangsir"),
        _l("Poush"),
        _l("Magh"),
        _l("Falgun"),
        _l("Chaitra"),
    ),
    "persian": (
        _l("Farvardin"),
        _l("Ordibehesht"),
        _l("Khordad"),
        lazy_pgettext("Persian month", "Tir"),
        _l("Mordad"),
        _l("Shahrivar"),
        _l("Mehr"),
        _l("Aban"),
        _l("Azar"),
        _l("Dey"),
        _l("Bahman"),
        _l("Esfand"),
    ),
}
# By mmcalendar's month number (first Waso 0, Late Tagu 13, Late Kason 14).
MYANMAR = (
    _l("First Waso"),
    _l("Tagu"),
    _l("Kason"),
    _l("Nayon"),
    _l("Waso"),
    _l("Wagaung"),
    _l("Tawthalin"),
    _l("Thadingyut"),
    _l("Tazaungmon"),
    _l("Nadaw"),
    _l("Pyatho"),
    _l("Tabodwe"),
    _l("Tabaung"),
    _l("Late Tagu"),
    _l("Late Kason"),
)
BURMESE = (
    "ပဝါဆို",
    "တန်ခူး",
    "ကဆုန်",
    "နယုန်",
    "ဝါဆို",
    "ဝါခေါင်",
    "တော်သလင်း",
    "သီတင်းကျွတ်",
    "တန်ဆောင်မုန်း",
    "နတ်တော်",
    "ပြာသို",
    "တပို့တွဲ",
    "တပေါင်း",
    "နှောင်းတန်ခူး",
    "နှောင်းကဆုန်",
)
SECOND_WASO = ("ဒုဝါဆို", _l("Second Waso"))
DEVANAGARI = ("बैशाख", "जेठ", "असार", "साउन", "भदौ", "असोज", "कार्तिक", "मंसिर", "पौष", "माघ", "फाल्गुन", "चैत")


def calendar_name(calendar: str) -> str:
    """A line under the question: which calendar the parts are in."""
    return {
        "ethiopian": _("Date in the Ethiopian calendar"),
        "coptic": _("Date in the Coptic calendar"),
        "islamic": _("Date in the Islamic (Hijri) calendar"),
        "bikram-sambat": _("Date in the Bikram Sambat (Nepali) calendar"),
        "persian": _("Date in the Persian (Solar Hijri) calendar"),
        "myanmar": _("Date in the Myanmar calendar"),
    }[calendar]


def _myanmar_month(month: int, year: int | None) -> str:
    """Burmese, then the name in the person's language; Waso is second Waso in a watat year, and
    without a year (the select's option) it says both."""
    burmese, name = BURMESE[month], str(MYANMAR[month])
    if month == 4 and year is None:
        burmese, name = f"{burmese} / {SECOND_WASO[0]}", _("Waso / Second Waso")
    elif month == 4 and year is not None and myanmar_calendar.is_watat(year):
        burmese, name = SECOND_WASO[0], str(SECOND_WASO[1])
    return burmese if name == burmese else f"{burmese} ({name})"


def month_name(calendar: str, month: int, year: int | None = None) -> str:
    if calendar == "myanmar":
        return _myanmar_month(month, year)
    name = str(MONTHS[calendar][month - 1])
    if calendar == "bikram-sambat" and name != DEVANAGARI[month - 1]:
        return f"{DEVANAGARI[month - 1]} ({name})"
    return name


def calendar_months(calendar: str) -> list[tuple[str, str]]:
    """(number, name) of the calendar's months, as the month select shows them."""
    if calendar == "myanmar":
        return [(str(m), month_name(calendar, m)) for m in myanmar_calendar.MONTH_ORDER]
    return [(str(m), f"{m} – {month_name(calendar, m)}") for m in range(1, len(MONTHS[calendar]) + 1)]


def calendar_date(calendar: str, kind: str, value: str) -> str:
    """A stored date as Collect's widget shows it: the date in the calendar, then the stored
    Gregorian date (`12 Meskerem 2016 (2023-09-12)`); the stored text where it is none."""
    try:
        parts = from_gregorian(calendar, date.fromisoformat(value))
    except ValueError:
        parts = None
    if parts is None:
        return value
    year, month, day = parts
    name = month_name(calendar, month, year)
    shown = {"year": f"{year}", "month-year": f"{name} {year}"}.get(kind, f"{day} {name} {year}")
    return f"{shown} ({value})"
