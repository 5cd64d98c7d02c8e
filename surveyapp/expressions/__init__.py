"""A safe evaluator for the XLSForm expressions of `relevant` and `constraint` (never `eval`).

A hand-written tokenizer and precedence-climbing parser build a small tree once, when the form is
imported, so that authoring mistakes are reported before anyone answers; evaluation never raises.

The supported subset, for survey authors:

| kind        | syntax                                                                        |
|-------------|-------------------------------------------------------------------------------|
| values      | `16`, `2.5`, `'text'`, `"text"`, `${question}`, `.` (the answer being checked)  |
| logic       | `or`, `and`, `not(x)`, `true()`, `false()`, `if(cond, a, b)`, `coalesce(a, b)`  |
| comparison  | `=`, `!=`, `<`, `<=`, `>`, `>=`                                                |
| arithmetic  | `+`, `-`, `*`, `div`, `mod`, unary `-`, parentheses                           |
| choices     | `selected(${q}, 'name')`, `count-selected(${q})`, `selected-at(${q}, n)`        |
| text        | `string-length(s)`, `regex(s, "pattern")`, `contains(s, t)`, `starts-with(s, t)`, |
|             | `ends-with(s, t)`, `concat(...)`, `substr(s, start[, end])`, `string(x)`         |
| numbers     | `number(x)`, `int(x)`, `round(x[, digits])`, `abs(x)`, `min(...)`, `max(...)`   |
| dates       | `today()`, `date('YYYY-MM-DD')`; date - date = days, date + n = date          |

Semantics follow XPath 1.0 as ODK uses it: an empty answer is the empty string; comparing it with a
number is false (NaN); non-empty strings and non-zero numbers are true.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from .parse import ExpressionError, Node, Parser
from .values import FUNCTIONS, arithmetic, compare, to_bool, to_number

__all__ = ["Expression", "ExpressionError", "compile_expression"]

MAX_SOURCE = 2000


@dataclass(frozen=True)
class Expression:
    """A parsed expression; immutable and reusable for every respondent."""

    source: str
    references: frozenset[str]
    tree: Node

    def evaluate(self, answers: Mapping[str, object], current: object = None, *,
                 today: date | None = None) -> object:
        """The expression's value; any problem with the answers gives an empty/NaN value, never an error."""
        try:
            return _evaluate(self.tree, answers, current, today or date.today())
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return math.nan

    def is_true(self, answers: Mapping[str, object], current: object = None, *,
                today: date | None = None) -> bool:
        return to_bool(self.evaluate(answers, current, today=today))


def _evaluate(node: Node, answers: Mapping[str, object], current: object, today: date) -> Any:
    kind = node.kind
    if kind in ("num", "str"):
        return node.value
    if kind == "dot":
        return "" if current is None else current
    if kind == "ref":
        value = answers.get(node.value)
        return "" if value is None else value
    if kind == "neg":
        return -to_number(_evaluate(node.args[0], answers, current, today))
    if kind == "op":
        op = node.value
        left = _evaluate(node.args[0], answers, current, today)
        if op == "or":
            return to_bool(left) or to_bool(_evaluate(node.args[1], answers, current, today))
        if op == "and":
            return to_bool(left) and to_bool(_evaluate(node.args[1], answers, current, today))
        right = _evaluate(node.args[1], answers, current, today)
        if op in ("=", "!=", "<", "<=", ">", ">="):
            return compare(op, left, right)
        return arithmetic(op, left, right)
    name = node.value
    if name == "if":
        condition = to_bool(_evaluate(node.args[0], answers, current, today))
        return _evaluate(node.args[1 if condition else 2], answers, current, today)
    if name == "today":
        return today
    function = FUNCTIONS[name][1]
    assert function is not None
    return function(*(_evaluate(a, answers, current, today) for a in node.args))


def compile_expression(source: str, known_names: Collection[str] | None = None) -> Expression:
    """Parse once (at survey import time) so authoring errors are reported before anyone answers."""
    if known_names is None:
        return _compile_cached(source)
    return _compile(source, known_names)


@lru_cache(maxsize=1024)
def _compile_cached(source: str) -> Expression:
    return _compile(source, None)


def _compile(source: str, known: Collection[str] | None) -> Expression:
    if len(source) > MAX_SOURCE:
        raise ExpressionError(f"the expression is longer than {MAX_SOURCE} characters")
    if not source.strip():
        raise ExpressionError("the expression is empty")
    parser = Parser(source, known)
    tree = parser.parse()
    return Expression(source, frozenset(parser.references), tree)
