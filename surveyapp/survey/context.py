"""What every rule of a survey is evaluated with: one context per request (today() and now() once in
TIMEZONE, the person's language, the choice labels and attached data) and the answers typed as the
expression evaluator reads them. The kiosk's script builds the same (static/expressions.js)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import g, has_app_context

from ..expressions import compile_expression
from ..expressions.context import Context
from ..expressions.temporal import parse_datetime
from .choice_filter import choice_rows
from .definition import FormDefinition, Question


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
        labels=definition.choice_labels,
        today=now.date(),
        now=now,
        lang=lang,
        instances=Instances(definition, lang),
    )


class Instances(Mapping[str, Sequence[Mapping[str, object]]]):
    """What `instance('name')` and pulldata() read: each choice list of the form in the person's
    language (as a choice_filter reads it; it comes first, as in the XForm pyxform writes), and each
    attached file's rows. A list's rows are made when an expression first reads them."""

    def __init__(self, definition: FormDefinition, lang: str) -> None:
        self.definition, self.lang = definition, lang
        self.made: dict[str, Sequence[Mapping[str, object]]] = {}

    def __getitem__(self, name: str) -> Sequence[Mapping[str, object]]:
        if name not in self.made:
            question = self.definition.choice_lists.get(name)
            if question is not None:
                self.made[name] = choice_rows(question, self.lang)
            else:
                self.made[name] = self.definition.instances[name]
        return self.made[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**self.definition.instances, **self.definition.choice_lists})

    def __len__(self) -> int:
        return len({**self.definition.instances, **self.definition.choice_lists})


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
