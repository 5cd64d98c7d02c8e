"""XPath 1.0 values as ODK uses them: conversions, comparison, arithmetic, and the function table."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

MAX_PATTERN = 200


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


def compare(op: str, left: Any, right: Any) -> bool:
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


def arithmetic(op: str, left: Any, right: Any) -> Any:
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


