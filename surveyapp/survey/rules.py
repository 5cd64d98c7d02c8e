"""The rules a survey's answers must meet, page by page or whole: which pages and questions apply
(`relevant`), required (yes or a condition, with `required_message`), choices in the list and the
`choice_filter`, `constraint` (with `constraint_message`), read-only values kept, and a skipped
answer refused rather than dropped. Every message is in the person's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ..expressions import compile_expression
from .answers import parse_answer
from .choice_filter import fits_filter, not_kept_message
from .context import current_context, is_relevant, is_required_when, typed, typed_answers
from .definition import FormDefinition, Page, Question, Text
from .follow_ups import FollowUp, follow_ups
from .piping import piped_text, shown_answers


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


def shows_nothing(page: Page) -> bool:
    """A page of only calculates (between two conditional groups, say): ODK never shows it, so the
    walk and "Page 2 of 6" pass it by; its values are still computed at every save
    (survey/calculations), as it stays among the pages that apply."""
    return bool(page.questions) and all(q.type == "calculate" for q in page.questions)


def walked_pages(definition: FormDefinition, stored: Mapping[str, str | None]) -> list[int]:
    """The pages the person is shown, in order: those that apply and show something."""
    return [i for i in visible_pages(definition, stored) if not shows_nothing(definition.pages[i])]


def left_out(definition: FormDefinition, stored: Mapping[str, str | None]) -> list[str]:
    """The stored answers a submit clears: those of no page that applies (a page skipped since, an
    instance beyond a smaller repeat_count), as a whole response never carries them; instance
    counts stay."""
    from .repeats import bookkeeping

    shown = {q.name for i in visible_pages(definition, stored) for q in definition.pages[i].questions}
    return [name for name in stored if name not in shown | bookkeeping(definition)]


def counted_pages(definition: FormDefinition, stored: Mapping[str, str | None]) -> list[int]:
    """The pages "Page 2 of 6" counts: those that apply, plus those that depend on questions not
    answered yet."""
    answers = typed_answers(definition, stored)
    return [
        i
        for i, page in enumerate(definition.pages)
        if not shows_nothing(page)
        and (
            page.relevant is None
            or is_relevant(page.relevant, answers)
            or any(not stored.get(name) for name in compile_expression(page.relevant).references)
        )
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
        value, error = parse_answer(q, raw.get(q.name), max_length)
        parsed[q.name] = value
        if error:
            result.errors[q.name] = error
    from .calculations import calculate_all  # calculations are rules over these same answers

    answers = {**stored, **parsed}
    computed = {**answers, **calculate_all(definition, answers)}
    context = typed_answers(definition, computed)
    follow = follow_ups(page)

    def message(text: Text) -> str:
        """The author's message in `lang`, its ${name} references piped with these answers."""
        written = text.get(lang)
        if "${" not in written:
            return written
        return piped_text(written, shown_answers(definition, {k: v for k, v in computed.items() if v}, lang))

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
                result.errors[q.name] = message(q.required_message) or (
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
            result.errors[q.name] = message(q.constraint_message) or _(
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
    from .calculations import calculate_all

    for page in definition.pages:
        # A page's relevant reads the calculations too, as when the pages are saved one by one.
        answers = typed_answers(
            definition, {k: v for k, v in {**stored, **calculate_all(definition, stored)}.items() if v}
        )
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
