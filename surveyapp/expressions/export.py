"""Expression trees as plain JSON, for the offline kiosk: the browser evaluates the parsed tree with
static/expressions.js and never parses expression text, so the server's parser stays the only one.

A node is {"k": kind, "v": value, "a": [arguments]}; "a" is left out when there are none. Kinds and
values: num (a number; "Infinity" for a literal too long for a float), str (the text), ref (the
question's name), dot, current and parent (no value), field (a column of the row a predicate filters),
inst (the list's name; its arguments are steps), step (the step's name; its arguments are predicates),
op (the operator: or, and, =, !=, <, <=, >, >=, +, -, *, div, mod), neg (no value, one argument) and
call (the function's name). No node holds a date: dates only come from answers, today(), now() and date().
"""

from __future__ import annotations

import math
from typing import Any

from . import compile_expression
from .context import Context, Labels, Rows
from .parse import Node
from .temporal import calendar_names, datetime_text


def _value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if value is None or isinstance(value, (str, float)):
        return value
    raise TypeError(f"an expression node cannot hold {type(value).__name__}")


def _node(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"k": node.kind, "v": _value(node.value)}
    if node.args:
        out["a"] = [_node(arg) for arg in node.args]
    return out


def tree_json(source: str) -> dict[str, Any]:
    """The parsed expression as JSON-able data (raises ExpressionError as compile_expression does)."""
    return _node(compile_expression(source).tree)


def context_json(
    context: Context, labels: Labels | None = None, instances: Rows | None = None
) -> dict[str, Any]:
    """A context as the data SurveyExpressions.context() takes on the kiosk (the server's moment, names
    of months and days in its language, and the tables Context.from_tables reads)."""
    data: dict[str, Any] = {
        "today": context.day().isoformat(),
        "now": datetime_text(context.moment()),
        "lang": context.lang,
        "position": context.position,
        "labels": labels or {},
        "instances": instances or {},
        **calendar_json(context.lang),
    }
    if context.month_names:
        data["monthNames"] = list(context.month_names)
    if context.day_names:
        data["dayNames"] = list(context.day_names)
    return data


def calendar_json(lang: str | None) -> dict[str, list[str]]:
    """The month and day names format-date uses on the server, for the kiosk's context."""
    months, days = calendar_names(lang)
    return {"monthNames": list(months), "dayNames": list(days)}
