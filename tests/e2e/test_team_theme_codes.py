"""The analyst gives an answer a second theme and takes one away, in Chromium, on a theme's page
of answers; the answer then shows under both themes it carries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import ThemeAssignment, ThemeCode

from ..fixtures.browser import audit, sign_in

pytestmark = pytest.mark.browser


def _codes(db, run_id: int, doc_id: str) -> set[str]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return set(
        db.scalars(
            select(ThemeCode.theme_id)
            .join(ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id)
            .where(ThemeAssignment.run_id == run_id, ThemeAssignment.doc_id == doc_id)
        )
    )


def test_analyst_adds_and_removes_a_theme_of_an_answer(laptop, live_server, demo, db, analysed):  # type: ignore[no-untyped-def]
    done = analysed
    page = laptop
    sign_in(page, live_server, "analyst@demo.test")
    page.goto(f"{live_server}/team/themes/housing/answers")
    page.wait_for_selector("ol.answers blockquote")
    first = page.locator("ol.answers > li").first
    doc = first.locator("form.code-add input[name=doc]").get_attribute("value")
    assert doc
    # The choices are the themes the answer does not carry yet.
    target = first.locator("form.code-add select option").first.get_attribute("value")
    assert target
    assert target not in _codes(db, done.id, doc)
    first.locator("form.code-add select").select_option(target)
    first.locator("form.code-add button").click()
    page.wait_for_selector("text=Saved. The next analysis run keeps this change.")
    assert target in _codes(db, done.id, doc)

    # The answer now shows on the added theme's page too, with its added theme marked.
    page.goto(f"{live_server}/team/themes/{target}/answers")
    item = page.locator("ol.answers > li", has=page.locator(f"input[name=doc][value='{doc}']")).first
    assert item.locator("text=added by the team").is_visible()
    audit(page, "team-theme-answers-codes")
    item.locator(f"form.code-remove:has(input[name=theme][value='{target}']) button").click()
    page.wait_for_selector("text=Saved. The next analysis run keeps this change.")
    assert target not in _codes(db, done.id, doc)
    assert "housing" in _codes(db, done.id, doc)
