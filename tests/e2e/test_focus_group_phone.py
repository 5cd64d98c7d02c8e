"""On a phone, in Chromium: signing up for the demo focus group in Somali and in Arabic, downloading the
calendar file; axe on every page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Signup

from ..fixtures.browser import audit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("lang", "direction", "name"),
    [
        ("so", "ltr", "Hodan"),
        ("ar", "rtl", "مريم"),
    ],
)
def test_sign_up_on_a_phone_and_download_the_calendar(phone, live_server, demo, db, lang, direction, name):  # type: ignore[no-untyped-def]
    page = phone
    page.goto(f"{live_server}/g/demo-group?lang={lang}")
    assert page.get_attribute("html", "dir") == direction
    audit(page, f"group-{lang}-1-signup")
    page.fill("#name", name)
    page.check("input[name=contact_method][value=text]")
    page.fill("#phone", "not a number")
    page.fill("#children", "2")
    page.fill("#children_ages", "4, 7")
    page.check("#needs_transportation")
    page.select_option("#interpretation", lang)
    page.check("#consent_contact")
    page.click("button.primary")
    assert page.locator("#phone-error").is_visible()
    audit(page, f"group-{lang}-2-error")
    assert page.input_value("#children_ages") == "4, 7"  # nothing typed is lost
    page.fill("#phone", "612 555 01" + ("42" if lang == "so" else "77"))
    page.click("button.primary")
    page.wait_for_selector("a[href$='event.ics']")
    audit(page, f"group-{lang}-3-confirmation")
    with page.expect_download() as download:
        page.click("a[href$='event.ics']")
    calendar = download.value.path().read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in calendar
    signup = db.scalars(select(Signup)).one()
    assert signup.language == lang
    assert signup.interpretation == lang
    assert signup.children == 2


def test_the_private_link_asks_before_cancelling_or_deleting_and_keeps_the_language(
    phone, browser, playwright_instance, live_server, demo, db
):  # type: ignore[no-untyped-def]
    """One tap on "Cancel" or "Delete" asks first (a page of its own, no JavaScript needed), and the
    link opened on another phone, whose browser prefers English, is in the language of the sign-up."""
    page = phone
    page.goto(f"{live_server}/g/demo-group?lang=es")
    page.fill("#name", "Ana")
    page.check("input[name=contact_method][value=text]")
    page.fill("#phone", "(612) 555-0142")
    page.check("#consent_contact")
    page.click("button.primary")
    page.wait_for_selector("a[href$='event.ics']")
    link = page.url
    assert db.scalars(select(Signup)).one().phone == "+16125550142"

    other = browser.new_context(**{**playwright_instance.devices["Pixel 5"], "locale": "en-US"})
    elsewhere = other.new_page()
    elsewhere.goto(link)
    assert elsewhere.get_attribute("html", "lang") == "es"
    other.close()

    page.click("a[href$='/cancel']")
    audit(page, "group-es-4-cancel-asked")
    assert page.locator("h1").inner_text() == "¿Cancelar su inscripción?"
    page.click("main a[href$='" + link.rsplit("/", 1)[-1] + "']")  # No, keep it
    db.expire_all()
    assert db.scalars(select(Signup)).one().status == "confirmed"

    page.click("a[href$='delete=yes']")
    audit(page, "group-es-5-delete-asked")
    page.click("button.primary")
    page.wait_for_load_state()
    db.expire_all()
    assert db.scalars(select(Signup)).all() == []
