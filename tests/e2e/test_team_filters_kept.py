"""The dashboard's filters follow the analyst in Chromium: after choosing "Sample answers: Counted"
and a language, every link she follows (the dashboard's menu, a theme's answers, the codebook, the
theme page's search, its next page) and the page she lands on after an edit keep both filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser

FILTERS = {"samples": ["include"], "language": ["es"]}
SAVED = "text=Saved. The next analysis run keeps this change."


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _keeps(url: str, filters: dict[str, list[str]] = FILTERS) -> None:
    query = _query(url)
    assert {key: query.get(key) for key in filters} == filters, url


def _links_keep(page, filters: dict[str, list[str]] = FILTERS) -> int:  # type: ignore[no-untyped-def]
    """Every link of the page's main part to another dashboard page keeps the filters."""
    hrefs = page.eval_on_selector_all("main a[href*='/team/']", "els => els.map(e => e.href)")
    for href in hrefs:
        _keeps(href, filters)
    return len(hrefs)


def test_the_sample_answers_filter_follows_every_link(laptop, live_server, demo, analysed):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/themes?samples=include&language=es")
    assert page.locator("form.filters select[name=samples]").input_value() == "include"
    assert _links_keep(page) > 10

    for link in ("Overview", "Disaggregation", "Closed questions", "Report", "Exports", "Themes"):
        page.click(f".dashboard-nav >> text={link}")
        page.wait_for_load_state()
        _keeps(page.url)
        _links_keep(page)

    page.click("text=Codebook: categories and their words")
    page.wait_for_selector("form.codebook-add-category")
    _keeps(page.url)
    assert _links_keep(page) > 5
    page.go_back()

    page.locator("article.theme a", has_text="All answers of").first.click()
    page.wait_for_selector("ol.answers blockquote")
    _keeps(page.url)
    _links_keep(page)

    page.fill("#q", "a")
    page.click("form.search button")
    page.wait_for_selector("ol.answers")
    _keeps(page.url)
    assert _query(page.url)["q"] == ["a"]

    # An edit answers with the theme's page again, within the same filters, and says it was saved.
    page.fill("#q", "")
    page.click("form.search button")
    page.wait_for_selector("ol.answers blockquote")
    first = page.locator("ol.answers > li").first
    first.locator("form.code-add button").click()
    page.wait_for_selector(SAVED)
    _keeps(page.url)
    audit(page, "team-theme-answers-saved")

    # The next page of a long list (no theme has fifty answers in Spanish: all languages here).
    every = {"samples": ["include"]}
    page.goto(f"{live_server}/team/themes?samples=include")
    page.locator("article.theme a", has_text="All answers of").first.click()
    page.wait_for_selector("ol.answers blockquote")
    page.click("nav.pages a[rel=next]")
    page.wait_for_selector("ol.answers blockquote")
    _keeps(page.url, every)
    assert _query(page.url)["page"] == ["1"]
    _links_keep(page, every)
