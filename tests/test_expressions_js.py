"""The kiosk's offline evaluator (static/expressions.js) gives the server's results, case by case.

Each case is evaluated by the Python evaluator and, from the exported tree, by the JavaScript one under
Node.js (one run for the whole battery); values, truth and typed answers must be the same.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import surveyapp
from surveyapp.expressions import compile_expression
from surveyapp.expressions.export import tree_json
from surveyapp.forms.definition import QUESTION_TYPES, Question
from surveyapp.forms.page_form import typed

TODAY = date(2026, 11, 22)
SCRIPT = Path(surveyapp.__file__).parent / "static" / "expressions.js"


def q(question_type: str, raw: str) -> Any:
    """An answer typed as the server types stored answers."""
    question = Question(name="q", type=question_type, label={}, hint={}, required=False, relevant=None,
                        constraint=None, constraint_message={})
    return typed(question, raw)


def i(raw: str) -> Any:
    return q("integer", raw)


def d(raw: str) -> Any:
    return q("decimal", raw)


def dt(raw: str) -> Any:
    return q("date", raw)


S = {"s": "a b c"}
LONG = "a" * 201

CASES: list[tuple[str, dict[str, Any], Any]] = [
    # values and references
    ("${a}", {"a": "x"}, None),
    ("${missing}", {}, None),
    ("${constructor}", {}, None),
    (".", {}, None),
    (".", {}, i("7")),
    ("'text'", {}, None),
    ("16", {}, None),
    ("9" * 400, {}, None),
    # logic
    ("true() and not(false())", {}, None),
    ("${a} or ${b}", {"a": "", "b": d("0")}, None),
    ("${a} and 1", {"a": " "}, None),
    ("boolean('0') and boolean('false')", {}, None),
    ("boolean(0)", {}, None),
    ("boolean(0 div 0)", {}, None),
    ("not('')", {}, None),
    ("if(${a} = '', 0, ${a}) > 3", {"a": ""}, None),
    ("if(${a} = '', 0, ${a}) > 3", {"a": i("5")}, None),
    ("if('', 1, 2)", {}, None),
    ("if(1 div 0, 'y', 'n')", {}, None),
    ("if(0 div 0, 'y', 'n')", {}, None),
    ("coalesce(${a}, 'none')", {"a": ""}, None),
    ("coalesce(0, 5)", {}, None),
    ("coalesce(${n}, 5)", {"n": i("12")}, None),
    # comparisons, empty answers and NaN
    ("${n} = '3'", {"n": i("3")}, None),
    ("'' = 0", {}, None),
    ("'' != 0", {}, None),
    ("'' < 1 or '' >= 1", {}, None),
    (". >= 16 and . <= 110", {}, ""),
    (". >= 16 and . <= 110", {}, i("30")),
    ("${n} > 5", {"n": i("")}, None),
    ("'10' < '9'", {}, None),
    ("'a' < 'b'", {}, None),
    ("'abc' = 'abc' and 'abc' != 'abd'", {}, None),
    ("true() = 'false'", {}, None),
    ("1 = true()", {}, None),
    ("'nan' = 'nan'", {}, None),
    ("${x} = ${y}", {"x": d("nan"), "y": d("nan")}, None),
    ("${x} != ${y}", {"x": d("nan"), "y": d("nan")}, None),
    ("${i} > 7", {"i": i("7.5")}, None),
    ("${i} = 7 and ${j} = -0", {"i": i("07"), "j": i("-0")}, None),
    ("${x} = 7.5", {"x": d("7.5")}, None),
    ("selected(${s}, 'a')", {"s": ["a", "b"]}, None),
    # arithmetic
    ("1 + 2 * 3", {}, None),
    ("(1 + 2) * 3 - 4", {}, None),
    ("10 div 4", {}, None),
    ("10 mod 4", {}, None),
    ("-7 mod 3", {}, None),
    ("7.5 mod 2", {}, None),
    ("1 div 0", {}, None),
    ("-1 div 0", {}, None),
    ("0 div 0", {}, None),
    ("1 div -0", {}, None),
    ("5 mod 0", {}, None),
    ("(1 div 0) mod 2", {}, None),
    ("${a} + 1", {"a": ""}, None),
    ("'7.5' * 2", {}, None),
    ("' 07 ' + 1", {}, None),
    ("'1_000' + '1e3'", {}, None),
    ("'0x10' + 0", {}, None),
    ("'inf' + '-Infinity'", {}, None),
    ("'\u0661\u0662' + 0", {}, None),
    ("'\u0967.\u0968' * 2", {}, None),
    ("'1,5' + 0", {}, None),
    ("true() + true()", {}, None),
    ("-${n}", {"n": i("3")}, None),
    ("- - 4", {}, None),
    ("${big} > 1", {"big": i("1" * 400)}, None),
    ("${x} + ${y}", {"x": d("nan"), "y": d("inf")}, None),
    # dates
    ("today()", {}, None),
    ("today() - date('2026-11-20')", {}, None),
    ("date('2026-11-20') + 2", {}, None),
    ("date('2026-03-01') - 1", {}, None),
    ("${d} + 1.9", {"d": dt("2026-01-05")}, None),
    ("${d} - 1.9", {"d": dt("2026-01-05")}, None),
    ("today() + 3000001", {}, None),
    ("date('9999-12-31') + 1", {}, None),
    ("date('0001-01-01') - 1", {}, None),
    ("date('2026-13-01')", {}, None),
    ("date('2024-02-29') + 365", {}, None),
    ("date('20261122')", {}, None),
    ("date('2026-W47-7')", {}, None),
    ("date('2026W47')", {}, None),
    ("date('2020-W53')", {}, None),
    ("date('2025-W53')", {}, None),
    ("date('2026-11-22T10:00')", {}, None),
    ("date('2026111122')", {}, None),
    ("date('20261122\u00e9')", {}, None),
    ("date('')", {}, None),
    ("date(20261122)", {}, None),
    ("date(${n})", {"n": i("20261122")}, None),
    ("${d} = ${n}", {"d": dt("2026-11-22"), "n": i("202611229")}, None),
    ("${d} = ${n}", {"d": dt("2026-11-22"), "n": d("202611229")}, None),
    ("${d} = '2026-01-05'", {"d": dt("2026-01-05")}, None),
    ("${d} < '2026-02-01'", {"d": dt("2026-01-05")}, None),
    ("${d} > 20000", {"d": dt("2026-01-05")}, None),
    ("1 + today()", {}, None),
    ("number(today())", {}, None),
    ("string(today())", {}, None),
    ("concat('d:', today())", {}, None),
    ("today() = '2026-11-22'", {}, None),
    ("today() > date('2026-01-01')", {}, None),
    ("today() - ${d}", {"d": ""}, None),
    (". <= today()", {}, dt("2027-01-01")),
    ("${d} = today()", {"d": dt("2026-W47-7")}, None),
    # choices (select_multiple answers are space-separated names)
    ("selected(${s}, 'b')", S, None),
    ("selected(${s}, 'd')", S, None),
    ("selected(${s}, '')", S, None),
    ("count-selected(${s})", S, None),
    ("count-selected('')", {}, None),
    ("count-selected(${s})", {"s": " a\u3000b\x1c "}, None),
    ("selected-at(${s}, 1)", S, None),
    ("selected-at(${s}, 5)", S, None),
    ("selected-at(${s}, -1)", S, None),
    ("selected-at(${s}, 1.9)", S, None),
    ("selected-at(${s}, 'x')", S, None),
    ("selected-at(${s}, 1 div 0)", S, None),
    ("not(selected(., 'none')) or count-selected(.) = 1", {}, "none food"),
    # text
    ("string-length(.)", {}, "h\u00e9llo\U0001f600"),
    ("string-length('')", {}, None),
    ("contains(., 'bus') and starts-with(., 'the')", {}, "the bus"),
    ("starts-with(., '') and ends-with(., '')", {}, "x"),
    ("ends-with(., 'bus')", {}, "the bus"),
    ("ends-with('', 'a')", {}, None),
    ("concat()", {}, None),
    ("concat(1, 2.5, true(), '', ${n}, ${m})", {"n": i("007"), "m": d("2")}, None),
    ("substr('hello', 1, 3)", {}, None),
    ("substr('hello', 2)", {}, None),
    ("substr('hello', -2, 2)", {}, None),
    ("substr('hello', 'x')", {}, None),
    ("substr(., 5)", {}, "h\u00e9llo\U0001f600!"),
    ("substr('abc', 0, 1 div 0)", {}, None),
    # numbers as text
    ("string(7.5)", {}, None),
    ("string(1 div 3)", {}, None),
    ("string(0.00001)", {}, None),
    ("string(0.0001)", {}, None),
    ("string(0.1 + 0.2)", {}, None),
    ("string(-0.5)", {}, None),
    ("string(-0)", {}, None),
    ("string(0 div 0)", {}, None),
    ("string(1 div 0)", {}, None),
    ("string(-(1 div 0))", {}, None),
    ("string(1000000 * 1000000 * 1000000 * 1000)", {}, None),
    ("string(3.3 * 1000000 * 1000000 * 1000000 * 1000000 * 1000000)", {}, None),
    ("string(-12345678901234567 * 10)", {}, None),
    ("string(1234567890123456.7)", {}, None),
    ("string(0.000001234 * 1000000 * 1000000 * 1000000 * 1000000)", {}, None),
    ("string(0.5 div 1000000 div 1000000 div 1000000)", {}, None),
    ("string(true())", {}, None),
    ("string('')", {}, None),
    ("string(${n})", {"n": i("07")}, None),
    ("string(${n})", {"n": i("1" * 400)}, None),
    ("string(${n})", {"n": i("7.5")}, None),
    ("string(${n})", {"n": d("7.50")}, None),
    # numbers
    ("number('7.5')", {}, None),
    ("number('07')", {}, None),
    ("number('')", {}, None),
    ("number(' 12\u3000')", {}, None),
    ("number(true())", {}, None),
    ("int(2.9) + int(-2.9)", {}, None),
    ("int('x')", {}, None),
    ("int(1 div 0)", {}, None),
    ("round(2.5)", {}, None),
    ("round(3.5)", {}, None),
    ("round(-2.5)", {}, None),
    ("round(2.675, 2)", {}, None),
    ("round(0.125, 2)", {}, None),
    ("round(1250, -2)", {}, None),
    ("round(1350, -2)", {}, None),
    ("round(1234.5678, 2)", {}, None),
    ("round(0.005, 2)", {}, None),
    ("round(9.995, 2)", {}, None),
    ("round(123.456, -1)", {}, None),
    ("round(0.0004, 3)", {}, None),
    ("round(-0.0004, 3)", {}, None),
    ("round(${x})", {"x": ""}, None),
    ("round(2.5, 'x')", {}, None),
    ("round(1.5, 1 div 0)", {}, None),
    ("round(1.23456, 400)", {}, None),
    ("round(123, -400)", {}, None),
    ("round(99999999999999.99, 1)", {}, None),
    ("abs(-2.5)", {}, None),
    ("abs('')", {}, None),
    ("min(1, 5, 3) + max(1, 5, 3)", {}, None),
    ("max(1, '', 3)", {}, None),
    ("min('2', 10)", {}, None),
    ("max(${n}, 3)", {"n": i("12")}, None),
    # regex (Python's re.search semantics)
    ("regex(., '^[0-9]{5}$')", {}, "58102"),
    ("regex(., '^[0-9]{5}$')", {}, "5810"),
    ("regex(., '^\\d{5}$')", {}, "\u0665\u0668\u0661\u0660\u0662"),
    ("regex(., '^\\w+$')", {}, "Nguy\u1ec5n"),
    ("regex(., '^[^\\W\\d_]+$')", {}, "Jos\u00e9"),
    ("regex(., '^[^\\W\\d_]+$')", {}, "Jos\u00e92"),
    ("regex(., '^[\\w.+-]+@[\\w-]+\\.[\\w.]+$')", {}, "a.b@c-d.org"),
    ("regex(., 'a{,2}b')", {}, "aab"),
    ("regex(., '^x{,2}$')", {}, "xxx"),
    ("regex(., 'a{2')", {}, "a{2"),
    ("regex(., '^a$')", {}, "a\n"),
    ("regex(., 'a\\Z')", {}, "a\n"),
    ("regex(., '(?i)^abc$')", {}, "ABC"),
    ("regex(., '\\p{L}')", {}, "p"),
    ("regex(., '[')", {}, "x"),
    ("regex(., '^\\s+$')", {}, "\u3000\x1c"),
    ("regex(., '^.$')", {}, "\n"),
    ("regex(., '(?s)^.$')", {}, "\n"),
    ("regex(., '(?m)^b$')", {}, "a\nb"),
    ("regex(., '(a)\\1')", {}, "aa"),
    ("regex(., '(?P<x>a)(?P=x)')", {}, "aa"),
    ("regex(., 'colou?r')", {}, "color"),
    ("regex(., '^\\$\\d+\\.\\d\\d$')", {}, "$10.50"),
    ("regex(., '\\bcat\\b')", {}, "a cat here"),
    ("regex(., '^\\x41\\u00e9\\101$')", {}, "A\u00e9A"),
    ("regex(., '^[\\u0041-\\u0043]+$')", {}, "ABC"),
    ("regex(., 'x{3,1}')", {}, "x"),
    ("regex(., 'x{99999999999}')", {}, "x"),
    ("regex(123, '^\\d+$')", {}, None),
    ("regex(., '" + LONG + "')", {}, LONG),
    ("regex(., '^.{6}$')", {}, "h\u00e9llo\U0001f600"),
    ("regex(., '\\b\u00e9t\u00e9\\b')", {}, "l'\u00e9t\u00e9 dernier"),
    ("regex(., '(?a)\\b\u00e9t\u00e9\\b')", {}, "l'\u00e9t\u00e9 dernier"),
    ("regex(., '(?a)^\\w+$')", {}, "Jos\u00e9"),
    ("regex(., '\\B')", {}, ""),
    ("regex(., '(?x) ^ \\d{3}  # area code\n -? \\d{4} $')", {}, "555-1234"),
    ("regex(., '^[\\S\\d]+$')", {}, "a\u0663b"),
    ("regex(., '^[\\s\\d]+$')", {}, "\u3000\u0663"),
    ("regex(., '^\\D+$')", {}, "abc"),
    ("regex(., '[]a]')", {}, "]"),
    ("regex(., '^\\@\\#\\-$')", {}, "@#-"),
    ("regex(., '\\q')", {}, "q"),
    ("regex(., 'a++')", {}, "aa"),
    ("regex(., '^a*+a')", {}, "aaa"),
    ("regex(., '(?>a+)b')", {}, "aab"),
    ("regex(., '(?=a)?b')", {}, "b"),
    ("regex(., '^(a)(?P<n>b)\\2(?P=n)$')", {}, "abbb"),
    ("regex(., 'a**')", {}, "aa"),
    ("regex(., '^*a')", {}, "a"),
]

TYPED_RAW = ["", "7", "07", "+7", "-0", " 7 ", "7.5", "7,5", "1_000", "1__0", "\u0661\u0662", "\u0663.\u0665",
             "1e3", "inf", "-Infinity", "nan", "0x10", "abc", "2026-11-22", "20261122", "2026-W47-7",
             "2026-02-30", "2026-11-22T10:00", "\u30007", "7\x85", "\x1c7", "1" * 30, "9" * 4300, "9" * 4301]

DRIVER = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const window = {};
new Function("window", fs.readFileSync(input.script, "utf8"))(window);
const X = window.SurveyExpressions;
function dec(v) {
  if (Array.isArray(v)) { return v.map(dec); }
  if (v && typeof v === "object") {
    if ("$int" in v) { return X.typed("integer", v.$int); }
    if ("$date" in v) { return X.typed("date", v.$date); }
    return Number(v.$num.replace("inf", "Infinity"));
  }
  return v;
}
function enc(v) {
  if (typeof v === "boolean") { return ["bool", v]; }
  if (typeof v === "string") { return ["str", v]; }
  if (typeof v === "number") { return ["num", v !== v ? "nan" : isFinite(v) ? v : v > 0 ? "inf" : "-inf"]; }
  if (v instanceof Date) { return ["date", v.toISOString().slice(0, 10)]; }
  return ["int", String(v)];
}
const out = { cases: input.cases.map(function (c) {
  const answers = {};
  Object.keys(c.answers).forEach(function (k) { answers[k] = dec(c.answers[k]); });
  return { value: enc(X.evaluate(c.tree, answers, dec(c.current), input.today)),
           truth: X.isTrue(c.tree, answers, dec(c.current), input.today) };
}), typed: input.typed.map(function (t) { return enc(X.typed(t[0], t[1])); }) };
process.stdout.write(JSON.stringify(out));
"""


def _number(value: float) -> Any:
    if math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else "inf" if value > 0 else "-inf"


def encode_answer(value: Any) -> Any:
    """A typed answer for the driver, which types it again with the script's own typed()."""
    if isinstance(value, bool) or isinstance(value, str) or value is None:
        return value
    if isinstance(value, int):
        return {"$int": str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$num": _number(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return [encode_answer(v) for v in value]


def canonical(value: Any, *, keep_int: bool = False) -> list[Any]:
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(value)] if keep_int else ["num", float(value)]
    if isinstance(value, float):
        return ["num", _number(value)]
    if isinstance(value, date):
        return ["date", value.isoformat()]
    return ["str", value]


def same(python: list[Any], js: list[Any]) -> bool:
    if python[0] != js[0]:
        return False
    a, b = python[1], js[1]
    if python[0] == "num" and not isinstance(a, str) and not isinstance(b, str):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
    return a == b


@pytest.fixture(scope="module")
def js_results() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js (`node`) is needed to check static/expressions.js against the server")
        pytest.skip("Node.js (`node`) is not installed")
    payload = {
        "script": str(SCRIPT),
        "today": TODAY.isoformat(),
        "cases": [{"tree": tree_json(source), "answers": {k: encode_answer(v) for k, v in answers.items()},
                   "current": encode_answer(current)} for source, answers, current in CASES],
        "typed": [[t, raw] for t in QUESTION_TYPES for raw in TYPED_RAW],
    }
    run = subprocess.run([node, "-e", DRIVER], input=json.dumps(payload), capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_battery_is_large():
    assert len(CASES) >= 80
    assert len({source for source, _, _ in CASES}) >= 80


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0][:50] for c in CASES])
def test_same_value_and_truth(js_results, index):
    source, answers, current = CASES[index]
    expression = compile_expression(source)
    expected = canonical(expression.evaluate(answers, current, today=TODAY))
    truth = expression.is_true(answers, current, today=TODAY)
    got = js_results["cases"][index]
    assert same(expected, got["value"]), (source, expected, got["value"])
    assert got["truth"] is truth, (source, truth)


def test_same_typed_answers(js_results):
    pairs = [(t, raw) for t in QUESTION_TYPES for raw in TYPED_RAW]
    wrong = []
    for (question_type, raw), got in zip(pairs, js_results["typed"], strict=True):
        expected = canonical(q(question_type, raw), keep_int=True)
        if not same(expected, got):
            wrong.append((question_type, raw[:20], expected[1] if len(str(expected)) < 80 else "...", got))
    assert not wrong


def test_tree_json_is_plain_json():
    tree = tree_json("if(${a} > 2.5, -1, concat('x', .))")
    assert json.loads(json.dumps(tree, allow_nan=False)) == tree
    assert (tree["k"], tree["v"]) == ("call", "if")
    assert tree["a"][0] == {"k": "op", "v": ">", "a": [{"k": "ref", "v": "a"}, {"k": "num", "v": 2.5}]}
    assert tree_json("9" * 400) == {"k": "num", "v": "Infinity"}
