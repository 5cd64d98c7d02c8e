"""Every respondent page of the demo survey stays under 30 kB (HTML + CSS + JS) and calls no other host."""

from __future__ import annotations

import re

import pytest

from surveyapp.services.demo import load_demo

from .respondent import Respondent

BUDGET = 30_000
ASSET = re.compile(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"')
EXTERNAL = re.compile(r'(?:href|src|action)="(?:https?:)?//', re.IGNORECASE)


@pytest.fixture
def demo(db):
    load_demo(db)
    db.commit()


def weight(client, html: str) -> int:
    total = len(html.encode())
    for url in set(ASSET.findall(html)):
        asset = client.get(url)
        assert asset.status_code == 200, url
        total += len(asset.data)
        asset.close()
    return total


@pytest.mark.parametrize("lang", ["en", "ar", "ne"])
def test_every_page_of_the_demo_survey_is_within_budget(client, demo, lang):
    person = Respondent(client, "demo")
    person.open(f"?lang={lang}")
    pages = []
    for _ in range(12):
        html = person.text()
        pages.append((person.page.request.path, html))
        if "/review" in person.page.request.path:
            break
        person.post({"consent": "OK"} if "/p/" not in person.page.request.path else {})
    person.submit()
    pages.append((person.page.request.path, person.text()))
    pages.append(("/r", client.get("/r").get_data(as_text=True)))
    pages.append(("404", client.get("/s/missing").get_data(as_text=True)))
    assert any(path.endswith("/thanks") for path, _ in pages)
    assert len(pages) >= 10
    for path, html in pages:
        assert not EXTERNAL.search(html), f"{path} refers to another host"
        size = weight(client, html)
        assert size < BUDGET, f"{path} weighs {size} bytes"
