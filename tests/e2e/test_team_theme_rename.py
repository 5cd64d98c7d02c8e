"""A Spanish-reading analyst renames a theme in Chromium: the box starts empty (no reader's name
to fix for everyone), its label says every reader sees the new name, and after renaming the
box holds the team's name, which English readers see too."""

from __future__ import annotations

import pytest

from ..fixtures.browser import sign_in

pytestmark = pytest.mark.browser


def test_the_rename_box_starts_empty_and_says_who_sees_the_name(laptop, live_server, demo, analysed):  # type: ignore[no-untyped-def]
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/themes?lang=es")
    article = page.locator("article.theme", has=page.locator("h2", has_text="Costo y dinero")).first
    article.locator("summary", has_text="Editar").click()
    box = article.get_by_label("Nombre nuevo, que verán todos los lectores en todos los idiomas")
    assert box.is_visible()
    assert box.input_value() == ""
    box.fill("Dinero para vivir")
    article.get_by_role("button", name="Cambiar el nombre", exact=True).click()
    page.wait_for_load_state()
    renamed = page.locator("article.theme", has=page.locator("h2", has_text="Dinero para vivir")).first
    assert renamed.is_visible()
    renamed.locator("summary").click()
    assert renamed.locator("input[name=label]").input_value() == "Dinero para vivir"
    page.goto(f"{live_server}/team/themes?lang=en")
    assert page.locator("article.theme h2", has_text="Dinero para vivir").first.is_visible()
