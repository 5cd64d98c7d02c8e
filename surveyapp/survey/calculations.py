"""`calculate` questions: never asked, their `calculation` evaluated over the answers and stored with
them (so exports, skip logic, constraints and `${name}` in labels see them), as ODK does. A
`calculation` on an asked question or a note without `trigger` is recomputed the same way.

Evaluated in the form's order, each seeing the answers and the calculations before it; one whose page
or own `relevant` does not apply is empty. The server recomputes them at every save, whatever a
client sends; the offline kiosk page computes them the same way for what it shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..expressions import compile_expression
from ..expressions.values import to_string
from .context import current_context, is_relevant, typed_answers
from .definition import FormDefinition
from .form_set import as_answer, recomputed, triggered


def as_stored(value: object) -> str | None:
    """An expression's value as an answer is stored (NaN and empty: no answer)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return to_string(value) or None


def calculate_all(definition: FormDefinition, stored: Mapping[str, str | None]) -> dict[str, str | None]:
    """The value of every calculate question for these answers (None: empty)."""
    answers = {name: value for name, value in stored.items() if value}
    out: dict[str, str | None] = {}
    for page in definition.pages:
        calculations = [q for q in page.questions if recomputed(q)]
        if not calculations:
            continue
        applies = is_relevant(page.relevant, typed_answers(definition, answers))
        for q in calculations:
            context = typed_answers(definition, answers)
            value = None
            if applies and q.calculation and is_relevant(q.relevant, context):
                value = as_answer(
                    q,
                    compile_expression(q.calculation).evaluate(
                        context, answers.get(q.name), context=current_context()
                    ),
                )
            out[q.name] = value
            if value:
                answers[q.name] = value
            else:
                answers.pop(q.name, None)
    for q in definition.questions.values():
        if q.type == "calculate" and not q.calculation and not q.trigger:
            out[q.name] = answers.get(q.name)  # pyxform's hidden: the value it started with, its default
    return out


def with_calculations(
    definition: FormDefinition,
    stored: Mapping[str, str | None],
    values: Mapping[str, str | None],
    *,
    whole: bool = False,
) -> dict[str, str | None]:
    """A page's values to store, with every calculation recomputed over the answers they make (and
    those a changed `trigger` sets: survey/form_set.py)."""
    if not any(q.calculation or q.trigger for q in definition.questions.values()):
        return dict(values)
    if definition.repeats:  # the instances these answers make (a count may just have changed)
        from .repeats import expand

        definition = expand(definition, {**stored, **values})
    values = {**values, **calculate_all(definition, {**stored, **values})}
    if any(q.trigger for q in definition.questions.values()):
        values.update(triggered(definition, stored, values, whole=whole))
        values.update(calculate_all(definition, {**stored, **values}))
    return values
