"""The browser's evaluator (static/xlsform-eval.js, used by the offline kiosk) gives the server's
results: the same cases through node and through surveyapp.expressions, compared one by one."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from surveyapp.expressions import compile_expression
from surveyapp.expressions.export import tree_json
from surveyapp.expressions.values import to_string

SCRIPT = Path(__file__).resolve().parent.parent / "surveyapp" / "static" / "xlsform-eval.js"
TODAY = date(2026, 11, 22)
ANSWERS = {"age": 34, "zero": 0, "name": "Amina Y", "barriers": "transportation childcare", "none": "",
           "born": date(1990, 5, 17), "hours": 7.5, "consent": "OK", "neg": -2.5}
CASES = [
    ("${age} >= 16 and ${age} <= 110", None), ("${age} > 40", None), ("${none} = ''", None),
    ("${none} > 3", None), ("${none} < 3", None), ("${none} = 0", None), ("${none} != 0", None),
    ("${consent} = 'OK'", None), ("${consent} != 'OK'", None), ("${name} = 'Amina Y'", None),
    ("selected(${barriers}, 'childcare')", None), ("selected(${barriers}, 'food')", None),
    ("count-selected(${barriers})", None), ("count-selected(${none})", None),
    ("selected-at(${barriers}, 1)", None), ("selected-at(${barriers}, 5)", None),
    ("not(selected(${barriers}, 'food'))", None), ("true() and false()", None), ("true() or false()", None),
    ("if(${age} > 18, 'adult', 'minor')", None), ("coalesce(${none}, 'x')", None),
    ("coalesce(${name}, 'x')", None), ("string-length(${name})", None), ("string-length('ñandú')", None),
    ("regex(${name}, '^[A-Z][a-z]+ [A-Z]$')", None), ("regex(., '^[0-9]{5}$')", "58102"),
    ("regex(., '^[0-9]{5}$')", "5810"), ("regex('x', '(')", None), ("contains(${name}, 'min')", None),
    ("starts-with(${name}, 'Am')", None), ("ends-with(${name}, 'Y')", None), ("concat('a', 1, 'b')", None),
    ("substr('abcdef', 1, 3)", None), ("substr('abcdef', 2)", None), ("string(2.0)", None),
    ("string(2.5)", None), ("string(${hours})", None), ("number('3.25') + 1", None),
    ("number('abc')", None), ("int(7.9)", None), ("int(-7.9)", None), ("round(2.5)", None),
    ("round(3.5)", None), ("round(2.675, 2)", None), ("round(${neg})", None), ("round(0.125, 2)", None),
    ("round(-2.5)", None), ("round(1234.5, -2)", None), ("round(7.45, 1)", None), ("abs(${neg})", None),
    ("min(3, ${age}, 9)", None), ("max(3, ${age}, 9)", None), ("min(3, ${none})", None),
    ("10 div 4", None), ("10 div 0", None), ("0 div 0", None), ("10 mod 3", None), ("-10 mod 3", None),
    ("10 mod 0", None), ("2 * 3 + 4 * 5", None), ("2 * (3 + 4)", None), ("-${age} + 1", None),
    (". >= 16 and . <= 110", 12), (". >= 16 and . <= 110", 40), (". = ''", None), (". > 0", ""),
    ("today() - ${born}", None), ("today() - date('2026-11-01')", None), ("${born} + 10", None),
    ("date('2024-02-30')", None), ("date('2024-02-29') < today()", None),
    ("${born} < date('2000-01-01')", None),
    ("${born} = date('1990-05-17')", None), ("${hours} = 7.5", None), ("${zero} = 0", None),
    ("boolean(${zero})", None), ("boolean(${name})", None), ("${age} = '34'", None),
    ("'10' < '9'", None), ("'abc' = 'abc'", None), ("${age} div 3", None), ("string(1 div 3)", None),
]


def _python(source: str, current: object) -> object:
    value = compile_expression(source).evaluate(ANSWERS, current, today=TODAY)
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: apt-get install -y nodejs")
        pytest.skip("node is not installed")
    return node


def test_browser_and_server_agree_on_every_case() -> None:
    answers = {k: ({"date": v.isoformat()} if isinstance(v, date) else v) for k, v in ANSWERS.items()}
    cases = [{"tree": tree_json(src), "current": cur} for src, cur in CASES]
    driver = f"""
      global.window = {{}};
      require({json.dumps(str(SCRIPT))});
      const X = window.SurveyExpressions;
      const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      const answers = {{}};
      for (const [k, v] of Object.entries(input.answers)) {{
        answers[k] = v && v.date ? X.typed('date', v.date) : v;
      }}
      const out = input.cases.map(c => {{
        const v = X.evaluate(c.tree, answers, c.current, '{TODAY.isoformat()}');
        if (typeof v === 'number' && isNaN(v)) return 'NaN';
        if (v && typeof v === 'object' && 'days' in v) return {{date: X.text(v)}};
        return v;
      }});
      process.stdout.write(JSON.stringify(out));
    """
    result = subprocess.run([_node(), "-e", driver], input=json.dumps({"answers": answers, "cases": cases}),
                            capture_output=True, text=True, check=True, timeout=60)
    browser = json.loads(result.stdout)
    wrong = []
    for (source, current), js in zip(CASES, browser, strict=True):
        py = _python(source, current)
        same = (math.isclose(py, js, rel_tol=1e-12) if isinstance(py, float) and isinstance(js, (int, float))
                and not isinstance(py, bool) and not isinstance(js, bool) and math.isfinite(py)
                else (py == js or (isinstance(py, float) and math.isinf(py) and js is None)))
        if not same:
            wrong.append(f"{source!r} with . = {current!r}: server {py!r}, browser {js!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("kind", "raw"), [("integer", "34"), ("integer", "-3"), ("decimal", "7.5"),
                                           ("decimal", "2"), ("date", "2024-05-01"), ("text", "hi"),
                                           ("select_multiple", "a b"), ("integer", "")])
def test_typed_answers_agree(kind: str, raw: str) -> None:
    from surveyapp.forms.definition import Question, Text

    question = Question(name="q", type=kind, label=Text({}, "en"), hint=Text({}, "en"), required=False,
                        relevant=None, constraint=None, constraint_message=Text({}, "en"))
    from surveyapp.forms.page_form import typed

    expected = to_string(typed(question, raw))
    driver = f"""global.window = {{}}; require({json.dumps(str(SCRIPT))});
      const X = window.SurveyExpressions;
      process.stdout.write(JSON.stringify(X.text(X.typed({json.dumps(kind)}, {json.dumps(raw)}))));"""
    out = subprocess.run([_node(), "-e", driver], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == expected
