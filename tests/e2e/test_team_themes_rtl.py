"""The themes page read in Arabic in Chromium: each language's top terms stay together on one line
box, so a right-to-left line does not put the end of a Spanish list after the French one."""

from __future__ import annotations

import pytest

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def test_each_language_s_top_terms_stay_in_one_piece_right_to_left(laptop, live_server, analysed):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/themes?samples=include&lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    lists = page.locator("p.terms > span")
    assert lists.count() > 10
    pieces = lists.evaluate_all("spans => spans.map(s => s.getClientRects().length)")
    assert set(pieces) == {1}, pieces
    audit(page, "team-themes-arabic")
