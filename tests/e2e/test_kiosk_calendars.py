"""Dates in other calendars on the offline kiosk page, in Chromium: typed in the calendar, refused
with the server's message where the calendar has no such day, and stored as the walk without
JavaScript stores them (tests/public/test_calendars.py: the dates Collect stores)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from ..public.respondent import Respondent
from ..public.test_calendars import ANSWERS, STORED, calendars_form
from .conftest import audit
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def calendars_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    channel = kiosk_for(db, channel_for, calendars_form(xlsform))
    channel_for(channel.survey_id, token="t1")  # the same survey without JavaScript
    return channel


def test_the_kiosk_stores_calendar_dates_as_the_server_does(tablet, live_server, calendars_kiosk,
                                                            app, db):
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
    tablet.fill("#q_enku", "1")
    tablet.select_option("#q_enku-month", "1")
    for name in ("nayrouz", "hijri", "nepal"):
        day, month, year = ANSWERS[name]
        tablet.fill(f"#q_{name}", day)
        tablet.select_option(f"#q_{name}-month", month)
        tablet.fill(f"#q_{name}-year", year)  # Devanagari digits for the Nepali date
    tablet.select_option("#q_nowruz", "1")
    tablet.fill("#q_nowruz-year", "1403")
    tablet.fill("#q_bs_year", "2081")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    on_tablet = db.scalars(select(Response).where(Response.channel_id == calendars_kiosk.id)).one()
    assert on_tablet.answer_map() == without_js
