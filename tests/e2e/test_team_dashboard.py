"""The core team's dashboard in Chromium, as the demo analyst uses it before a partnership meeting:
sign in, run the analysis from the page, see themes with quotes in several languages, open the
printable report; axe-core finds zero violations on every dashboard page."""

from __future__ import annotations

import pytest

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def test_analyst_runs_the_analysis_and_reads_the_report(laptop, live_server, demo):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.click("text=Dashboard")
    assert page.url.endswith("/team/")
    assert page.locator("svg.chart").count() >= 3
    audit(page, "team-overview")

    page.click(".dashboard-nav >> text=Themes")
    assert page.locator("text=No analysis yet").is_visible()
    page.click("button:has-text('Run analysis')")
    # The request returns at once; the page follows the run and shows the themes when it ends.
    page.wait_for_selector("article.theme", timeout=180_000)
    languages = set(page.eval_on_selector_all("article.theme blockquote", "els => els.map(e => e.lang)"))
    assert len(languages) >= 3, languages
    assert page.locator("article.theme h2").first.is_visible()
    audit(page, "team-themes")

    page.click("article.theme >> nth=0 >> text=All answers of")
    page.wait_for_selector("ol.answers blockquote")
    audit(page, "team-theme-answers")

    for name, link in (
        ("team-disaggregate", "Disaggregation"),
        ("team-questions", "Closed questions"),
        ("team-exports", "Exports"),
    ):
        page.click(f".dashboard-nav >> text={link}")
        page.wait_for_load_state()
        audit(page, name)

    page.click(".dashboard-nav >> text=Report")
    page.wait_for_selector("h1:has-text('Themed barrier summary')")
    assert page.locator(".report-theme blockquote").count() >= 3
    assert page.locator("table.cross").count() >= 2
    audit(page, "team-report")
    page.emulate_media(media="print")
    assert not page.locator(".dashboard-nav").is_visible()
    assert not page.locator("form.filters").first.is_visible()
    # The charts keep their bars on paper: every chart of the report draws some.
    charts = page.locator("svg.chart")
    assert charts.count() >= 4
    drawn = page.evaluate("""() => [...document.querySelectorAll('svg.chart')].map(svg =>
        [...svg.querySelectorAll('rect.bar')].filter(r => r.getBoundingClientRect().width > 0
            && getComputedStyle(r).display !== 'none').length)""")
    assert all(n > 0 for n in drawn), drawn
    pdf_page = page.context.new_page()
    pdf_page.goto(page.url)
    assert len(pdf_page.pdf(format="A4")) > 10_000
