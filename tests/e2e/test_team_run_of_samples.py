"""An analyst opens the themes in Chromium after the first real response came in: the latest run
themed only the demo's sample answers, which are now left out, and the page says so and how to
see them, instead of a bare "0 answers within these filters"."""

from __future__ import annotations

import pytest

from ..fixtures.browser import audit, sign_in
from ..fixtures.team import add_response

pytestmark = pytest.mark.browser


def test_a_run_of_sample_answers_explains_itself_and_counts_them_on_request(  # type: ignore[no-untyped-def]
    laptop, live_server, demo, analysed
):
    add_response(demo, {"consent": "OK", "hardest": "the bus never comes", "barriers": "transportation"})
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/themes")
    notice = page.locator("p.notice[role=status]")
    assert "are all sample answers, and sample answers are left out" in notice.inner_text()
    assert "Responses have arrived since this run" in notice.inner_text()
    assert page.locator("article.theme").count() == 0
    audit(page, "team-themes-run-of-samples")

    notice.locator("a", has_text="Count the sample answers").click()
    page.wait_for_selector("article.theme")
    assert page.locator("form.filters select[name=samples]").input_value() == "include"
    assert page.locator("p.notice[role=status]").count() == 0
    assert page.locator("article.theme").count() > 5
