"""Dates in other calendars in Chromium, on a phone's survey page and on the offline kiosk page:
typed in the calendar, refused with the server's message where the calendar has no such day, and
stored as the walk without JavaScript stores them (tests/public/test_calendars.py: the dates
Collect stores)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.respondent import Respondent
from ..public.test_calendars import ANSWERS, STORED, calendars_form
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def calendars_survey(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, calendars_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def fill_dates(page) -> None:  # type: ignore[no-untyped-def]
    for name in ("enku", "nayrouz", "hijri", "nepal", "lent"):
        day, month, year = ANSWERS[name]
        page.fill(f"#q_{name}", day)
        page.select_option(f"#q_{name}-month", month)
        page.fill(f"#q_{name}-year", year)  # Devanagari digits for the Nepali date
    page.select_option("#q_nowruz", "1")
    page.fill("#q_nowruz-year", "1403")
    page.fill("#q_bs_year", "2081")
    page.select_option("#q_mm_month", ANSWERS["mm_month"][0])
    page.fill("#q_mm_month-year", ANSWERS["mm_month"][1])
    page.fill("#q_mm_year", ANSWERS["mm_year"][0])


def test_a_phone_sends_calendar_dates(phone, live_server, calendars_survey, db):
    phone.goto(f"{live_server}/s/t1")
    assert "Date in the Bikram Sambat (Nepali) calendar" in phone.locator("main").inner_text()
    fill_dates(phone)
    phone.fill("#q_hijri", "31")  # no Islamic month has 31 days
    phone.click("button[name=action][value=next]")
    phone.wait_for_load_state()
    assert "that make a date in this calendar" in phone.locator("#q_hijri-error").inner_text()
    phone.fill("#q_hijri", "1")
    phone.click("button[name=action][value=next]")
    phone.wait_for_load_state()
    review = phone.locator("main").inner_text()
    assert "1 Meskerem 2016 (2023-09-12)" in review
    assert "1 Ramadan 1444 (2023-03-23)" in review
    assert "15 ဒုဝါဆို (Second Waso) 1385 (2023-08-01)" in review
    audit(phone, "calendar-dates-review")
    phone.get_by_role("button", name="Send my answers").click()
    phone.wait_for_load_state()
    assert db.scalars(select(Response)).one().answer_map() == STORED


@pytest.fixture
def calendars_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    channel = kiosk_for(db, channel_for, calendars_form(xlsform))
    channel_for(channel.survey_id, token="t1")  # the same survey without JavaScript
    return channel


def test_the_kiosk_stores_calendar_dates_as_the_server_does(tablet, live_server, calendars_kiosk, app, db):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=en")
    server_message = person.post({"enku": ["6", "13", "2016"]}).get_data(as_text=True)
    person.post(ANSWERS)
    person.submit()
    without_js = db.scalars(select(Response)).one().answer_map()
    assert without_js == STORED

    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section[data-page='0']:not([hidden])")
    tablet.fill("#q_enku", "6")  # Pagume 2016 has 5 days
    tablet.select_option("#q_enku-month", "13")
    tablet.fill("#q_enku-year", "2016")
    tablet.click("#next")
    message = tablet.locator("#q_enku-error").inner_text()
    assert "that make a date in this calendar" in message
    assert message in server_message
    audit(tablet, "kiosk-calendar-dates")
    fill_dates(tablet)
    tablet.select_option("#q_lent-month", "0")  # no first Waso in 1386
    tablet.fill("#q_lent-year", "1386")
    tablet.click("#next")
    assert "from 1261 to 1462, that make a date" in tablet.locator("#q_lent-error").inner_text()
    fill_dates(tablet)
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    on_tablet = db.scalars(select(Response).where(Response.channel_id == calendars_kiosk.id)).one()
    assert on_tablet.answer_map() == without_js
