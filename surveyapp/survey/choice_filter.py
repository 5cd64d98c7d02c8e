"""Which choices of a select are offered, and in which order: XLSForm's `choice_filter` and
`parameters: randomize=true seed=...`, as ODK runs them.

pyxform writes a filtered select's itemset as `instance('list')/root/item[FILTER]` (and wraps it in
`randomize(..., seed)`): the filter is evaluated with each choice's row (`name`, `label`, the choices
sheet's other columns) as the current node. The evaluator already reads such lookups, so the filter is
run as exactly that path over the list's rows; the kiosk's script evaluates the same tree
(kiosk/offline.py). The shuffle is the expression function randomize() (ODK's inside-out Fisher-Yates
seeded by Park-Miller); without a seed, the seed comes from the response's id, so that one person
sees one order on every page, reload and the review, and the tablet shows the order the server does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from flask_babel import gettext as _

from ..expressions import compile_expression
from ..expressions.context import DEFAULT, Context
from ..expressions.functions import FUNCTIONS
from ..expressions.parse import Node
from ..expressions.values import NodeSet, to_number
from .definition import Choice, FormDefinition, Page, Question

FNV_OFFSET, FNV_PRIME = 2166136261, 16777619


def filter_source(list_name: str, choice_filter: str) -> str:
    """The itemset path pyxform writes for a filtered list (without its randomize())."""
    return f"instance('{list_name}')/root/item[{choice_filter}]"


def filter_columns(tree: Node) -> set[str]:
    """The choice columns a compiled filter path reads (the fields of its item predicate, not those
    of another list looked up inside it)."""
    steps = tree.args
    found: set[str] = set()

    def visit(node: Node) -> None:
        if node.kind == "field":
            found.add(str(node.value))
        elif node.kind != "inst":
            for arg in node.args:
                visit(arg)

    for predicate in steps[1].args if len(steps) > 1 else ():
        visit(predicate)
    return found


def choice_rows(question: Question, lang: str) -> list[dict[str, str]]:
    """The list's rows as a filter reads them: name, label in the person's language, other columns."""
    return [{**c.columns, "name": c.name, "label": c.label.get(lang)} for c in question.choices]


def allowed_choices(
    question: Question, answers: Mapping[str, Any], lang: str, context: Context | None = None
) -> tuple[Choice, ...]:
    """The choices the filter keeps for these (typed) answers, in the list's order."""
    if not question.choice_filter:
        return question.choices
    rows = choice_rows(question, lang)
    base = context or DEFAULT

    def lookup(name: str) -> Any:  # the list itself, else what the context attaches (other files)
        return (
            rows
            if name == question.list_name
            else (base.instance(name) if base.instance is not None else None)
        )

    scoped = replace(base, instance=lookup)
    kept = compile_expression(filter_source(question.list_name, question.choice_filter)).evaluate(
        answers, context=scoped
    )
    ids = {id(row) for row in kept} if isinstance(kept, NodeSet) else set()
    return tuple(c for c, row in zip(question.choices, rows, strict=True) if id(row) in ids)


def fits_filter(
    question: Question, value: str, answers: Mapping[str, Any], lang: str, context: Context | None = None
) -> bool:
    """Whether every choice of a stored value is one the filter keeps."""
    names = {c.name for c in allowed_choices(question, answers, lang, context)}
    return set(value.split() if question.type == "select_multiple" else [value]) <= names


def response_seed(response_id: str) -> int:
    """A Park-Miller seed from a response id (FNV-1a; offline.js computes the same)."""
    number = FNV_OFFSET
    for byte in response_id.encode():
        number = ((number ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return number % 2147483646 + 1


def seed_of(
    question: Question, response_id: str, answers: Mapping[str, Any], context: Context | None = None
) -> int:
    """The author's `seed` (a number or an expression) where it gives a number, else the response's."""
    if question.seed:
        number = to_number(compile_expression(question.seed).evaluate(answers, context=context))
        if not math.isnan(number) and not math.isinf(number):
            return math.trunc(number)
    return response_seed(response_id)


def ordered(
    question: Question,
    choices: tuple[Choice, ...],
    response_id: str,
    answers: Mapping[str, Any],
    context: Context | None = None,
) -> tuple[Choice, ...]:
    """The choices in the order shown: ODK's randomize() with the question's seed."""
    if not question.randomize:
        return choices
    shuffled = FUNCTIONS["randomize"].apply(
        None, NodeSet(choices), seed_of(question, response_id, answers, context)
    )  # type: ignore[misc]
    return tuple(shuffled)


def depends_on_page(question: Question, page: Page) -> bool:
    """A filter that reads answers of its own page: a page without JavaScript cannot apply it while
    the person answers, so all choices are shown and the save refuses one the filter leaves out."""
    on_page = {q.name for q in page.questions}
    source = filter_source(question.list_name, question.choice_filter or "true()")
    return bool(compile_expression(source).references & on_page)


def page_choices(
    definition: FormDefinition,
    page: Page,
    answers: Mapping[str, Any],
    shown: Mapping[str, Any],
    response_id: str,
    lang: str,
    context: Context | None = None,
) -> dict[str, tuple[Choice, ...]]:
    """The choices each filtered or randomized select of a page offers (by question name): filtered by
    answers of earlier pages, ordered for this response. A choice the person holds stays shown, so
    that an answer an earlier change ruled out is seen with its error, never dropped silently."""
    out: dict[str, tuple[Choice, ...]] = {}
    for q in page.questions:
        if not q.choice_filter and not q.randomize:
            continue
        choices = q.choices
        if q.choice_filter and not depends_on_page(q, page):
            held = set(_held(q, shown.get(q.name)))
            keep = {c.name for c in allowed_choices(q, answers, lang, context)} | held
            choices = tuple(c for c in q.choices if c.name in keep)
        out[q.name] = ordered(q, choices, response_id, answers, context)
    return out


def stale_answers(
    page: Page,
    stored: Mapping[str, str | None],
    answers: Mapping[str, Any],
    lang: str,
    context: Context | None = None,
) -> dict[str, str]:
    """Errors for stored answers of a page that its filter no longer keeps (an earlier answer
    changed): shown when the page opens, so the person chooses again."""
    return {
        q.name: not_kept_message()
        for q in page.questions
        if q.choice_filter
        and stored.get(q.name)
        and not fits_filter(q, str(stored[q.name]), answers, lang, context)
    }


def not_kept_message() -> str:
    return _(
        "This choice does not fit your other answers. Please choose another one, or change "
        "your other answers."
    )


def _held(question: Question, value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value or "").split() if question.type == "select_multiple" else [str(value or "")]
