"""A confirmation notice sits in the page's header, under the staff menu: in Chromium its text is
dark on its light box (not the bar's white), and the page with it passes the accessibility audit."""

from __future__ import annotations

import pytest

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def test_a_notice_in_the_header_is_readable(laptop, live_server, demo, analysed):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/themes")
    theme = page.locator("article.theme").first
    theme.locator("summary").click()
    theme.locator("input[name=label]").fill("Cost of getting there")
    theme.locator("button:has-text('Rename')").click()
    notice = page.locator("header .notice")
    notice.wait_for()
    assert "Saved. The next analysis run keeps this change." in notice.inner_text()
    colours = notice.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colours == ["rgb(26, 26, 26)", "rgb(232, 242, 246)"], colours
    audit(page, "team-themes-notice")
