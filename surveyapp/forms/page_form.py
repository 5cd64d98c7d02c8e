"""The rules an answer of a survey page must meet, and the posted values they apply to.

Rendering is done by the templates from the definition; a save checks the CSRF token as Flask-WTF
does, reads the page's fields from the post and applies the rules: required, type, choices in the
list, length, `relevant` and `constraint`. Every message is in the person's language, and every value
is kept on the page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from flask import g, has_app_context
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from werkzeug.datastructures import MultiDict
from wtforms import ValidationError

from ..expressions import compile_expression
from ..expressions.context import Context
from ..expressions.temporal import parse_datetime
from .choice_filter import fits_filter, not_kept_message
from .definition import FormDefinition, Page, Question
from .digits import ascii_digits, pattern_checked
from .follow_ups import FollowUp, follow_ups

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
_csrf_log = logging.getLogger("flask_wtf.csrf")


def field_name(question: Question) -> str:
    """Prefixed, so that a question called `data` or `meta` cannot shadow the form's own attributes."""
    return FIELD_PREFIX + question.name


def typed(question: Question | None, value: str | None) -> Any:
    """A stored answer as the expression evaluator wants it (numbers as numbers, dates as dates)."""
    if value is None or value == "" or question is None:
        return value or ""
    try:
        if question.type == "integer":
            return int(value)
        if question.type == "decimal":
            return float(value)
        if question.type == "range":
            number = float(value)
            return int(number) if number.is_integer() else number
        if question.type == "date":
            return date.fromisoformat(value)
        if question.type == "dateTime":
            return parse_datetime(value) or value
    except ValueError:
        return value
    return value


def typed_answers(definition: FormDefinition, stored: Mapping[str, str | None]) -> dict[str, Any]:
    questions = definition.questions
    answers = {name: typed(questions.get(name), value) for name, value in stored.items()}
    if definition.instance_counts:  # outside its repeat, a question is the node-set of its instances
        from .repeats import node_sets

        answers.update(node_sets(definition, answers))
    return answers


def rules_context(definition: FormDefinition, lang: str, timezone: str) -> Context:
    """What every rule of one request is evaluated with: today() and now() once, in the partners'
    time zone (TIMEZONE), the person's language, the survey's choice labels (jr:choice-name) and
    its attached data (pulldata, instance)."""
    now = datetime.now(ZoneInfo(timezone))
    return Context.from_tables(
        labels=definition.choice_labels, today=now.date(), now=now, lang=lang, instances=definition.instances
    )


def current_context() -> Context | None:
    """The request's rule context (set when its link is loaded); None outside one (the machine's
    clock, no labels)."""
    return g.get("rules_context") if has_app_context() else None


def is_relevant(expression: str | None, answers: Mapping[str, Any]) -> bool:
    return expression is None or compile_expression(expression).is_true(answers, context=current_context())


def is_required_when(q: Question, answers: Mapping[str, Any]) -> bool:
    """A `required` condition (ODK's required expression) that holds for these answers."""
    return q.required_when is not None and compile_expression(q.required_when).is_true(
        answers, context=current_context()
    )


def skipped_questions(
    definition: FormDefinition, page: Page, stored: Mapping[str, str | None]
) -> frozenset[str]:
    """Questions of a page that skip logic leaves out already, by answers of other pages: not shown
    (a page without JavaScript cannot hide those that depend on answers of the page itself)."""
    on_page = {q.name for q in page.questions}
    answers = typed_answers(definition, {k: v for k, v in stored.items() if v})
    return frozenset(
        q.name
        for q in page.questions
        if q.relevant
        and not (compile_expression(q.relevant).references & on_page)
        and not is_relevant(q.relevant, answers)
    )


def visible_pages(definition: FormDefinition, stored: Mapping[str, str | None]) -> list[int]:
    """Indexes of the pages that apply, given the answers so far (skip logic on groups)."""
    answers = typed_answers(definition, stored)
    return [i for i, page in enumerate(definition.pages) if is_relevant(page.relevant, answers)]


def counted_pages(definition: FormDefinition, stored: Mapping[str, str | None]) -> list[int]:
    """The pages "Page 2 of 6" counts: those that apply, plus those that depend on questions not
    answered yet."""
    answers = typed_answers(definition, stored)
    return [
        i
        for i, page in enumerate(definition.pages)
        if page.relevant is None
        or is_relevant(page.relevant, answers)
        or any(not stored.get(name) for name in compile_expression(page.relevant).references)
    ]


def position_of(counted: list[int] | tuple[int, ...], index: int) -> tuple[int, int]:
    """(position, total) of a page among the counted pages."""
    position = sum(1 for i in counted if i <= index)
    return max(position, 1), max(len(counted), 1)


def relevance_references(definition: FormDefinition) -> tuple[str, ...]:
    """The questions whose answers decide which pages apply (and so which pages are counted)."""
    return tuple(
        sorted(
            {
                name
                for page in definition.pages
                if page.relevant is not None
                for name in compile_expression(page.relevant).references
            }
        )
    )


@dataclass
class PageResult:
    """Clean values to store (None clears) and errors by question name."""

    values: dict[str, str | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check_page(
    definition: FormDefinition,
    page: Page,
    raw: Mapping[str, Any],
    stored: Mapping[str, str | None],
    lang: str,
    max_length: int,
) -> PageResult:
    """Apply every rule of the page's questions to the posted raw values."""
    from .form_set import read_only_names  # the form's own values: a post does not change them

    result = PageResult()
    parsed: dict[str, str | None] = {}
    locked = read_only_names(definition, page.questions, stored)
    for q in page.questions:
        if not q.answerable:
            continue
        if q.name in locked:
            parsed[q.name] = stored.get(q.name)
            continue
        value, error = _parse(q, raw.get(q.name), max_length)
        parsed[q.name] = value
        if error:
            result.errors[q.name] = error
    from .calculations import calculate_all  # calculations are rules over these same answers

    answers = {**stored, **parsed}
    context = typed_answers(definition, {**answers, **calculate_all(definition, answers)})
    follow = follow_ups(page)
    for q in page.questions:
        if not q.answerable or q.name in result.errors:
            continue
        value = parsed[q.name]
        if q.name in locked:
            result.values[q.name] = value if is_relevant(q.relevant, context) else None
            continue
        if not is_relevant(q.relevant, context):
            _not_applicable(result, q, value, follow.get(q.name), lang)
            continue
        if not value:
            if q.required or is_required_when(q, context):
                result.errors[q.name] = q.required_message.get(lang) or (
                    _("Please check the box to continue.")
                    if q.type == "acknowledge"
                    else _("This question needs an answer.")
                )
            else:
                result.values[q.name] = None
            continue
        if q.choice_filter and not fits_filter(q, value, context, lang, current_context()):
            result.errors[q.name] = not_kept_message()
            continue
        if q.constraint and not compile_expression(q.constraint).is_true(
            context, typed(q, value), context=current_context()
        ):
            result.errors[q.name] = q.constraint_message.get(lang) or _(
                "This answer is not allowed. Please check it."
            )
            continue
        result.values[q.name] = value
    return result


def _not_applicable(
    result: PageResult, q: Question, value: Any, follow: FollowUp | None = None, lang: str = ""
) -> None:
    """A question skip logic leaves out: cleared, or, if answered, an error (never dropped silently)
    that says what to do: for a follow-up, which choice asks it."""
    if value in (None, "", []):
        result.values[q.name] = None
    elif follow is not None:
        choice = follow.question.choice(follow.choice)
        result.errors[q.name] = _(
            "This is asked only if you choose “%(choice)s” above. Choose it to keep this answer, or "
            "clear this answer.",
            choice=choice.label.get(lang) if choice else follow.choice,
        )
    else:
        result.errors[q.name] = _(
            "This question does not apply to your other answers. Clear it, or change your other answers."
        )


def check_whole(definition: FormDefinition, raw: Mapping[str, Any], lang: str, max_length: int) -> PageResult:
    """Every page at once, in order (a response sent whole, e.g. from an offline kiosk): the same rules
    as page by page, with skip logic decided by the answers of the pages before."""
    from .form_set import starting_answers

    result = PageResult()
    # What the response started with: read-only questions keep it, whatever was sent.
    stored: dict[str, str | None] = dict(starting_answers(definition))
    for page in definition.pages:
        answers = typed_answers(definition, {k: v for k, v in stored.items() if v})
        if not is_relevant(page.relevant, answers):
            for q in page.questions:
                if q.answerable:
                    _not_applicable(result, q, raw.get(q.name))
            continue
        page_result = check_page(definition, page, raw, stored, lang, max_length)
        result.errors.update(page_result.errors)
        result.values.update(page_result.values)
        stored.update(page_result.values)
    return result


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


def _parse(q: Question, raw: Any, max_length: int) -> tuple[str | None, str | None]:
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
        return str(float(text.replace(",", "."))), None
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


parse_answer = _parse  # (stored value, error) of one raw value, for the values a form sets


def csrf_token_valid(token: str | None) -> bool:
    """The CSRF check of Flask-WTF (same configuration, same log messages), without building a form:
    a survey page's fields are read straight from the post by `posted_values`."""
    if g.get("csrf_valid", False):  # already checked by CSRFProtect
        return True
    try:
        validate_csrf(token)
    except ValidationError as error:
        _csrf_log.info(error.args[0])
        return False
    return True


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
