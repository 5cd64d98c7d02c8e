"""Dates, dateTimes and times as ODK stores and computes them.

A date is a `datetime.date` and counts as whole days since 1970-01-01; a dateTime is an aware
`datetime.datetime` (ISO 8601 with its offset, milliseconds kept) and counts as fractional days since
1970-01-01T00:00Z; a time stays the text ODK stores (`HH:MM:SS.sss+HH:MM`) and is read where a function
needs it. Text is read by one strict grammar (ASCII digits), the same in static/expressions.js.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

EPOCH_DATE = date(1970, 1, 1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY_MS = 86_400_000
MIN_DAYS = (date(1, 1, 1) - EPOCH_DATE).days
MAX_DAYS = (date(9999, 12, 31) - EPOCH_DATE).days

DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?")

ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ENGLISH_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


def _offset(text: str | None) -> int | None:
    """Minutes east of UTC, or None where the offset is out of range."""
    if not text or text == "Z":
        return 0
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    return (hours * 60 + minutes) * (-1 if text[0] == "-" else 1)


def _milliseconds(fraction: str | None) -> int:
    return int((fraction or "0").ljust(3, "0")[:3])


def parse_datetime(text: str) -> datetime | None:
    """`YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (no offset: UTC), or None."""
    match = DATETIME.fullmatch(text.strip())
    if not match:
        return None
    y, mo, d, h, mi, s, fraction, offset_text = match.groups()
    offset = _offset(offset_text)
    if offset is None or int(h) > 23 or int(mi) > 59 or int(s or 0) > 59:
        return None
    try:
        return datetime(
            int(y),
            int(mo),
            int(d),
            int(h),
            int(mi),
            int(s or 0),
            _milliseconds(fraction) * 1000,
            tzinfo=timezone(timedelta(minutes=offset)),
        )
    except ValueError:
        return None


def parse_time(text: str) -> tuple[int, int | None] | None:
    """A time of day as (milliseconds after midnight, offset minutes or None), or None."""
    match = TIME.fullmatch(text.strip())
    if not match:
        return None
    h, mi, s, fraction, offset_text = match.groups()
    if int(h) > 23 or int(mi) > 59 or int(s or 0) > 59:
        return None
    offset = _offset(offset_text) if offset_text else None
    if offset_text and offset is None:
        return None
    return ((int(h) * 60 + int(mi)) * 60 + int(s or 0)) * 1000 + _milliseconds(fraction), offset


def datetime_days(value: datetime) -> float:
    """Fractional days since the epoch (one rounding, as in the kiosk's script)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    delta = value - EPOCH
    milliseconds = (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
    return milliseconds / DAY_MS


def date_days(value: date) -> float:
    return float((value - EPOCH_DATE).days)


def date_from_days(days: float) -> date | None:
    if math.isnan(days) or math.isinf(days):
        return None
    whole = math.floor(days)
    if not MIN_DAYS <= whole <= MAX_DAYS:
        return None
    return EPOCH_DATE + timedelta(days=whole)


def datetime_from_days(days: float) -> datetime | None:
    if math.isnan(days) or math.isinf(days) or not MIN_DAYS <= days <= MAX_DAYS:
        return None
    try:
        return EPOCH + timedelta(milliseconds=math.floor(days * DAY_MS + 0.5))
    except OverflowError:
        return None


def datetime_text(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="milliseconds")


def time_fraction(text: str, local_offset: int) -> float:
    """decimal-time(): the part of a day a time (or a dateTime's time) is, read in the local offset."""
    at = parse_datetime(text)
    if at is not None:
        clock = at.timetz()
        seconds = (clock.hour * 60 + clock.minute) * 60 + clock.second
        milliseconds = seconds * 1000 + clock.microsecond // 1000
        offset: int | None = int(at.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    else:
        parsed = parse_time(text)
        if parsed is None:
            return math.nan
        milliseconds, offset = parsed
    if offset is not None:
        milliseconds += (local_offset - offset) * 60_000
    return (milliseconds % DAY_MS) / DAY_MS


@lru_cache(maxsize=64)
def calendar_names(lang: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Abbreviated month (Jan..Dec) and day (Sun..Sat) names in a language (CLDR), English if unknown."""
    if not lang:
        return ENGLISH_MONTHS, ENGLISH_DAYS
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return ENGLISH_MONTHS, ENGLISH_DAYS
    months = get_month_names("abbreviated", locale=locale)
    days = get_day_names("abbreviated", locale=locale)
    return tuple(months[m] for m in range(1, 13)), tuple(days[(d + 6) % 7] for d in range(7))


def format_temporal(
    value: date | datetime, pattern: str, months: tuple[str, ...], days: tuple[str, ...]
) -> str:
    """format-date / format-date-time with ODK's %Y %y %m %n %b %d %e %a (and %H %h %M %S %3)."""
    if isinstance(value, datetime):
        at = value
    else:
        at = datetime(value.year, value.month, value.day)
    fields = {
        "Y": f"{at.year:04d}",
        "y": f"{at.year:04d}"[2:],
        "m": f"{at.month:02d}",
        "n": str(at.month),
        "b": months[at.month - 1],
        "d": f"{at.day:02d}",
        "e": str(at.day),
        "a": days[(at.weekday() + 1) % 7],
        "H": f"{at.hour:02d}",
        "h": str(at.hour),
        "M": f"{at.minute:02d}",
        "S": f"{at.second:02d}",
        "3": f"{at.microsecond // 1000:03d}",
    }
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "%" and i + 1 < len(pattern):
            spec = pattern[i + 1]
            out.append("%" if spec == "%" else fields.get(spec, "%" + spec))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)
