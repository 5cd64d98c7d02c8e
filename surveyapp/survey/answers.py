"""How a posted value becomes a stored answer, as ODK stores it: numbers, times, dates, ranges,
selects, text within the length limit (digits folded to ASCII where a pattern checks them). Each
refusal is a message in the person's language; the kiosk's script reads values the same way
(static/survey-rules.js, static/answers.js)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..expressions.temporal import parse_datetime
from .context import current_context
from .definition import Page, Question
from .digits import ascii_digits, pattern_checked

INTEGER = re.compile(r"^[+-]?\d{1,15}$")
TIME_INPUT = re.compile(
    r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d{1,6})?)?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})?",
    re.ASCII,
)
# Control characters other than tab and newlines: PostgreSQL refuses NUL in text, and none is meant.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DECIMAL = re.compile(r"^[+-]?(\d{1,15}([.,]\d{0,10})?|[.,]\d{1,10})$")
FIELD_PREFIX = "q_"


def field_name(question: Question) -> str:
    """Prefixed, so that a question called `data` or `meta` cannot shadow the form's own attributes."""
    return FIELD_PREFIX + question.name


def _zone() -> tzinfo:
    """The partners' time zone (the rule context's), in which a time without an offset is read."""
    context = current_context()
    return (context.moment().tzinfo or UTC) if context is not None else UTC


def time_answer(text: str) -> str | None:
    """A time as ODK stores it (`14:30:00.000+01:00`): a browser's `14:30`, in the partners' zone."""
    match = TIME_INPUT.fullmatch(text)
    if not match or int(match["h"]) > 23 or int(match["m"]) > 59 or int(match["s"] or 0) > 59:
        return None
    offset = match["offset"] or _iso_offset(datetime.now(_zone()))
    return f"{int(match['h']):02}:{match['m']}:{int(match['s'] or 0):02}.000{offset}"


def datetime_answer(text: str) -> str | None:
    """A dateTime as ODK stores it (`2024-05-31T14:30:00.000+01:00`): a browser's
    `2024-05-31T14:30` is local time in the partners' zone (its offset on that day)."""
    moment = parse_datetime(text.replace(" ", "T", 1))
    if moment is None:
        return None
    if not re.search(r"(Z|[+-]\d{2}:?\d{2})$", text):
        moment = moment.replace(tzinfo=None).replace(tzinfo=_zone())
    return moment.isoformat(timespec="milliseconds")


def _iso_offset(moment: datetime) -> str:
    text = moment.strftime("%z") or "+0000"
    return f"{text[:3]}:{text[3:]}"


def range_message(bounds: tuple[float, float, float]) -> str:
    start, end, step = (number_text(b) for b in bounds)
    return _(
        "Please enter a number from %(start)s to %(end)s, in steps of %(step)s.",
        start=start,
        end=end,
        step=step,
    )


def decimal_text(number: float) -> str:
    """A decimal as Collect stores it (`3.0`, `2.5`), never with an exponent (`1e-05`), which XPath's
    number() cannot read; -0 is 0 (static/survey-rules.js `decimalText` writes the same)."""
    text = repr(number + 0.0)
    if "e" in text:
        text = f"{number:.10f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _parse_range(bounds: tuple[float, float, float], text: str) -> tuple[str | None, str | None]:
    """A number between start and end (either way round), on a step from start, as ODK's range."""
    start, end, step = bounds
    if not DECIMAL.match(text):
        return None, range_message(bounds)
    number = float(text.replace(",", "."))
    steps = (number - start) / step if step else 0.0
    if not min(start, end) <= number <= max(start, end) or abs(steps - round(steps)) > 1e-9:
        return None, range_message(bounds)
    return number_text(number), None


# Types whose `default` an author types as they would answer (`10:30`, `2024-5-31 14:30`, `3.50`).
TYPED_DEFAULTS = frozenset({"integer", "decimal", "range", "time", "dateTime", "date"})


def stored_default(q: Question, value: str) -> str:
    """A default in the form an answer of its type is stored in (`10:30` -> `10:30:00.000+01:00`, in
    the partners' zone when the response starts, as Collect reads it then), so that a calculation or
    `${}` reads it before its page is posted as it reads the answer posted; one that is no answer of
    its type (import warned of it) stays as written."""
    if q.type not in TYPED_DEFAULTS:
        return value
    stored, error = parse_answer(q, value, len(value))
    return stored if stored is not None and error is None else value


def parse_answer(q: Question, raw: Any, max_length: int) -> tuple[str | None, str | None]:
    """(stored form of the value, error message) for one raw posted value."""
    from .answer_parts import handles, parse_parts

    if handles(q):
        return parse_parts(q, raw)
    if q.is_media:
        from .media import parse_media

        return parse_media(raw)
    if q.type == "select_multiple":
        items = [CONTROL.sub("", str(v)) for v in (raw or []) if str(v)]
        unknown = [v for v in items if q.choice(v) is None]
        if unknown:
            return None, _("Please choose from the options in the list.")
        order = [c.name for c in q.choices]
        return " ".join(sorted(set(items), key=order.index)) or None, None
    text = "" if raw is None else CONTROL.sub("", str(raw)).strip()
    if not text:
        return None, None
    if q.type == "select_one":
        if q.choice(text) is None:
            return None, _("Please choose from the options in the list.")
        return text, None
    if q.type == "acknowledge":
        return ("OK", None) if text == "OK" else (None, _("Please check the box to continue."))
    if q.type == "integer":
        if not INTEGER.match(text):
            return None, _("Please enter a whole number, for example 3.")
        return str(int(text)), None
    if q.type == "decimal":
        if not DECIMAL.match(text):
            return None, _("Please enter a number, for example 2.5.")
        return decimal_text(float(text.replace(",", "."))), None
    if q.type == "range" and q.range:
        return _parse_range(q.range, text)
    if q.type == "time":
        stored = time_answer(text)
        return (stored, None) if stored else (None, _("Please enter a time like 14:30."))
    if q.type == "dateTime":
        stored = datetime_answer(text)
        return (
            (stored, None) if stored else (None, _("Please enter a date and a time like 2024-05-31 14:30."))
        )
    if q.type == "date":
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, _("Please enter a date like 2024-05-31.")
    if pattern_checked(q):
        text = ascii_digits(text)
    if len(text) > max_length:
        return None, _(
            "Your answer has %(length)d characters; the limit is %(limit)d. Please shorten it. "
            "Your text is still here.",
            length=len(text),
            limit=max_length,
        )
    return text, None


def posted_values(page: Page, form: MultiDict[str, str]) -> dict[str, Any]:
    """The raw posted value of each answerable question of a page (a list for select_multiple);
    `check_page` then applies the page's rules."""
    values: dict[str, Any] = {}
    for q in page.questions:
        if q.type == "select_multiple" or q.posts_list:
            values[q.name] = form.getlist(field_name(q))
        elif q.is_media:  # its file is read by public/uploads.py
            continue
        elif q.answerable:
            values[q.name] = form.get(field_name(q))
    return values
