"""Pages with several forms (exports, the codebook and its categories, a theme's answers) give every
element its own id, and every label and ARIA reference still points at an element of the page."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from surveyapp.models import AnalysisRun


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.references: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[str(found["id"])] += 1
        if tag == "label" and found.get("for"):
            self.references.append(("for", str(found["for"])))
        for name in ("aria-describedby", "aria-labelledby"):
            for target in (found.get(name) or "").split():
                self.references.append((name, target))


def _check(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, path
    page = answer.get_data(as_text=True)
    parsed = _Ids()
    parsed.feed(page)
    assert [i for i, n in parsed.ids.items() if n > 1] == [], path
    assert [r for r in parsed.references if r[1] not in parsed.ids] == [], path
    assert page.count('name="csrf_token"') >= 2, path  # several forms, each with its token
    return page


@pytest.mark.parametrize("query", ["", "?samples=include&language=es"])
def test_pages_of_several_forms_repeat_no_id(analyst: FlaskClient, analysed: AnalysisRun, query: str) -> None:
    _check(analyst, f"/team/exports{query}")
    codebook = _check(analyst, f"/team/codebook{query}")
    categories = re.findall(r'href="(/team/codebook/categories/[^"]+)"', codebook)
    assert len(categories) > 5
    for path in dict.fromkeys(categories):
        _check(analyst, path.replace("&amp;", "&"))
    _check(analyst, "/team/codebook/search?q=handrail&word_lang=en")
    themes = _check(analyst, f"/team/themes{query}")
    answers = re.search(r'href="(/team/themes/[^"/]+/answers[^"]*)"', themes)
    assert answers
    _check(analyst, answers[1].replace("&amp;", "&"))
