"""XPath 1.0 values as ODK uses them: conversions, comparison and arithmetic.

Values: "" (no answer), str, float/int, bool, `date`, aware `datetime`, a select_multiple answer (a space-
separated str, or a list/tuple of choice names) and a `NodeSet` (the answers of one question across a
repeat's instances, or the nodes an `instance(...)` path selects). A node-set is a tuple subclass so that it
never reads as a select_multiple list: its string value is its first node's, comparisons are existential,
and the aggregate functions (sum, count, min, max, join...) take its nodes one by one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from .temporal import date_days, datetime_days, datetime_text, parse_datetime


class NodeSet(tuple):
    """Nodes in document order: answers (str, numbers, dates) or instance rows (mappings)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"NodeSet({list(self)!r})"


class InstanceNodes(NodeSet):
    """A repeat's node-set that knows the instance each node is in, outermost first
    ((("household", 2), ("member", 3)), ...): indexed-repeat() picks one node over several levels.
    Read within an outer instance it holds that instance's nodes only; `scope` names that instance
    (("household", 2),) and `whole` is the node-set of every instance, as ODK fills a path's
    unnamed levels from the context and lets indexed-repeat() name them."""

    paths: tuple[tuple[tuple[str, int], ...], ...]
    scope: tuple[tuple[str, int], ...]
    whole: InstanceNodes | None

    def __new__(
        cls, values: Any, paths: Any, scope: Any = (), whole: InstanceNodes | None = None
    ) -> InstanceNodes:
        made = super().__new__(cls, values)
        made.paths, made.scope, made.whole = tuple(paths), tuple(scope), whole
        return made


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple)) and not value)


def node_string(node: Any) -> str:
    """A node's string value; a row's is its fields' text joined, as an XML element's."""
    if isinstance(node, Mapping):
        return "".join(to_string(v) for v in node.values())
    return to_string(node)


def to_number(value: Any) -> float:
    if isinstance(value, NodeSet):
        return to_number(node_string(value[0])) if value else math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, datetime):
        return datetime_days(value)
    if isinstance(value, date):
        return date_days(value)
    try:
        return float(str(value).strip()) if not _empty(value) else math.nan
    except ValueError:
        return math.nan


def to_string(value: Any) -> str:
    if isinstance(value, NodeSet):
        return node_string(value[0]) if value else ""
    if isinstance(value, Mapping):
        return node_string(value)
    if _empty(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"  # XPath's names
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_bool(value: Any) -> bool:
    if isinstance(value, NodeSet):
        return len(value) > 0
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return not math.isnan(float(value)) and float(value) != 0
    return not _empty(value)


def to_date(value: Any) -> date | None:
    if isinstance(value, NodeSet):
        return to_date(node_string(value[0])) if value else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def to_datetime(value: Any) -> datetime | None:
    """A dateTime from a dateTime, a date (midnight UTC), or ISO text of either."""
    if isinstance(value, NodeSet):
        return to_datetime(node_string(value[0])) if value else None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime_from_date(value)
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None:
            return parsed
        day = to_date(value) if len(value.strip()) == 10 else None
        return datetime_from_date(day) if day is not None else None
    return None


def datetime_from_date(value: date) -> datetime:
    from .temporal import EPOCH

    return EPOCH + timedelta(days=(value - date(1970, 1, 1)).days)


def items(value: Any) -> list[str]:
    """A select_multiple answer's choice names."""
    if isinstance(value, NodeSet):
        return to_string(value).split()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return to_string(value).split()


def nodes(value: Any) -> list[Any]:
    """The values an aggregate function takes: a node-set's nodes, or the value itself."""
    if isinstance(value, NodeSet):
        return [node_string(n) if isinstance(n, Mapping) else n for n in value]
    return [value]


def compare(op: str, left: Any, right: Any) -> bool:
    if isinstance(left, NodeSet) or isinstance(right, NodeSet):
        if isinstance(left, NodeSet) and isinstance(right, NodeSet):
            return any(compare(op, a, b) for a in nodes(left) for b in nodes(right))
        if isinstance(left, NodeSet):
            if isinstance(right, bool):
                return _compare_scalar(op, to_bool(left), right)
            return any(_compare_scalar(op, a, right) for a in nodes(left))
        if isinstance(left, bool):
            return _compare_scalar(op, left, to_bool(right))
        return any(_compare_scalar(op, left, b) for b in nodes(right))
    return _compare_scalar(op, left, right)


def _compare_scalar(op: str, left: Any, right: Any) -> bool:
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
    if isinstance(left, datetime) or isinstance(right, datetime):
        return _temporal_number(left), _temporal_number(right)
    if isinstance(left, date) or isinstance(right, date):
        a, b = to_date(left), to_date(right)
        if a is not None and b is not None:
            return a, b
    return to_number(left), to_number(right)


def _temporal_number(value: Any) -> float:
    if isinstance(value, str):
        moment = to_datetime(value)
        return to_number(moment) if moment is not None else to_number(value)
    return to_number(value)


def arithmetic(op: str, left: Any, right: Any) -> Any:
    if (
        isinstance(left, date)
        and not isinstance(left, datetime)
        and op in ("+", "-")
        and not isinstance(right, datetime)
    ):
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
            if b != 0:
                return a / b
            if a == 0 or math.isnan(a):
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)  # IEEE: 1 div -0 is -Infinity
        return math.fmod(a, b) if b != 0 else math.nan
    except (OverflowError, ValueError):
        return math.nan
