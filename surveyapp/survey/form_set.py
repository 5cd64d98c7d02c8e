"""Answers the form sets rather than the person, as ODK sets them.

- A dynamic `default` (an expression) is evaluated once, when a response starts, over the static
  defaults and the dynamic ones before it (what is known then); the person may change it.
- `read_only` (yes, or a condition that holds) shows the question with its value and ignores a
  posted one: the value is the stored one, the default, or the question's calculation.
- A `calculation` on an asked question without a `trigger` is recomputed at every save, as a
  calculate's (so the question is read-only: an edit would be overwritten); with a `trigger`, it runs
  only at a save where a trigger's value changed, and is then kept (the person may change it); a
  trigger without a calculation clears the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..expressions import compile_expression
from .answers import parse_answer, stored_default
from .context import current_context, is_relevant, typed_answers
from .definition import FormDefinition, Question

# Form-set values are the author's, not typed text: only the type's own rules apply to them.
NO_LIMIT = 10**9


def recomputed(q: Question) -> bool:
    """A calculation re-run at every save (a calculate's, or an asked question's without trigger)."""
    return bool(q.calculation) and not q.trigger


def uses_form_set(definition: FormDefinition) -> bool:
    """Whether a survey has values the form sets (the kiosk page then loads form-set.js)."""
    return any(
        q.read_only or q.trigger or q.default_expression or (q.calculation and q.type != "calculate")
        for q in definition.questions.values()
    )


def always_read_only(q: Question) -> bool:
    """Read-only whatever the answers (`read_only: yes`, or a calculation recomputed at every save)."""
    return q.answerable and (q.read_only is True or recomputed(q))


def is_read_only(q: Question, answers: Mapping[str, Any]) -> bool:
    """Whether the person cannot change this question's value for these answers."""
    if q.answerable and recomputed(q):
        return True
    if isinstance(q.read_only, str):
        return compile_expression(q.read_only).is_true(answers, context=current_context())
    return q.read_only is True


def read_only_names(
    definition: FormDefinition,
    questions: list[Question] | tuple[Question, ...],
    stored: Mapping[str, str | None],
) -> frozenset[str]:
    """The questions among these shown as text, not inputs, for the stored answers."""
    if not any(q.read_only or q.calculation for q in questions):
        return frozenset()
    answers = typed_answers(definition, {k: v for k, v in stored.items() if v})
    return frozenset(q.name for q in questions if q.answerable and is_read_only(q, answers))


def as_answer(q: Question, value: object) -> str | None:
    """An expression's value as this question stores an answer (None: empty, or none it takes)."""
    from .calculations import as_stored

    text = as_stored(value)
    if text is None or not q.answerable:
        return text
    parsed, error = parse_answer(q, text, NO_LIMIT)
    return None if error else parsed


def evaluate(
    q: Question,
    expression: str,
    definition: FormDefinition,
    answers: Mapping[str, str | None],
    current: str | None = None,
) -> str | None:
    context = typed_answers(definition, {k: v for k, v in answers.items() if v})
    return as_answer(q, compile_expression(expression).evaluate(context, current, context=current_context()))


def starting_answers(definition: FormDefinition) -> dict[str, str]:
    """The answers a new response starts with: the defaults, dynamic ones evaluated now."""
    answers = {name: stored_default(definition.questions[name], v) for name, v in definition.defaults.items()}
    for q in definition.questions.values():
        if q.default_expression and not q.default:
            value = evaluate(q, q.default_expression, definition, answers)
            if value:
                answers[q.name] = value
    return answers


def triggered(
    definition: FormDefinition,
    stored: Mapping[str, str | None],
    values: Mapping[str, str | None],
    *,
    whole: bool = False,
) -> dict[str, str | None]:
    """The values a save sets by `trigger`: a question's calculation where a trigger's value changed
    in this save, unless the person changed the question itself in it. In a response sent whole (a
    kiosk's), the tablet ran the triggers of the questions the person may change; only read-only
    ones are set here."""
    out: dict[str, str | None] = {}
    merged = {**stored, **values}
    answers = typed_answers(definition, {k: v for k, v in merged.items() if v})
    for q in definition.questions.values():
        if not (q.trigger and q.answerable and is_relevant(q.relevant, answers)):
            continue
        locked = is_read_only(q, answers)
        if whole and not locked:
            continue
        changed = any((values[t] or "") != (stored.get(t) or "") for t in q.trigger if t in values)
        edited = q.name in values and (values[q.name] or "") != (stored.get(q.name) or "")
        if changed and (locked or not edited):  # without a calculation: cleared, as in ODK
            out[q.name] = merged[q.name] = (
                evaluate(q, q.calculation, definition, merged, merged.get(q.name)) if q.calculation else None
            )
    return out
