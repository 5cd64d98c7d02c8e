"""The safe expression evaluator: XLSForm's relevant/constraint subset, XPath semantics, never raising."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from surveyapp.expressions import Context, ExpressionError, NodeSet, compile_expression

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("source", "answers", "current", "expected"),
    [
        ("${consent} = 'OK'", {"consent": "OK"}, None, True),
        ("${consent} = 'OK'", {}, None, False),
        ("selected(${barriers}, 'other')", {"barriers": "transportation other"}, None, True),
        ("selected(${barriers}, 'other')", {"barriers": ["transportation"]}, None, False),
        (". >= 16 and . <= 110", {}, 30, True),
        (". >= 16 and . <= 110", {}, 7, False),
        (". >= 16 and . <= 110", {}, "", False),
        ("regex(., '^[0-9]{5}$')", {}, "58102", True),
        ("regex(., '^[0-9]{5}$')", {}, "5810", False),
        ("regex(., '[0-9]{5}')", {}, "58102", True),
        ("string-length(.) <= 5", {}, "hello", True),
        ("${age} >= 18 or ${guardian} = 'yes'", {"age": 15, "guardian": "yes"}, None, True),
        ("not(selected(., 'none')) or count-selected(.) = 1", {}, "none", True),
        ("not(selected(., 'none')) or count-selected(.) = 1", {}, "none food", False),
        (". <= today()", {}, date(2026, 1, 1), True),
        (". <= today()", {}, date(2027, 1, 1), False),
        ("if(${a} = '', 0, ${a}) > 3", {"a": ""}, None, False),
        ("if(${a} = '', 0, ${a}) > 3", {"a": 5}, None, True),
        ("today() - date('2026-11-20') = 2", {}, None, True),
        ("1 + 2 * 3 = 7", {}, None, True),
        ("(1 + 2) * 3 = 9", {}, None, True),
        ("10 div 4 = 2.5 and 10 mod 4 = 2", {}, None, True),
        ("-${n} < 0", {"n": 3}, None, True),
        ("${n} = '3'", {"n": 3}, None, True),
        ("'' != 5", {}, None, True),
        ("1 div 0 > 1000", {}, None, True),
        ("contains(., 'bus') and starts-with(., 'the')", {}, "the bus", True),
        ("concat(${a}, '-', ${b}) = 'x-y'", {"a": "x", "b": "y"}, None, True),
        ("round(2.567, 1) = 2.6 and int(2.9) = 2 and abs(-2) = 2", {}, None, True),
        ("max(1, 5, 3) = 5 and min(4, 2) = 2", {}, None, True),
        ("coalesce(${a}, 'none') = 'none'", {}, None, True),
    ],
)
def test_expressions_as_authors_write_them(source, answers, current, expected):
    assert compile_expression(source).is_true(answers, current, today=TODAY) is expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("(1 + 2", "expected ')'"),
        ("frobnicate(1)", "unknown function 'frobnicate'"),
        ("${nowhere} = 1", "unknown question 'nowhere'"),
        ("1 # 2", "unexpected"),
        ("1 +", "ends too early"),
        ("selected(${a})", "takes 2 arguments"),
        ("indexed-repeat(${a}, ${a}, 1, ${a})", "takes the value, then pairs of repeat and index"),
        ("indexed-repeat(${a}, ${a}, 1, ${a}, 1, ${a}, 1, ${a}, 1)", "takes 3 to 7 arguments"),
        ("__import__('os')", "unknown function '__import__'"),
        ("${a}.__class__", "unexpected"),
        ("open('x')", "unknown function 'open'"),
        ("1" * 2001, "longer than"),
        ("(" * 60 + "1" + ")" * 60, "nested too deeply"),
    ],
)
def test_authoring_errors_are_named(source, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compile_expression(source, known_names={"a"})


def test_references_are_collected():
    assert compile_expression("${a} = 1 and selected(${b}, 'x')").references == {"a", "b"}


HOSTILE = [
    {},
    {"a": None, "b": None},
    {"a": [1, 2], "b": {"x": 1}},
    {"a": "x" * 100_000, "b": -1e308},
    {"a": date(1, 1, 1), "b": "9999-99-99"},
    {"a": math.nan, "b": math.inf},
]


@pytest.mark.parametrize("answers", HOSTILE)
def test_evaluation_never_raises(answers):
    sources = [
        "${a} + ${b} > 1",
        "date(${a}) + ${b}",
        "regex(${a}, ${b})",
        "substr(${a}, ${b})",
        "round(${a}, ${b})",
        "count-selected(${a}) * ${b}",
        "${a} div ${b} mod ${a}",
        "selected-at(${a}, ${b})",
        "today() - ${a} < ${b}",
        "-${a} = ${b}",
    ]
    for source in sources:
        compile_expression(source).evaluate(answers, answers.get("a"), today=TODAY)


# --- ODK's documented semantics (docs.getodk.org, "Form operators and functions") -----------------

MOMENT = datetime(2026, 11, 22, 10, 30, tzinfo=timezone(timedelta(hours=2)))
FRUITS = [{"name": "a", "label": "Apple"}, {"name": "b", "label": "Banana"}]


def context(**parts: object) -> Context:
    base = {
        "today": TODAY,
        "now": MOMENT,
        "lang": "en",
        "instance": {"fruits": FRUITS}.get,
        "choice_label": lambda q, v, lang: {("fruit", "a"): "Apple"}.get((q, v)),
        "pulldata": lambda i, c, k, key: "7" if (i, c, k, key) == ("hh", "size", "id", "h1") else None,
    }
    return Context(**{**base, **parts})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "answers", "current", "expected"),
    [
        ("date(19000)", {}, None, date(2022, 1, 8)),
        ("decimal-date-time(date(19000))", {}, None, 19000.0),
        ("decimal-time('12:00:00.000+02:00')", {}, None, 0.5),
        ("decimal-time('18:00:00.000+02:00')", {}, None, 0.75),
        ("regex(., '[A-Z]')", {}, "AB", False),  # an exact and complete match
        ("regex(., '[A-Z]+')", {}, "AB", True),
        ("substr('hello', 1, 3)", {}, None, "el"),
        ("substring-before('a-b-c', '-')", {}, None, "a"),
        ("substring-after('a-b-c', '-')", {}, None, "b-c"),
        ("substring-before('abc', 'a')", {}, None, ""),
        ("translate('abcd', 'abc', 'AB')", {}, None, "ABd"),
        ("normalize-space()", {}, "  a   b ", "a b"),
        ("string-length()", {}, "four", 4.0),
        ("boolean-from-string('1')", {}, None, True),
        ("count-selected(.)", {}, "red green purple", 3.0),
        ("selected-at(${c}, 1)", {"c": "red green purple"}, None, "green"),
        ("join(', ', ${n})", {"n": NodeSet(["a", "b"])}, None, "a, b"),
        ("concat(${n}, 'c')", {"n": NodeSet(["a", "b"])}, None, "abc"),
        ("sum(${n})", {"n": NodeSet([1, 2, 3.5])}, None, 6.5),
        ("max(${n})", {"n": NodeSet([1, 9, 3])}, None, 9.0),
        ("min(${n})", {"n": NodeSet([4, 9, 3])}, None, 3.0),
        ("max(${n})", {"n": NodeSet([1, ""])}, None, 1.0),  # as ODK Collect: unanswered is left out
        ("max(${n})", {"n": NodeSet(["", ""])}, None, math.nan),
        ("sum(${n})", {"n": NodeSet([1, "", 2])}, None, 3.0),
        ("count(${n})", {"n": NodeSet(["", "x"])}, None, 2.0),
        ("count-non-empty(${n})", {"n": NodeSet(["", "x"])}, None, 1.0),
        ("${n} = 'x'", {"n": NodeSet(["", "x"])}, None, True),
        ("${n} = 'y'", {"n": NodeSet(["", "x"])}, None, False),
        ("selected(${s}, 'b')", {"s": ["a", "b"]}, None, True),  # a select_multiple list is no node-set
        ("round(2.5)", {}, None, 3.0),
        ("round(-2.5)", {}, None, -2.0),  # half up, toward +Infinity (XPath, ODK Collect)
        ("round(-2.51)", {}, None, -3.0),
        ("round(2.675, 2)", {}, None, 2.68),
        ("round(1.5, 31)", {}, None, math.nan),
        ("substr('hello', -3)", {}, None, "llo"),
        ("substr('hello', 1, -1)", {}, None, "ell"),
        ("coalesce(0 div 0, 'x')", {}, None, "x"),
        ("boolean-from-string('True')", {}, None, True),
        ("decimal-time(19000.25)", {}, None, 0.25),
        ("round(1.2345, 2)", {}, None, 1.23),
        ("round(1250, -2)", {}, None, 1300.0),
        ("int(-2.9)", {}, None, -2.0),
        ("pow(2, 3) + exp10(2) + log10(100)", {}, None, 110.0),
        ("abs(-2) + sqrt(9)", {}, None, 5.0),
        ("checklist(-1, 2, 'yes', 'no', 'yes')", {}, None, True),
        ("checklist(3, -1, 'yes', 'no', 'yes')", {}, None, False),
        ("weighted-checklist(3, 4, 'yes', 2, 'no', 5, 'yes', 1)", {}, None, True),
        ("coalesce(${a}, ${b})", {"a": "", "b": "x"}, None, "x"),
        ("once(random())", {}, "kept", "kept"),
        ("digest('abc', 'MD5', 'hex')", {}, None, "900150983cd24fb0d6963f7d28e17f72"),
        ("digest('abc', 'SHA-1', 'hex')", {}, None, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("digest('abc', 'SHA-256')", {}, None, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
        ("base64-decode('aMOpbGxv')", {}, None, "h\u00e9llo"),
        ("distance('0 0;0 1')", {}, None, 111318.85),
        ("area('0 0;0 1;1 1;1 0') > 12000000000", {}, None, True),
        ("format-date(date('2026-03-05'), '%Y/%m/%d %n/%e %y %b %a')", {}, None, "2026/03/05 3/5 26 Mar Thu"),
        ("format-date-time(now(), '%H:%M:%S.%3 %h')", {}, None, "10:30:00.000 10"),
        ("now()", {}, None, MOMENT),
        ("today()", {}, None, TODAY),
        ("now() > today()", {}, None, True),
        ("date-time('2026-11-22T08:30:00Z') = now()", {}, None, True),
        ("jr:choice-name('a', '${fruit}')", {}, None, "Apple"),
        ("jr:choice-name('z', '${fruit}')", {}, None, ""),
        ("pulldata('hh', 'size', 'id', 'h1') + 1", {}, None, 8.0),
        ("pulldata('hh', 'size', 'id', 'h9')", {}, None, ""),
        ("position(..)", {}, None, 2.0),
        ("instance('fruits')/root/item[name = ${f}]/label = 'Banana'", {"f": "b"}, None, True),
        ("count(instance('fruits')/root/item)", {}, None, 2.0),
        ("/data/group/f = 'b' and ../f = 'b' and current()/../f = 'b'", {"f": "b"}, None, True),
        # A bare name is the child step of the question's own node, which has none: an empty
        # node-set, equal to nothing, not even '' (pyxform's test_calculate_relative_path).
        ("name = ${crop}", {"crop": ""}, None, False),
        ("name = ${crop}", {"crop": "maize"}, None, False),
        ("name != ''", {}, None, False),
        ("count(name)", {}, None, 0.0),
        ("concat('a', name, 'b')", {}, None, "ab"),
    ],
)
def test_odk_semantics(source, answers, current, expected):
    value = compile_expression(source).evaluate(answers, current, context=context(position=2))
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(value, float)
        assert math.isnan(value)
    else:
        assert value == expected, (source, value)


@pytest.mark.parametrize(
    ("seed", "order"),
    [("42", "AFCBDE"), ("-42", "EDAFBC"), ("1", "BFEACD"), ("11111111", "ACDBFE"), ("'42'", "AFCBDE")],
)
def test_a_seeded_randomize_gives_odks_order(seed, order):
    """Park-Miller and an inside-out shuffle, as javarosa and Enketo (Enketo's test vectors)."""
    shuffled = compile_expression(f"randomize(${{x}}, {seed})").evaluate({"x": NodeSet("ABCDEF")})
    assert "".join(shuffled) == order


def test_random_values_have_their_shape():
    assert 0 <= compile_expression("random()").evaluate({}) < 1
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        compile_expression("uuid()").evaluate({}),
    )
    assert re.fullmatch(r"[A-Za-z0-9]{12}", compile_expression("uuid(12)").evaluate({}))
    assert sorted(compile_expression("randomize(${x})").evaluate({"x": NodeSet("abc")})) == ["a", "b", "c"]


def test_today_comes_from_the_context_or_the_old_keyword():
    expression = compile_expression("today()")
    assert expression.evaluate({}, today=TODAY) == TODAY
    assert expression.evaluate({}, context=Context(today=date(2020, 1, 1))) == date(2020, 1, 1)
    assert expression.evaluate({}, today=TODAY, context=Context(today=date(2020, 1, 1))) == TODAY
    assert expression.evaluate({}, context=Context(now=MOMENT)) == MOMENT.date()


def test_a_context_at_a_time_zone_takes_that_zones_day():
    kiribati, samoa = Context.at("Pacific/Kiritimati"), Context.at("Pacific/Pago_Pago")
    assert kiribati.today - samoa.today == timedelta(days=1)  # UTC+14 and UTC-11 are always a day apart
    assert kiribati.now.utcoffset() == timedelta(hours=14)
    assert compile_expression("today()").evaluate({}, context=kiribati) == kiribati.today


def test_month_and_day_names_follow_the_language():
    expression = compile_expression("format-date(date('2026-03-05'), '%a %e %b')")
    assert expression.evaluate({}, context=Context(lang="fr")) == "jeu. 5 mars"
    assert expression.evaluate({}, context=Context(lang="xx-nowhere")) == "Thu 5 Mar"
    assert expression.evaluate({}, context=Context(month_names=tuple("ABCDEFGHIJKL"))) == "Thu 5 C"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("weighted-checklist(1, 2, 'yes')", "pairs of response and weight"),
        ("jr:choice-name('a', '${nowhere}')", "unknown question 'nowhere'"),
        ("/data/group/nowhere = 1", "unknown question 'nowhere'"),
        ("../nowhere", "unknown question 'nowhere'"),
        ("instance(${a})/root/item", "name of a list in quotes"),
        ("instance('x')", "instance('list')/root/item"),
        ("instance('x')/root/item/label/more", "instance('list')/root/item"),
        ("/data/rep[1]/a", "not supported"),
        ("and = 'x'", "unexpected 'and'"),
        ("pulldata('a', 'b')", "takes 4 arguments"),
        ("date-time()", "takes 1 arguments"),
        ("/data/ = 1", "expected a name after '/'"),
        ("/a[" * 400 + "1" + "]" * 400, "nested too deeply"),
        ("instance('x')/root/item[" * 60 + "1" + "]" * 60, "nested too deeply"),
    ],
)
def test_new_authoring_errors_are_named(source, message):
    with pytest.raises(ExpressionError, match=re.escape(message)):
        compile_expression(source, known_names={"a"})


def test_references_cover_paths_and_choice_names():
    source = "/data/g/a = 1 and ../b = 2 and current()/../c and jr:choice-name(., '${d}') and ${e}"
    assert compile_expression(source).references == {"a", "b", "c", "d", "e"}
    assert compile_expression("instance('l')/root/item[name = ${x}]/label").references == {"x"}


@pytest.mark.parametrize(
    "answers",
    HOSTILE
    + [
        {"a": NodeSet([{"x": 1}, None, math.nan]), "b": NodeSet()},
        {"a": datetime(9999, 12, 31, tzinfo=UTC), "b": 1e308},
    ],
)
def test_new_functions_never_raise(answers):
    sources = [
        "sum(${a}) + count(${b})",
        "join(${b}, ${a})",
        "format-date(${a}, ${b})",
        "date-time(${a})",
        "decimal-time(${a})",
        "randomize(${a}, ${b})",
        "distance(${a})",
        "area(${a})",
        "digest(${a}, 'MD5')",
        "base64-decode(${a})",
        "pow(${a}, ${b})",
        "exp(${a}) * log(${b})",
        "uuid(${b})",
        "round(${a}, ${b})",
        "translate(${a}, ${b}, ${a})",
        "${a} = ${b}",
        "now() - ${a}",
        "${a} + 1",
        "date(${b})",
        "instance('fruits')/root/item[${a}]/label",
        "checklist(${a}, ${b}, ${a})",
        "max(${a}, ${b})",
    ]
    for source in sources:
        compile_expression(source).evaluate(answers, answers.get("a"), context=context())
