"""The shared battery against Enketo's own evaluator (openrosa-xpath-evaluator) in Chromium.

Every case both can express (no context, no dates, answers as XML text) runs on an XML instance through
Enketo, and its value must be the server's, except the differences listed in ENKETO_DIFFERS, each with the
reason: where Enketo and ODK Collect (javarosa) disagree, the server follows ODK's documentation.
"""

from __future__ import annotations

import math
import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from surveyapp.expressions import NodeSet, compile_expression
from surveyapp.expressions.values import to_string
from tests.expressions import enketo
from tests.expressions.test_expressions_js import CASES

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# what only the context knows, what is random or the clock's, dates (Enketo's are the device's local time),
# regex (JavaScript's, not Python's), paths other than ${q}, and what Enketo 3.1 has not (base64-decode;
# indexed-repeat, which enketo-core rewrites before the evaluator sees it)
OUT_OF_REACH = re.compile(
    r"today|now\(|random|uuid|instance\(|choice-name|pulldata|position|once|current"
    r"|date|format-|decimal-|digest|regex|\.\.|/data|base64|indexed-repeat"
)
XML_TEXT = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")

NUMBER_TEXT = (
    "the server reads number text as Python's float() does (other scripts' digits, 1_000, 1e3), "
    "so that answers in Arabic or Devanagari digits count; Enketo uses XPath's grammar (and 0x10)"
)
NUMBER_OUT = "the server writes numbers as Python does (1e-05, all digits of an integer); Enketo as JS"
UNARY = "Enketo's parser refuses unary minus before a reference or a parenthesis"
CHARACTERS = "the server counts characters (code points); Enketo counts UTF-16 units"
ROUND = (
    "ODK Collect's round: half up (toward +Infinity) on the decimal form, places that are not a number "
    "count as 0; Enketo rounds the binary product (9.995 * 100) half away from zero; NaN places: NaN"
)
SKIPPED = "ODK Collect's sum(), min() and max() leave out unanswered (non-number) nodes; Enketo gives NaN"
CHECKLIST = "ODK's documentation counts responses that are exactly 'yes'; Enketo counts true booleans"
SCALAR_SET = "the server takes a single value as a one-node set; Enketo refuses it"
# source -> why Enketo's value differs from the server's
ENKETO_DIFFERS: dict[str, str] = {
    "${a} or ${b}": "an answered decimal 0 is false as ODK Collect types it; to Enketo it is a node, so true",
    "'1_000' + '1e3'": NUMBER_TEXT,
    "'0x10' + 0": NUMBER_TEXT,
    "'\u0661\u0662' + 0": NUMBER_TEXT,
    "'\u0967.\u0968' * 2": NUMBER_TEXT,
    "${big} > 1": "an integer past a double's range is NaN on the server (no silent rounding)",
    "enclosed-area('0 0;0 1;1 1;1 0')": "javarosa's old name of area(), read by ODK Collect, not Enketo",
    "-${n}": UNARY,
    "- - 4": UNARY,
    "string(-(1 div 0))": UNARY,
    "string-length(.)": CHARACTERS,
    "string-length()": CHARACTERS,
    "string(0.00001)": NUMBER_OUT,
    "string(1000000 * 1000000 * 1000000 * 1000)": NUMBER_OUT,
    "string(3.3 * 1000000 * 1000000 * 1000000 * 1000000 * 1000000)": NUMBER_OUT,
    "round(9.995, 2)": ROUND,
    "round(0.5, 0) + round(1.005, 2)": ROUND,
    "round(-2.5)": ROUND,
    "round(-2.5) + round(2.5)": ROUND,
    "round(2.5, 'x')": ROUND,
    "max(1, '', 3)": SKIPPED,
    "sum(${names})": SKIPPED,
    "coalesce(0 div 0, 1)": "NaN is ODK Collect's empty value, so coalesce() passes over it; Enketo keeps it",
    "checklist(1, 2, 'yes', 'no', 'yes')": CHECKLIST,
    "checklist(2, -1, ${names})": CHECKLIST,
    "weighted-checklist(0, 2, 'yes', 'x')": "a weight that is not a number makes the sum NaN (false)",
    "sum(5)": SCALAR_SET,
    "count-non-empty('')": SCALAR_SET,
}


def _scalar(value: Any) -> bool:
    if isinstance(value, str):
        return XML_TEXT.fullmatch(value) is not None
    return value is None or isinstance(value, (int, float)) and not isinstance(value, bool)


def expressible(source: str, answers: dict[str, Any], current: Any) -> bool:
    values = [v for v in answers.values() if not isinstance(v, NodeSet)]
    values += [n for v in answers.values() if isinstance(v, NodeSet) for n in v]
    return (
        not OUT_OF_REACH.search(source)
        and _scalar(current)
        and all(_scalar(v) and not (isinstance(v, float) and not math.isfinite(v)) for v in values)
    )


def _text(value: Any) -> str:
    return "" if value is None else to_string(value)


def reference_cases() -> list[tuple[str, dict[str, Any], Any]]:
    return [case for case in CASES if expressible(*case)]


def _enketo_case(source: str, answers: dict[str, Any], current: Any, value: Any) -> dict[str, Any]:
    referenced = {name: "" for name in compile_expression(source).references}
    typed = {
        k: tuple(_text(n) for n in v) if isinstance(v, NodeSet) else _text(v) for k, v in answers.items()
    }
    xpath = re.sub(r"\$\{([^}]*)\}", r"/data/\1", source)
    kind = 3 if isinstance(value, bool) else 1 if isinstance(value, (int, float)) else 2
    return {
        "xml": enketo.instance_xml({**referenced, **typed}, _text(current)),
        "expression": xpath,
        "type": kind,
        "context": "/data/cur",
    }


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, int) and not isinstance(ours, bool):
        ours = float(ours)
    if isinstance(ours, float):
        if isinstance(theirs, str):
            return str(ours).replace("inf", "Infinity") == theirs or (math.isnan(ours) and theirs == "NaN")
        return isinstance(theirs, (int, float)) and math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(ours, NodeSet):
        return theirs == (to_string(ours[0]) if ours else "")
    return ours == (theirs if not isinstance(ours, str) else str(theirs))


@pytest.fixture(scope="module")
def enketo_values() -> list[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ({CHROMIUM}) is missing: apt-get install -y chromium")
    if not enketo.PACKAGE.exists():
        pytest.fail("openrosa-xpath-evaluator (node_modules) is missing: npm ci")
    from playwright.sync_api import sync_playwright

    cases = [
        _enketo_case(s, a, c, compile_expression(s).evaluate(a, c, today=date(2026, 11, 22)))
        for s, a, c in reference_cases()
    ]

    def run() -> list[Any]:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
            )
            try:
                return enketo.evaluate(browser.new_page(), cases)
            finally:
                browser.close()

    # a thread of its own: the browser tests' session may already hold Playwright's loop in this one
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_the_reference_covers_much_of_the_battery():
    assert len(reference_cases()) >= 150


def test_the_server_agrees_with_enketo(enketo_values):
    disagree = {}
    for (source, answers, current), theirs in zip(reference_cases(), enketo_values, strict=True):
        ours = compile_expression(source).evaluate(answers, current, today=date(2026, 11, 22))
        if not _same(ours, theirs) and source not in ENKETO_DIFFERS:
            disagree[source] = (ours, theirs)
    assert not disagree, "\n".join(f"{s!r}: ours {o!r}, Enketo {t!r}" for s, (o, t) in disagree.items())


def test_every_listed_difference_still_differs(enketo_values):
    """A difference Enketo no longer shows is taken off the list (so the list stays true)."""
    seen = {}
    for (source, answers, current), theirs in zip(reference_cases(), enketo_values, strict=True):
        seen[source] = _same(compile_expression(source).evaluate(answers, current), theirs)
    assert [s for s in ENKETO_DIFFERS if seen.get(s, True)] == []
