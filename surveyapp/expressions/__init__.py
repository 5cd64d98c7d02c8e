"""A safe evaluator of XLSForm expressions (never `eval`), with ODK's semantics, for relevant, constraint,
calculations and choice filters.

A hand-written tokenizer and precedence-climbing parser build a small tree once, when the form is
imported, so that authoring mistakes (unknown function or question, wrong argument count) are reported
before anyone answers; evaluation never raises. static/expressions.js evaluates the same trees offline.

What survey authors can write (docs.getodk.org, "Form operators and functions"):

| kind       | syntax                                                                                    |
|------------|-------------------------------------------------------------------------------------------|
| values     | `16`, `2.5`, `'text'`, `"text"`, `${question}`, `.` (the answer being checked)              |
| paths      | `/data/group/q`, `../q`, `current()/../q` (the question q), `..` (its group),             |
|            | `instance('list')/root/item[name = ${x}]/label` (a choice list or attached CSV)            |
| logic      | `or`, `and`, `not(x)`, `true()`, `false()`, `boolean(x)`, `boolean-from-string(s)`,         |
|            | `if(cond, a, b)`, `coalesce(a, b)`, `once(x)`, `position(..)`,                             |
|            | `indexed-repeat(q, r1, n1[, r2, n2[, r3, n3]])`,                                           |
|            | `checklist(min, max, r...)`, `weighted-checklist(min, max, r, w...)` (r exactly 'yes')      |
| comparison | `=`, `!=`, `<`, `<=`, `>`, `>=`; with a repeat's answers, true if any answer compares so    |
| arithmetic | `+`, `-`, `*`, `div`, `mod`, unary `-`, parentheses                                       |
| choices    | `selected(${q}, 'name')`, `count-selected(${q})`, `selected-at(${q}, n)`,                   |
|            | `jr:choice-name(name, '${q}')`, `randomize(nodes[, seed])` (a seed gives ODK's order)       |
| text       | `string(x)`, `concat(...)`, `join(sep, nodes)`, `substr(s, start[, end])` (negative: from   |
|            | the end), `substring-before(s, t)`, `substring-after(s, t)`, `translate(s, from, to)`,     |
|            | `normalize-space([s])`, `string-length([s])`, `contains(s, t)`, `starts-with(s, t)`,        |
|            | `ends-with(s, t)`, `regex(s, pattern)` (the whole text must match), `base64-decode(s)`,    |
|            | `digest(s, 'MD5'/'SHA-1'/'SHA-256'/'SHA-384'/'SHA-512'[, 'base64'/'hex'])`,                 |
|            | `pulldata('csv', 'column', 'key_column', key)`                                             |
| numbers    | `number(x)`, `int(x)`, `round(x[, places])` (half up: round(-2.5) is -2), `pow`, `log`,     |
|            | `log10`, `abs`, `sin`, `cos`, `tan`, `asin`, `acos`, `atan`, `atan2(y, x)`, `sqrt`, `exp`,   |
|            | `exp10`, `pi()`, `min(...)`, `max(...)`, `sum(nodes)` (the three leave out unanswered       |
|            | nodes), `count(nodes)`, `count-non-empty(nodes)`                                            |
| dates      | `today()`, `now()`, `date(x)` (text, or days since 1970-01-01), `date-time(x)`,             |
|            | `decimal-date-time(x)`, `decimal-time(t)`, `format-date(d, f)`, `format-date-time(d, f)`    |
|            | (%Y %y %m %n %b %d %e %a %H %h %M %S %3); date - date = days, date + n = date; a dateTime  |
|            | counts as fractional days                                                                  |
| other      | `random()`, `uuid([n])`, `area(shape)`, `distance(trace)` (geopoints "lat lon alt acc;...") |

Semantics follow ODK's documentation, and ODK Collect (javarosa) where the documentation is silent:
XPath 1.0 values; an empty answer is the empty string; comparing it with a number is false (NaN);
non-empty strings and non-zero numbers are true; NaN prints as "NaN". Number text is read as Python's
float() reads it (so digits of other scripts count). tests/expressions/ lists where Enketo differs.
Repeats: the survey engine (survey.repeats) resolves a question outside its repeat into the node-set of
its instances' answers, and `indexed-repeat(${q}, ${repeat}, n)` takes the n-th; over several levels
(`indexed-repeat(${age}, ${household}, 2, ${member}, 3)`) the node-set's instance paths (values.InstanceNodes)
give the node, levels not named being those of the instance the expression is read in, as in ODK.
A bare name (`name = ${crop}`, pyxform's test_calculate_relative_path) is XPath's child step: in a
predicate the item's field, elsewhere a child of the question's own node, which has none: an empty
node-set, equal to nothing (not even ''), as in ODK; import warns of it (services.xlsform).
Not supported: unions (`|`) and predicates on question paths.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from .context import DEFAULT, Context
from .functions import FUNCTIONS
from .parse import ExpressionError, Node, Parser
from .values import NodeSet, arithmetic, compare, to_bool, to_number

__all__ = ["Context", "Expression", "ExpressionError", "NodeSet", "compile_expression"]

MAX_SOURCE = 2000


@dataclass(frozen=True)
class Expression:
    """A parsed expression; immutable and reusable for every respondent."""

    source: str
    references: frozenset[str]
    tree: Node
    # Bare names read as children of the question's node (always empty): import warns of them.
    children: frozenset[str] = frozenset()

    def evaluate(
        self,
        answers: Mapping[str, object],
        current: object = None,
        *,
        today: date | None = None,
        context: Context | None = None,
    ) -> object:
        """The expression's value; any problem with the answers gives an empty/NaN value, never an error.

        `context` holds the moment, language, choice labels and attached data; `today=` alone still works
        (and, given with a context, overrides its day).
        """
        context = context or DEFAULT
        if today is not None:
            context = replace(context, today=today)
        try:
            return _evaluate(self.tree, _Env(answers, current, context, None, None))
        except (ArithmeticError, ValueError, TypeError, RecursionError, LookupError, AttributeError):
            return math.nan

    def is_true(
        self,
        answers: Mapping[str, object],
        current: object = None,
        *,
        today: date | None = None,
        context: Context | None = None,
    ) -> bool:
        return to_bool(self.evaluate(answers, current, today=today, context=context))


@dataclass(frozen=True, slots=True)
class _Env:
    answers: Mapping[str, object]
    current: Any
    context: Context
    item: Any  # the node a predicate is filtering, else None
    item_position: int | None


def _evaluate(node: Node, env: _Env) -> Any:
    kind = node.kind
    if kind in ("num", "str"):
        return node.value
    if kind == "dot":
        value = env.item if env.item_position is not None else env.current
        return "" if value is None else value
    if kind == "current":
        return "" if env.current is None else env.current
    if kind == "parent":
        return ""
    if kind == "ref":
        value = env.answers.get(node.value)
        return "" if value is None else value
    if kind == "field":
        if env.item_position is None:  # outside a predicate: a child of the question, never there
            return NodeSet(())
        item = env.item
        value = item.get(node.value) if isinstance(item, Mapping) else None
        return "" if value is None else value
    if kind == "inst":
        return _instance(node, env)
    if kind == "neg":
        return -to_number(_evaluate(node.args[0], env))
    if kind == "op":
        op = node.value
        left = _evaluate(node.args[0], env)
        if op == "or":
            return to_bool(left) or to_bool(_evaluate(node.args[1], env))
        if op == "and":
            return to_bool(left) and to_bool(_evaluate(node.args[1], env))
        right = _evaluate(node.args[1], env)
        if op in ("=", "!=", "<", "<=", ">", ">="):
            return compare(op, left, right)
        return arithmetic(op, left, right)
    name = node.value
    if name == "if":
        condition = to_bool(_evaluate(node.args[0], env))
        return _evaluate(node.args[1 if condition else 2], env)
    function = FUNCTIONS[name]
    assert function.apply is not None
    args = [_evaluate(a, env) for a in node.args]
    return function.apply(env, *args) if function.env else function.apply(*args)


def _instance(node: Node, env: _Env) -> NodeSet:
    """instance('name')/root/item[...]/field over the rows the context gives for the name."""
    lookup = env.context.instance
    rows = (lookup(node.value) if lookup is not None else None) or ()
    steps = node.args
    selected: list[Any] = [{"": ""}]  # the document element
    selected = _filter(selected, steps[0].args, env)
    if len(steps) > 1:
        selected = _filter(
            [row for row in rows if isinstance(row, Mapping)] if selected else [], steps[1].args, env
        )
    if len(steps) > 2:
        field = steps[2].value
        values = [row[field] for row in selected if row.get(field) is not None]
        selected = _filter(values, steps[2].args, env)
    return NodeSet(selected)


def _filter(candidates: list[Any], predicates: tuple[Node, ...], env: _Env) -> list[Any]:
    for predicate in predicates:
        kept = []
        for position, candidate in enumerate(candidates, start=1):
            value = _evaluate(predicate, replace(env, item=candidate, item_position=position))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if value == position:
                    kept.append(candidate)
            elif to_bool(value):
                kept.append(candidate)
        candidates = kept
    return candidates


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
    return Expression(source, frozenset(parser.references), tree, frozenset(parser.children))
