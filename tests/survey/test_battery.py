"""One battery of whole forms (tests/survey/battery.py) through both rule engines: the server's
(survey.rules.check_page page by page, as the web pages post, and check_whole over what the kiosk's
outbox sends) and the kiosk's (static/survey-rules.js under Node.js, one run for the whole battery, fed
with the JSON the offline page gets from kiosk/offline.py). Each must give the case's pages, counted
pages, errors (by message key) and stored values."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g

import surveyapp
from surveyapp.expressions.context import Context
from surveyapp.kiosk.offline import rules_page_data
from surveyapp.services.xlsform import parse_xlsform
from surveyapp.survey.calculations import with_calculations
from surveyapp.survey.context import Instances, is_relevant, typed_answers
from surveyapp.survey.definition import FormDefinition
from surveyapp.survey.form_set import starting_answers, uses_form_set
from surveyapp.survey.repeats import bookkeeping, expand, sent_whole
from surveyapp.survey.rules import check_page, check_whole, counted_pages, visible_pages

from ..fixtures.workbooks import write_xlsform
from .battery import CASES
from .battery_form import Case
from .battery_walk import shown_values, walk_repeats

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
LANG = "en"
STATIC = Path(surveyapp.__file__).parent / "static"
SCRIPTS = [
    "expressions.js",
    "calendars.js",
    "answers.js",
    "offline-choices.js",
    "form-set.js",
    "survey-rules.js",
    "survey-repeats.js",
]
RESPONSE_ID = "0b3f5e2a-6c1d-4e8f-9a7b-2c4d6e8f0a1b"
# The app is asked for its request context only (no query): run once, in the SQLite pass.
pytestmark = pytest.mark.no_db

DRIVER = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const window = {};
input.scripts.forEach(function (s) { new Function("window", fs.readFileSync(s, "utf8"))(window); });
const X = window.SurveyExpressions, A = window.SurveyAnswers, SR = window.SurveyRules;
function run(c) {
  const data = c.data;
  if (data.bikramSambat) { window.SurveyCalendars.use(data.bikramSambat); }
  const rules = X.context(data.context || {});
  rules.today = input.today;
  const hooks = { rules: rules };
  const S = SR.engine(data, X, A, hooks);
  // What the page's inputs hold: the values it is drawn with, then what the person types.
  const inputs = JSON.parse(JSON.stringify(c.initial));
  function raw() {
    const out = {};
    S.questions().filter(SR.answerable).forEach(function (q) {
      const v = inputs[q.name];
      out[q.name] = v === undefined ? (q.type === "select_multiple" ? [] : "") : v;
    });
    return out;
  }
  const draft = { id: input.id, page: 0 };
  hooks.choices = window.KioskChoices({ rules: rules, typedAll: S.typedAll, raw: raw, questions: S.questions,
    inputs: function () { return []; }, id: function () { return draft.id; } });
  if (c.formSet) {
    hooks.F = window.SurveyFormSet({ X: X, draft: draft, data: data, rules: rules, parse: S.parse,
      stored: S.stored, answerable: SR.answerable, applies: S.applies, typedAll: S.typedAll,
      inputs: function () { return []; }, fill: function (one) { Object.assign(inputs, one); },
      raw: raw, walk: function (n) { return S.walk(raw(), n); }, shown: String, questions: S.questions });
    hooks.F.start();
  }
  function type(post) {
    Object.keys(post).filter(function (name) { return name !== "action"; }).forEach(function (name) {
      inputs[name] = post[name];
      if (hooks.F) { hooks.F.change(name); }  // as the page's change event
    });
  }
  const R = hooks.R = data.repeats ? window.SurveyRepeats.repeats(data, X, rules) : null;
  if (R) { walkRepeats(data, S, R, c.posts, type, raw, inputs); } else { c.posts.forEach(type); }
  const result = S.walk(raw(), data.pages.length);
  return { values: Object.assign(result.values, R ? R.counts() : {}), errors: result.errors,
    pages: result.visible, counted: S.counted(result) };
}
/* A form with repeats, as offline.js walks it: one post per page reached, its buttons as "action". */
function walkRepeats(data, S, R, posts, type, raw, inputs) {
  const all = function () { return S.walk(raw(), data.pages.length); };
  R.layout(S.typedAll(all().values));
  let current = S.following(all(), -1, 1);
  posts.forEach(function (post) {
    if (current < 0) { return; }
    const page = data.pages[current], where = (page.scope || "") + page.repeat;
    type(post);
    if (post.action === "add") {
      const k = R.add(where);
      R.layout(S.typedAll(all().values));
      current = R.place(where, k);
    } else if (post.action === "remove") {
      R.remove(where, page.instance, inputs);
      R.layout(S.typedAll(all().values));
      current = R.place(where, page.instance);
    } else if (post.action === "back") {
      current = S.following(all(), current, -1);
    } else {
      R.layout(S.typedAll(all().values));
      current = S.following(all(), current, 1);
    }
  });
}
process.stdout.write(JSON.stringify(input.cases.map(run)));
"""


def kinds(messages: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Each message of the kiosk page's `messages` -> its key (`constraint`, `parts.geopoint`)."""
    out: dict[str, str] = {}
    for key, value in messages.items():
        if isinstance(value, dict):
            nested = kinds(value, f"{key}.")
            out.update(
                {m: key if key in ("constraint", "requiredMsg", "range") else k for m, k in nested.items()}
            )
        else:
            out[value] = prefix + key
    return out


def kind(message: str, known: Mapping[str, str]) -> str:
    """A message's key; the server's own messages that the kiosk page has no need for, by their start."""
    if message in known:
        return known[message]
    for start, name in (
        ("Your answer has", "tooLong"),
        ("This question does not apply", "notApplies"),
        ("This is asked only if", "followUp"),
    ):
        if message.startswith(start):
            return name
    return f"unknown: {message}"


@pytest.fixture(scope="module")
def forms(
    app: Flask, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[FormDefinition, dict[str, Any]]]:
    """Each case's definition and the JSON the kiosk's offline page would carry for it."""
    folder = tmp_path_factory.mktemp("battery")
    out = []
    with app.test_request_context(f"/?lang={LANG}"):
        for n, case in enumerate(CASES):
            path = write_xlsform(folder / f"case{n}.xlsx", case.survey, case.choices, case.settings)
            definition = FormDefinition.from_json(parse_xlsform(path))
            out.append((definition, rules_page_data(definition, LANG)))
    return out


def context_of(definition: FormDefinition) -> Context:
    return Context.from_tables(
        labels=definition.choice_labels,
        today=TODAY,
        now=NOW,
        lang=LANG,
        instances=Instances(definition, LANG),
    )


def page_by_page(app: Flask, definition: FormDefinition, case: Case) -> dict[str, Any]:
    """The server's outcome as the web pages reach it: each page that applies posted and saved in turn."""
    with app.test_request_context(f"/?lang={LANG}"):
        g.rules_context = context_of(definition)
        known = kinds(rules_page_data(definition, LANG)["messages"])
        if definition.repeats:
            kept, messages, shaped = walk_repeats(definition, case.posts, LANG, app.config["TEXT_MAX_LENGTH"])
            return {
                "values": {k: v for k, v in kept.items() if v},
                "errors": {name: kind(m, known) for name, m in messages.items()},
                "pages": visible_pages(shaped, kept),
                "counted": counted_pages(shaped, kept),
            }
        stored: dict[str, str | None] = dict(starting_answers(definition))
        errors: dict[str, str] = {}
        for i, page in enumerate(definition.pages):
            if not is_relevant(
                page.relevant, typed_answers(definition, {k: v for k, v in stored.items() if v})
            ):
                continue
            posted = case.posts[i] if i < len(case.posts) else {}
            drawn = shown_values(definition, {q.name: stored.get(q.name) for q in page.questions})
            raw = {**drawn, **posted}
            result = check_page(definition, page, raw, stored, LANG, app.config["TEXT_MAX_LENGTH"])
            errors.update({name: kind(m, known) for name, m in result.errors.items()})
            stored.update(with_calculations(definition, stored, result.values))
        return {
            "values": {k: v for k, v in stored.items() if v},
            "errors": errors,
            "pages": visible_pages(definition, stored),
            "counted": counted_pages(definition, stored),
        }


def whole(app: Flask, definition: FormDefinition, sent: Mapping[str, Any]) -> dict[str, Any]:
    """The server's outcome for a response sent whole, as services/responses.store_whole checks it."""
    with app.test_request_context(f"/?lang={LANG}"):
        g.rules_context = context_of(definition)
        known = kinds(rules_page_data(definition, LANG)["messages"])
        definition, kept, sent = sent_whole(definition, sent)
        result = check_whole(definition, sent, LANG, app.config["TEXT_MAX_LENGTH"])
        values = with_calculations(
            definition, {**starting_answers(definition), **kept}, {**kept, **result.values}, whole=True
        )
        return {
            "values": {k: v for k, v in values.items() if v},
            "errors": {name: kind(m, known) for name, m in result.errors.items()},
        }


def expected(case: Case, definition: FormDefinition) -> dict[str, Any]:
    """The case's outcome; every page (of the instances its answers make) unless it says which."""
    every = list(range(len(expand(definition, case.values).pages)))
    return {
        "values": case.values,
        "errors": case.errors,
        "pages": every if case.pages is None else case.pages,
        "counted": every if case.counted is None else case.counted,
    }


@pytest.fixture(scope="module")
def kiosk(app: Flask, forms: list[tuple[FormDefinition, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every case through static/survey-rules.js under Node.js, in one run."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js (`node`) is needed to check the kiosk's rules against the server's")
        pytest.skip("Node.js (`node`) is not installed")
    with app.test_request_context(f"/?lang={LANG}"):
        cases = [
            {
                "data": data,
                "initial": shown_values(definition, definition.defaults),
                "formSet": uses_form_set(definition),
                "posts": case.posts,
            }
            for case, (definition, data) in zip(CASES, forms, strict=True)
        ]
    payload = {
        "scripts": [str(STATIC / s) for s in SCRIPTS],
        "today": TODAY.isoformat(),
        "id": RESPONSE_ID,
        "cases": cases,
    }
    run = subprocess.run(
        [node, "-e", DRIVER],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    results: list[dict[str, Any]] = json.loads(run.stdout)
    for result, (_, data) in zip(results, forms, strict=True):
        known = kinds(data["messages"])
        result["errors"] = {name: kind(m, known) for name, m in result["errors"].items()}
    return results


def _ids() -> Iterator[str]:
    return (case.name for case in CASES)


def test_the_battery_covers_every_rule_kind() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)
    columns = {key.split("::")[0] for case in CASES for row in case.survey for key in row}
    assert {
        "calculation",
        "default",
        "read_only",
        "trigger",
        "choice_filter",
        "required",
        "constraint",
    } <= columns
    assert {"required_message", "constraint_message", "relevant", "appearance", "parameters"} <= columns
    assert "repeat_count" in columns
    steps = {post.get("action") for case in CASES for post in case.posts}
    assert {"add", "remove", "back"} <= steps
    types = {row["type"].split()[0] for case in CASES for row in case.survey}
    assert {"time", "dateTime", "date", "range", "select_one", "select_multiple", "geopoint", "rank"} <= types
    assert {"geotrace", "geoshape", "integer", "decimal", "text", "calculate", "acknowledge"} <= types


@pytest.mark.parametrize("index", range(len(CASES)), ids=list(_ids()))
def test_server_pages_give_the_outcome(app, forms, index):
    case = CASES[index]
    definition, _ = forms[index]
    assert page_by_page(app, definition, case) == expected(case, definition)


@pytest.mark.parametrize("index", range(len(CASES)), ids=list(_ids()))
def test_kiosk_rules_give_the_outcome(forms, kiosk, index):
    case = CASES[index]
    definition, _ = forms[index]
    assert kiosk[index] == expected(case, definition)


# A kiosk sends only an answered survey: the cases that end without an error.
ANSWERED = [i for i, case in enumerate(CASES) if not case.errors]


@pytest.mark.parametrize("index", ANSWERED, ids=[CASES[i].name for i in ANSWERED])
def test_server_stores_what_the_kiosk_sends(app, forms, kiosk, index):
    """What the kiosk's outbox sends (its values, select_multiple as lists) is accepted whole and stored
    as the case says: the server recomputes calculations and the values the form sets."""
    case = CASES[index]
    definition, data = forms[index]
    shaped = expand(definition, kiosk[index]["values"])
    answerable = {q.name: q for q in shaped.answerable}
    sent = {
        name: value.split(" ") if name in answerable and answerable[name].type == "select_multiple" else value
        for name, value in kiosk[index]["values"].items()
        if name in answerable or name in bookkeeping(shaped)
    }
    assert whole(app, definition, sent) == {"values": case.values, "errors": {}}


RULE_SCRIPTS = [
    "survey-rules.js",
    "survey-repeats.js",
    "answers.js",
    "form-set.js",
    "offline-choices.js",
    "offline-repeats.js",
    "offline.js",
]
SENTENCE = re.compile(r"""["']([A-Z][a-z]+(?: [a-z,.]+){2,}[^"']*)["']""")
MESSAGE_KEY = re.compile(r"(?<![\w.])(?:m|data\.messages)\.(\w+)")


def test_the_kiosk_rules_show_only_the_servers_messages(forms) -> None:
    """No message is written in the scripts (they would not be translated): each they read is one the
    server sends in the page's `messages`, for some form of the battery."""
    sources = {name: (STATIC / name).read_text() for name in RULE_SCRIPTS}
    for name, source in sources.items():
        assert not SENTENCE.findall(source), name
    sent = {key for _, data in forms for key in data["messages"]}
    read = {key for source in sources.values() for key in MESSAGE_KEY.findall(source)}
    assert len(read) >= 12
    assert read <= sent, read - sent
