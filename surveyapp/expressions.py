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
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

MAX_SOURCE = 2000
MAX_DEPTH = 50
MAX_PATTERN = 200


class ExpressionError(ValueError):
    """An expression outside the supported subset; the message names the problem and position."""


TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<ref>\$\{[A-Za-z_][\w.-]*\})"
    r"|(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)|(?P<name>[A-Za-z_][\w:-]*)|(?P<dot>\.))"
)


@dataclass(frozen=True)
class Node:
    kind: str  # num, str, ref, dot, op, neg, call
    value: Any = None
    args: tuple[Node, ...] = ()


def _tokens(source: str) -> list[tuple[str, str, int]]:
    tokens, position = [], 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = TOKEN.match(source, position)
        if not match or match.end() == position:
            raise ExpressionError(f"unexpected {source[position:].strip()[:10]!r} at {position + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


BINARY = [("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod")]


class _Parser:
    def __init__(self, source: str, known: Collection[str] | None) -> None:
        self.tokens = _tokens(source)
        self.i = 0
        self.known = known
        self.references: set[str] = set()

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, text: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early" + (f"; expected {text!r}" if text else ""))
        if text is not None and token[1] != text:
            raise ExpressionError(f"expected {text!r} at {token[2] + 1}, found {token[1]!r}")
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.binary(0, 0)
        if self.peek() is not None:
            token = self.peek()
            assert token is not None
            raise ExpressionError(f"unexpected {token[1]!r} at {token[2] + 1}")
        return node

    def binary(self, level: int, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionError("the expression is nested too deeply")
        if level == len(BINARY):
            return self.unary(depth)
        node = self.binary(level + 1, depth + 1)
        while (token := self.peek()) is not None and token[0] in ("op", "name") and token[1] in BINARY[level]:
            self.i += 1
            node = Node("op", token[1], (node, self.binary(level + 1, depth + 1)))
        return node

    def unary(self, depth: int) -> Node:
        token = self.peek()
        if token is not None and token[1] == "-":
            self.i += 1
            return Node("neg", None, (self.unary(depth + 1),))
        return self.primary(depth)

    def primary(self, depth: int) -> Node:
        kind, text, position = self.take()
        if kind == "num":
            return Node("num", float(text))
        if kind == "str":
            return Node("str", text[1:-1])
        if kind == "dot":
            return Node("dot")
        if kind == "ref":
            name = text[2:-1]
            if self.known is not None and name not in self.known:
                raise ExpressionError(f"unknown question {name!r} in ${{{name}}}")
            self.references.add(name)
            return Node("ref", name)
        if text == "(":
            node = self.binary(0, depth + 1)
            self.take(")")
            return node
        if kind == "name":
            if text not in FUNCTIONS:
                raise ExpressionError(f"unknown function {text!r} at {position + 1}")
            self.take("(")
            args: list[Node] = []
            if (token := self.peek()) is not None and token[1] != ")":
                args.append(self.binary(0, depth + 1))
                while (token := self.peek()) is not None and token[1] == ",":
                    self.i += 1
                    args.append(self.binary(0, depth + 1))
            self.take(")")
            low, high = FUNCTIONS[text][0]
            if not low <= len(args) <= high:
                count = str(low) if low == high else f"{low} to {high}"
                raise ExpressionError(f"{text}() takes {count} arguments")
            return Node("call", text, tuple(args))
        raise ExpressionError(f"unexpected {text!r} at {position + 1}")


# ---- values -------------------------------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple)) and not value)


def to_number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, date):
        return float((value - date(1970, 1, 1)).days)
    try:
        return float(str(value).strip()) if not _empty(value) else math.nan
    except ValueError:
        return math.nan


def to_string(value: Any) -> str:
    if _empty(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return not math.isnan(float(value)) and float(value) != 0
    return not _empty(value)


def to_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _items(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return to_string(value).split()


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_bool(left) == to_bool(right)
        elif isinstance(left, (int, float, Decimal, date)) or isinstance(right, (int, float, Decimal, date)):
            a, b = _comparable(left, right)
            equal = a == b
            if isinstance(a, float) and (math.isnan(a) or math.isnan(b)):
                equal = False
        else:
            equal = to_string(left) == to_string(right)
        return equal if op == "=" else not equal
    a, b = _comparable(left, right)
    if isinstance(a, float) and (math.isnan(a) or math.isnan(b)):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    if isinstance(left, date) or isinstance(right, date):
        a, b = to_date(left), to_date(right)
        if a is not None and b is not None:
            return a, b
    return to_number(left), to_number(right)


def _arithmetic(op: str, left: Any, right: Any) -> Any:
    if isinstance(left, date) and op in ("+", "-"):
        if isinstance(right, date):
            return float((left - right).days) if op == "-" else math.nan
        days = to_number(right)
        if math.isnan(days) or abs(days) > 3_000_000:
            return math.nan
        return left + timedelta(days=int(days)) * (1 if op == "+" else -1)
    a, b = to_number(left), to_number(right)
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "div":
            return a / b if b != 0 else (math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a))
        return math.fmod(a, b) if b != 0 else math.nan
    except (OverflowError, ValueError):
        return math.nan


def _regex(value: Any, pattern: Any) -> bool:
    pattern = to_string(pattern)
    if len(pattern) > MAX_PATTERN:
        return False
    try:
        return re.search(pattern, to_string(value)) is not None
    except re.error:
        return False


def _round(x: Any, digits: Any = 0.0) -> float:
    number, places = to_number(x), to_number(digits)
    if math.isnan(number) or math.isinf(number) or math.isnan(places):
        return number
    return float(round(number, int(places)))


def _substr(s: Any, start: Any, end: Any = None) -> str:
    text = to_string(s)
    a = to_number(start)
    b = len(text) if end is None else to_number(end)
    if math.isnan(a) or math.isnan(b):
        return ""
    return text[max(int(a), 0):max(int(b), 0)]


def _int(x: Any) -> float:
    n = to_number(x)
    return n if math.isnan(n) or math.isinf(n) else float(math.trunc(n))


def _minmax(pick: Callable[..., float]) -> Callable[..., float]:
    def apply(*args: Any) -> float:
        numbers = [to_number(a) for a in args]
        return math.nan if any(math.isnan(n) for n in numbers) else pick(numbers)

    return apply


# name: ((min args, max args), function over evaluated arguments); `if` is special (lazy).
FUNCTIONS: dict[str, tuple[tuple[int, int], Callable[..., Any] | None]] = {
    "selected": ((2, 2), lambda a, b: to_string(b) in _items(a)),
    "count-selected": ((1, 1), lambda a: float(len(_items(a)))),
    "selected-at": ((2, 2), lambda a, n: (lambda items, k: items[k] if 0 <= k < len(items) else "")(
        _items(a), int(to_number(n)) if not math.isnan(to_number(n)) else -1)),
    "string-length": ((1, 1), lambda s: float(len(to_string(s)))),
    "regex": ((2, 2), _regex),
    "contains": ((2, 2), lambda s, t: to_string(t) in to_string(s)),
    "starts-with": ((2, 2), lambda s, t: to_string(s).startswith(to_string(t))),
    "ends-with": ((2, 2), lambda s, t: to_string(s).endswith(to_string(t))),
    "concat": ((0, 50), lambda *parts: "".join(to_string(p) for p in parts)),
    "substr": ((2, 3), _substr),
    "string": ((1, 1), to_string),
    "number": ((1, 1), to_number),
    "int": ((1, 1), _int),
    "round": ((1, 2), _round),
    "abs": ((1, 1), lambda x: abs(to_number(x))),
    "min": ((1, 50), _minmax(min)),
    "max": ((1, 50), _minmax(max)),
    "not": ((1, 1), lambda x: not to_bool(x)),
    "boolean": ((1, 1), to_bool),
    "true": ((0, 0), lambda: True),
    "false": ((0, 0), lambda: False),
    "if": ((3, 3), None),
    "coalesce": ((2, 2), lambda a, b: b if _empty(a) else a),
    "today": ((0, 0), None),
    "date": ((1, 1), lambda s: to_date(s) or math.nan),
}


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
            return _compare(op, left, right)
        return _arithmetic(op, left, right)
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
    parser = _Parser(source, known)
    tree = parser.parse()
    return Expression(source, frozenset(parser.references), tree)
