"""The settings' `instance_name` (Kobo's `meta/instanceName`): a name for each response made from its
answers, e.g. `concat(${village}, '-', ${today})`, so staff can tell responses apart in an export.

It is computed by the server from the stored answers, at each save of a draft and when the response
is completed, whatever a client (the offline kiosk included) sends, and kept on the response. It is
made of answers, so it is shown only where those answers are shown (the exports).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..expressions import compile_expression
from .calculations import as_stored
from .context import current_context, typed_answers
from .definition import FormDefinition

# The length of the responses' `instance_name` column; a longer name is cut there.
MAX_LENGTH = 255


def instance_name(definition: FormDefinition, answers: Mapping[str, str | None]) -> str | None:
    """The response's name for these answers (None: the form has none, or it comes out empty)."""
    if not definition.instance_name:
        return None
    if definition.repeats:  # a repeated question outside its repeat is the node-set of its instances
        from .repeats import expand

        definition = expand(definition, answers)
    stored = {name: value for name, value in answers.items() if value}
    value = compile_expression(definition.instance_name).evaluate(
        typed_answers(definition, stored), context=current_context()
    )
    name = as_stored(value)
    return name[:MAX_LENGTH] if name else None
