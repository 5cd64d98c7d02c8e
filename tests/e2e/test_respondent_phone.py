"""On a phone, in Chromium: the demo survey completed in Spanish and in Arabic, axe on every page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from ..fixtures.browser import audit

pytestmark = pytest.mark.browser


def next_page(page) -> None:  # type: ignore[no-untyped-def]
    page.click("button[name=action][value=next]")
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("lang", "direction", "hardest"),
    [
        ("es", "ltr", "No tengo carro y el autobús no pasa de noche."),
        ("ar", "rtl", "لا أستطيع دفع تكاليف رعاية الأطفال أثناء الدراسة."),
    ],
)
def test_complete_demo_survey_on_a_phone(phone, live_server, demo, db, lang, direction, hardest):
    phone.goto(f"{live_server}/s/demo?lang={lang}")
    assert phone.get_attribute("html", "lang") == lang
    assert phone.get_attribute("html", "dir") == direction
    audit(phone, f"{lang}-1-welcome")
    phone.check("input[name=q_consent]")
    next_page(phone)

    audit(phone, f"{lang}-2-goals")
    phone.check("input[name=q_goal_type][value=training]")
    phone.fill("#q_goal", "CNA")
    next_page(phone)

    audit(phone, f"{lang}-3-barriers")
    phone.check("input[name=q_barriers][value=transportation]")
    phone.check("input[name=q_barriers][value=childcare]")
    next_page(phone)

    audit(phone, f"{lang}-4-words")
    phone.fill("#q_hardest", hardest)
    next_page(phone)

    audit(phone, f"{lang}-5-strengths")
    next_page(phone)
    audit(phone, f"{lang}-6-focus-group")
    next_page(phone)

    audit(phone, f"{lang}-7-about-you")
    phone.fill("#q_zip_code", "123")
    next_page(phone)
    # A wrong ZIP code: the translated message next to the field, then corrected.
    assert phone.locator("#q_zip_code-error").is_visible()
    audit(phone, f"{lang}-7-about-you-error")
    phone.fill("#q_zip_code", "58102")
    next_page(phone)

    assert phone.url.endswith("/review")
    audit(phone, f"{lang}-8-review")
    assert hardest in phone.content()
    phone.click("button.primary")
    phone.wait_for_load_state()
    assert phone.url.endswith("/thanks")
    audit(phone, f"{lang}-9-thanks")

    db.expire_all()
    response = db.scalars(select(Response).where(Response.is_sample.is_(False))).one()
    assert response.status == "complete"
    assert response.language == lang
    answers = response.answer_map()
    assert answers["hardest"] == hardest
    assert answers["barriers"] == "transportation childcare"
    assert answers["zip_code"] == "58102"


def test_resume_page_and_not_found_page_pass_axe(phone, live_server, demo):
    phone.goto(f"{live_server}/r?lang=so")
    audit(phone, "so-resume")
    phone.goto(f"{live_server}/s/unknown-link?lang=ne")
    audit(phone, "not-found")


def test_a_page_asks_for_nothing_the_server_does_not_have(phone, live_server, demo):
    """No request of a respondent's page fails (a missing /favicon.ico is a console error on every
    page); the icon is a small local file."""
    failed: list[str] = []
    icons: list[int] = []
    phone.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    phone.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    phone.on("response", lambda r: icons.append(len(r.body())) if "favicon" in r.url else None)
    phone.goto(f"{live_server}/s/demo?lang=so")
    phone.wait_for_load_state("networkidle")
    phone.goto(f"{live_server}/favicon.ico")
    assert failed == []
    assert icons
    assert all(0 < size < 2048 for size in icons)


def test_the_follow_up_waits_for_its_choice_without_javascript(
    browser, playwright_instance, live_server, demo, db
):
    """JavaScript off: "What else makes it hard?" is hidden until "Other" is ticked (the stylesheet),
    then typed and stored."""
    context = browser.new_context(**playwright_instance.devices["Pixel 5"], java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/s/demo?lang=en")
    page.check("input[name=q_consent]")
    next_page(page)
    page.check("input[name=q_goal_type][value=training]")
    next_page(page)
    assert not page.locator("#q_barriers_other").is_visible()
    page.check("input[name=q_barriers][value=other]")
    assert page.locator("#q_barriers_other").is_visible()
    page.fill("#q_barriers_other", "Nobody explains the forms")
    page.uncheck("input[name=q_barriers][value=other]")
    assert not page.locator("#q_barriers_other").is_visible()
    next_page(page)
    # Sent while hidden: refused, shown again with what to do, and kept.
    assert page.locator("#q_barriers_other").is_visible()
    assert "choose “Other” above" in page.locator("#q_barriers_other-error").inner_text()
    page.check("input[name=q_barriers][value=other]")
    next_page(page)
    assert "In your own words" in page.content()
    context.close()
