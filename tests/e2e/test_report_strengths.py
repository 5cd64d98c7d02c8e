"""Strengths in their own place, in Chromium: the report an analyst prints has a "What people
bring" section with the strengths themes and their quotes, none of them among the top barrier
themes, and the themes page lists them after the barriers; axe-core finds no violation."""

from __future__ import annotations

import pytest

from surveyapp.services.theme_labels import theme_label

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def test_the_report_shows_what_people_bring_apart_from_the_barriers(laptop, live_server, demo, analysed):  # type: ignore[no-untyped-def]
    run = analysed
    strengths = {
        theme_label(t, "en")
        for t in run.result["themes"]
        if t.get("role") == "assets" and t["kind"] != "other"
    }
    assert strengths
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")

    page.goto(f"{live_server}/team/report")
    page.emulate_media(media="print")
    bring = page.locator("section.strengths")
    assert bring.locator("h2").inner_text() == "What people bring"
    assert bring.is_visible()
    shown = set(
        bring.locator(".report-theme h3").evaluate_all("els => els.map(e => e.firstChild.textContent.trim())")
    )
    assert shown
    assert shown <= strengths
    assert bring.locator("blockquote").count() >= 1
    top = set(
        page.locator("section[aria-labelledby=top-h] .report-theme h3").evaluate_all(
            "els => els.map(e => e.firstChild.textContent.trim())"
        )
    )
    assert top
    assert not top & strengths
    page.emulate_media(media="screen")
    audit(page, "team-report-strengths")

    page.goto(f"{live_server}/team/themes")
    assert page.locator("#strengths-h").is_visible()
    after = page.locator("#strengths-h ~ article.theme h2").evaluate_all(
        "els => els.map(e => e.firstChild.textContent.trim())"
    )
    assert strengths & set(after)
    audit(page, "team-themes-strengths")
