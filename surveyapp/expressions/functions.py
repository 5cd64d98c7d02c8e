"""ODK's XPath functions over evaluated arguments (docs.getodk.org "Form operators and functions").

Each function is total: a problem with its arguments gives "", NaN or false, never an exception that
escapes the evaluator. `FUNCTIONS` maps a name to its arity and implementation; those that need the
evaluation (the current answer, the context) take it as their first argument. `if` is evaluated lazily
by the evaluator itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import re
import secrets
import string as _string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from decimal import Context as DecimalContext
from typing import Any, Protocol

from . import geo
from .context import Context
from .temporal import (
    calendar_names,
    date_from_days,
    datetime_from_days,
    format_temporal,
    time_fraction,
)
from .values import (
    InstanceNodes,
    NodeSet,
    _empty,
    items,
    node_string,
    nodes,
    to_bool,
    to_date,
    to_datetime,
    to_number,
    to_string,
)

MAX_PATTERN = 200
MAX_UUID = 1000
XML_SPACE = re.compile(r"[ \t\r\n]+")
BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
GUID_CHARS = _string.ascii_uppercase + _string.ascii_lowercase + _string.digits
DIGESTS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


class Env(Protocol):
    current: Any
    context: Context
    item_position: int | None


@dataclass(frozen=True)
class Function:
    low: int
    high: int
    apply: Callable[..., Any] | None
    env: bool = False  # takes the evaluation as its first argument


def _number(x: Any) -> float:
    return to_number(x)


# --- numbers -------------------------------------------------------------------------------------


def _whole(n: float) -> int:
    """A number as a count of places or characters, as ODK Collect casts it (NaN is 0, infinities clamp)."""
    if math.isnan(n):
        return 0
    return int(max(-(2**31), min(2**31 - 1, n)))


def _round(x: Any, digits: Any = 0.0) -> float:
    """ODK Collect's round: half up (toward +Infinity, as XPath) on the number's decimal form, so that
    round(2.675, 2) is 2.68 and round(-2.5) is -2; more than 30 places either way is NaN."""
    number, places = to_number(x), _whole(to_number(digits))
    if math.isnan(number) or math.isinf(number):
        return number
    if abs(places) > 30:
        return math.nan
    if number == 0:
        return number
    rounded = Decimal(repr(number)).quantize(
        Decimal(1).scaleb(-places),
        rounding=ROUND_HALF_UP if number > 0 else ROUND_HALF_DOWN,
        context=DecimalContext(prec=400),
    )
    result = float(rounded)
    return result if result != 0 else math.copysign(0.0, number)


def _int(x: Any) -> float:
    n = to_number(x)
    return n if math.isnan(n) or math.isinf(n) else float(math.trunc(n))


def _math(function: Callable[[float], float]) -> Callable[[Any], float]:
    def apply(x: Any) -> float:
        try:
            return function(to_number(x))
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf

    return apply


def _log(base10: bool) -> Callable[[Any], float]:
    def apply(x: Any) -> float:
        n = to_number(x)
        if math.isnan(n) or n < 0:
            return math.nan
        if n == 0:
            return -math.inf
        return math.log10(n) if base10 else math.log(n)

    return apply


def _pow(x: Any, y: Any) -> float:
    """IEEE pow as JavaScript's Math.pow gives it (pow(1, NaN) is NaN, pow(0, -1) is Infinity)."""
    a, b = to_number(x), to_number(y)
    if math.isnan(b):
        return math.nan
    if b == 0:
        return 1.0
    if math.isnan(a) or (abs(a) == 1 and math.isinf(b)):
        return math.nan
    odd = b.is_integer() and math.fmod(b, 2) != 0
    try:
        return math.pow(a, b)
    except OverflowError:
        return -math.inf if a < 0 and odd else math.inf
    except ValueError:  # zero to a negative power, or a negative number to a fraction
        if a == 0:
            return -math.inf if odd and math.copysign(1, a) < 0 else math.inf
        return math.nan


def _exp10(x: Any) -> float:
    return _pow(10.0, x)


def _numbers(args: tuple[Any, ...]) -> list[float]:
    """The numbers among the arguments' nodes; as in ODK Collect, empty and other text are left out."""
    return [n for a in args for v in nodes(a) if not math.isnan(n := to_number(v))]


def _extreme(pick: Callable[..., float]) -> Callable[..., float]:
    def apply(*args: Any) -> float:
        numbers = _numbers(args)
        return pick(numbers) if numbers else math.nan

    return apply


def _sum(value: Any) -> float:
    """Left to right, as the kiosk's script adds (not math.fsum); unanswered nodes are left out."""
    if not isinstance(value, NodeSet):
        return to_number(value)
    total = 0.0
    for number in _numbers((value,)):
        total += number
    return total


def _count(value: Any) -> float:
    return float(len(value)) if isinstance(value, NodeSet) else 1.0


def _count_non_empty(value: Any) -> float:
    return float(sum(1 for v in nodes(value) if not _empty(v)))


# --- text ----------------------------------------------------------------------------------------


def _regex(value: Any, pattern: Any) -> bool:
    """True when the whole text matches (ODK: "an exact and complete match")."""
    pattern = to_string(pattern)
    if len(pattern) > MAX_PATTERN:
        return False
    try:
        return re.fullmatch(pattern, to_string(value)) is not None
    except re.error:
        return False


def _substr(s: Any, start: Any, end: Any = None) -> str:
    """ODK Collect's substr: 0-based, end excluded; a negative index counts from the end."""
    text = to_string(s)
    size = len(text)
    a = _whole(to_number(start))
    b = size if end is None else _whole(to_number(end))
    a, b = a + size if a < 0 else a, b + size if b < 0 else b
    a, b = min(max(0, a), size), min(max(0, b), size)
    return text[a:b] if a <= b else ""


def _before(s: Any, t: Any) -> str:
    text, target = to_string(s), to_string(t)
    at = text.find(target)
    return text[:at] if at >= 0 else ""


def _after(s: Any, t: Any) -> str:
    text, target = to_string(s), to_string(t)
    at = text.find(target)
    return text[at + len(target) :] if at >= 0 else ""


def _translate(s: Any, source: Any, target: Any) -> str:
    table: dict[str, str] = {}
    to = to_string(target)
    for i, char in enumerate(to_string(source)):
        table.setdefault(char, to[i] if i < len(to) else "")
    return "".join(table.get(char, char) for char in to_string(s))


def _normalize_space(env: Env, s: Any = None) -> str:
    text = to_string(env.current if s is None else s)
    return XML_SPACE.sub(" ", text).strip(" ")


def _string_length(env: Env, s: Any = None) -> float:
    return float(len(to_string(env.current if s is None else s)))


def _concat(*parts: Any) -> str:
    return "".join(node_string(n) if isinstance(n, dict) else to_string(n) for p in parts for n in nodes(p))


def _join(separator: Any, *parts: Any) -> str:
    return to_string(separator).join(to_string(n) for p in parts for n in nodes(p))


def _digest(data: Any, algorithm: Any, encoding: Any = "base64") -> str:
    name = DIGESTS.get(to_string(algorithm))
    how = to_string(encoding)
    if name is None or how not in ("base64", "hex"):
        return ""
    digest = hashlib.new(name, to_string(data).encode("utf-8", "surrogatepass")).digest()
    return digest.hex() if how == "hex" else base64.b64encode(digest).decode("ascii")


def _base64_decode(s: Any) -> str:
    text = to_string(s)
    if not BASE64.fullmatch(text):
        return ""
    try:
        return base64.b64decode(text).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""


# --- choices and checklists -----------------------------------------------------------------------


def _coalesce(a: Any, b: Any) -> Any:
    """The first value that is neither empty nor NaN (ODK Collect's "null" values)."""
    if isinstance(a, float) and math.isnan(a):
        return b
    return b if not isinstance(a, (int, float)) and not to_string(a) else a


def _selected_at(a: Any, n: Any) -> str:
    names, k = items(a), to_number(n)
    index = int(k) if not math.isnan(k) and not math.isinf(k) else -1
    return names[index] if 0 <= index < len(names) else ""


def _checklist(low: Any, high: Any, *responses: Any) -> bool:
    yes = sum(1 for r in responses for v in nodes(r) if to_string(v) == "yes")
    return _between(yes, low, high)


def _weighted_checklist(low: Any, high: Any, *pairs: Any) -> bool:
    total = 0.0
    for response, weight in zip(pairs[::2], pairs[1::2], strict=False):
        if to_string(response) == "yes":
            total += to_number(weight)
    return _between(total, low, high)


def _between(value: float, low: Any, high: Any) -> bool:
    a, b = to_number(low), to_number(high)
    if math.isnan(value) or math.isnan(a) or math.isnan(b):
        return False
    return (a == -1 or value >= a) and (b == -1 or value <= b)


def _choice_name(env: Env, value: Any, question: Any) -> str:
    lookup = env.context.choice_label
    if lookup is None:
        return ""
    label = lookup(question_name(to_string(question)), to_string(value), env.context.lang)
    return "" if label is None else str(label)


def question_name(text: str) -> str:
    """`${q}`, `/data/group/q` or `q` as the question's name (jr:choice-name's quoted second argument)."""
    text = text.strip()
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1]
    return text.rstrip("/").rsplit("/", 1)[-1]


def _pulldata(env: Env, instance: Any, column: Any, key_column: Any, key: Any) -> str:
    lookup = env.context.pulldata
    if lookup is None:
        return ""
    value = lookup(to_string(instance), to_string(column), to_string(key_column), to_string(key))
    return "" if value is None else str(value)


# --- dates and times ------------------------------------------------------------------------------


def _date(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return date_from_days(float(value)) or math.nan
    return to_date(value) or math.nan


def _date_time(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime_from_days(float(value)) or math.nan
    return to_datetime(value) or math.nan


def _decimal_date_time(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    moment = to_datetime(value)
    return to_number(moment) if moment is not None else math.nan


def _decimal_time(env: Env, value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) - math.floor(value) if math.isfinite(value) else math.nan  # a day's fraction
    if isinstance(value, datetime):
        value = to_string(value)
    if not isinstance(value, str):
        return math.nan
    offset = env.context.moment().utcoffset()
    return time_fraction(value, int(offset.total_seconds() // 60) if offset is not None else 0)


def _format(env: Env, value: Any, pattern: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment: Any = datetime_from_days(float(value))
    elif isinstance(value, datetime):
        moment = value
    else:
        moment = to_datetime(value) if isinstance(value, str) and "T" in value else to_date(value)
    if moment is None:
        return ""
    months, days = calendar_names(env.context.lang)
    return format_temporal(
        moment, to_string(pattern), env.context.month_names or months, env.context.day_names or days
    )


# --- randomness -----------------------------------------------------------------------------------


def _random(env: Env) -> float:
    return env.context.draw()


def _uuid(env: Env, length: Any = None) -> str:
    """uuid(): an RFC 4122 version 4 UUID; uuid(n): n random letters and digits."""
    draw = env.context.random or secrets.SystemRandom().random
    if length is None:
        digits = [f"{int(draw() * 16):x}" for _ in range(32)]
        digits[12] = "4"
        digits[16] = "89ab"[int(draw() * 4)]
        text = "".join(digits)
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    n = to_number(length)
    if math.isnan(n) or n < 0 or n > MAX_UUID:
        return ""
    return "".join(GUID_CHARS[int(draw() * len(GUID_CHARS))] for _ in range(int(n)))


def park_miller(seed: int) -> Callable[[], float]:
    """javarosa's ParkMiller generator (and Enketo's), so that a seed gives ODK's order."""
    modulus = 2147483647
    state = math.fmod(float(seed), modulus)
    if state <= 0:
        state += modulus - 1

    def draw() -> float:
        nonlocal state
        state = state * 16807 % modulus
        return (state - 1) / (modulus - 1)

    return draw


def _randomize(env: Env, value: Any, seed: Any = None) -> Any:
    """ODK's randomize(): an inside-out Fisher-Yates shuffle, seeded by Park-Miller."""
    members = list(value) if isinstance(value, NodeSet) else ([value] if not _empty(value) else [])
    if seed is None:
        draw = env.context.draw
    else:
        number = to_number(seed)
        if math.isnan(number) or math.isinf(number):
            return math.nan
        draw = park_miller(math.trunc(number))
    result: list[Any] = []
    for i, member in enumerate(members):
        j = math.floor(draw() * (i + 1))
        if j == i:
            result.append(member)
        else:
            result.append(result[j])
            result[j] = member
    return NodeSet(result)


def _once(env: Env, value: Any) -> Any:
    return value if _empty(env.current) else env.current


def _position(env: Env, path: Any = None) -> float:
    position = env.item_position if env.item_position is not None and path is None else env.context.position
    return math.nan if position is None else float(position)


def _today(env: Env) -> Any:
    return env.context.day()


def _now(env: Env) -> Any:
    return env.context.moment()


def _indexed_repeat(value: Any, _repeat: Any, index: Any, *levels: Any) -> Any:
    """indexed-repeat(${q}, ${r1}, i1[, ${r2}, i2[, ${r3}, i3]]): the answer of q in instance i1 of r1,
    then instance i2 of r2 within it (1-based). `${q}` outside its repeat is already the node-set of
    its instances' answers: with one level, its n-th node; with more, as ODK, the first node whose
    instance is the one named at each level (the repeats' node-sets give their names), the levels
    not named being those of the instance the expression is read in."""
    if not levels:
        answers = nodes(value) if isinstance(value, NodeSet) else [value]
        number = to_number(index)
        if not 1 <= number < len(answers) + 1:
            return ""
        return answers[int(number) - 1]
    if not isinstance(value, InstanceNodes):
        return ""
    wanted = dict(value.scope)
    for repeat, at in zip((_repeat, *levels[0::2]), (index, *levels[1::2]), strict=True):
        number = to_number(at)
        if not isinstance(repeat, InstanceNodes) or not repeat.paths or not 1 <= number < math.inf:
            return ""
        wanted[repeat.paths[0][-1][0]] = int(number)
    every = value.whole if value.whole is not None else value
    for answer, path in zip(nodes(every), every.paths, strict=True):
        if all(dict(path).get(name) == number for name, number in wanted.items()):
            return answer
    return ""


def _fn(low: int, high: int, apply: Callable[..., Any] | None, env: bool = False) -> Function:
    return Function(low, high, apply, env)


FUNCTIONS: dict[str, Function] = {
    # logic
    "if": _fn(3, 3, None),
    "not": _fn(1, 1, lambda x: not to_bool(x)),
    "true": _fn(0, 0, lambda: True),
    "false": _fn(0, 0, lambda: False),
    "boolean": _fn(1, 1, to_bool),
    "boolean-from-string": _fn(1, 1, lambda s: to_string(s).lower() == "true" or to_string(s) == "1"),
    "coalesce": _fn(2, 2, _coalesce),
    "once": _fn(1, 1, _once, True),
    "position": _fn(0, 1, _position, True),
    "indexed-repeat": _fn(3, 7, _indexed_repeat),
    "checklist": _fn(2, 100, _checklist),
    "weighted-checklist": _fn(2, 100, _weighted_checklist),
    # choices
    "selected": _fn(2, 2, lambda a, b: to_string(b).strip() in items(a)),
    "count-selected": _fn(1, 1, lambda a: float(len(items(a)))),
    "selected-at": _fn(2, 2, _selected_at),
    "jr:choice-name": _fn(2, 2, _choice_name, True),
    # text
    "string": _fn(1, 1, to_string),
    "concat": _fn(0, 100, _concat),
    "join": _fn(1, 100, _join),
    "substr": _fn(2, 3, _substr),
    "substring-before": _fn(2, 2, _before),
    "substring-after": _fn(2, 2, _after),
    "translate": _fn(3, 3, _translate),
    "normalize-space": _fn(0, 1, _normalize_space, True),
    "string-length": _fn(0, 1, _string_length, True),
    "contains": _fn(2, 2, lambda s, t: to_string(t) in to_string(s)),
    "starts-with": _fn(2, 2, lambda s, t: to_string(s).startswith(to_string(t))),
    "ends-with": _fn(2, 2, lambda s, t: to_string(s).endswith(to_string(t))),
    "regex": _fn(2, 2, _regex),
    "digest": _fn(2, 3, _digest),
    "base64-decode": _fn(1, 1, _base64_decode),
    "pulldata": _fn(4, 4, _pulldata, True),
    # numbers
    "number": _fn(1, 1, to_number),
    "int": _fn(1, 1, _int),
    "round": _fn(1, 2, _round),
    "pow": _fn(2, 2, _pow),
    "log": _fn(1, 1, _log(False)),
    "log10": _fn(1, 1, _log(True)),
    "abs": _fn(1, 1, lambda x: abs(to_number(x))),
    "sin": _fn(1, 1, _math(math.sin)),
    "cos": _fn(1, 1, _math(math.cos)),
    "tan": _fn(1, 1, _math(math.tan)),
    "asin": _fn(1, 1, _math(math.asin)),
    "acos": _fn(1, 1, _math(math.acos)),
    "atan": _fn(1, 1, _math(math.atan)),
    "atan2": _fn(2, 2, lambda y, x: math.atan2(to_number(y), to_number(x))),
    "sqrt": _fn(1, 1, _math(math.sqrt)),
    "exp": _fn(1, 1, _math(math.exp)),
    "exp10": _fn(1, 1, _exp10),
    "pi": _fn(0, 0, lambda: math.pi),
    "min": _fn(1, 100, _extreme(min)),
    "max": _fn(1, 100, _extreme(max)),
    "sum": _fn(1, 1, _sum),
    "count": _fn(1, 1, _count),
    "count-non-empty": _fn(1, 1, _count_non_empty),
    # dates and times
    "today": _fn(0, 0, _today, True),
    "now": _fn(0, 0, _now, True),
    "date": _fn(1, 1, _date),
    "date-time": _fn(1, 1, _date_time),
    "decimal-date-time": _fn(1, 1, _decimal_date_time),
    "decimal-time": _fn(1, 1, _decimal_time, True),
    "format-date": _fn(2, 2, _format, True),
    "format-date-time": _fn(2, 2, _format, True),
    # randomness
    "random": _fn(0, 0, _random, True),
    "uuid": _fn(0, 1, _uuid, True),
    "randomize": _fn(1, 2, _randomize, True),
    # geography
    "area": _fn(1, 1, geo.area),
    "enclosed-area": _fn(1, 1, geo.area),  # JavaRosa's older name of area(), which ODK Collect still reads
    "distance": _fn(1, 1, geo.distance),
}
