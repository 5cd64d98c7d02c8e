"""today() and now() on the offline kiosk page are the partners' (TIMEZONE), whatever zone the
tablet itself is set to: the tablet accepts, and stores, the day the server checks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from .test_kiosk_tablet import PASSWORD, choose, unlock

pytestmark = pytest.mark.browser

# 25 hours apart: at every moment the two zones are on different days.
SERVER_ZONE = "Pacific/Pago_Pago"  # UTC-11
TABLET_ZONE = "Pacific/Kiritimati"  # UTC+14


def today_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {
                "type": "date",
                "name": "visit",
                "label::en": "Date of the visit",
                "constraint": ". = today()",
                "constraint_message::en": "Not today",
            },
            {
                "type": "text",
                "name": "day",
                "label::en": "Today's date by the clock",
                "constraint": ". = format-date-time(now(), '%Y-%m-%d')",
                "constraint_message::en": "Not the day of now()",
            },
            {"type": "calculate", "name": "stored_day", "calculation": "today()"},
        ]
    )


@pytest.fixture
def today_kiosk(db, xlsform, channel_for, app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "TIMEZONE", SERVER_ZONE)
    survey = import_survey(db, today_form(xlsform)).survey
    db.commit()
    channel = channel_for(survey.id, token="tab", mode="kiosk", languages=["en"], idle_seconds=300)
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    return channel


@pytest.fixture
def tablet_elsewhere(browser, playwright_instance):  # type: ignore[no-untyped-def]
    """A kiosk tablet whose own clock is set to another zone than the partners'."""
    context = browser.new_context(**playwright_instance.devices["Galaxy Tab S4"], timezone_id=TABLET_ZONE)
    page = context.new_page()
    yield page
    context.close()


def test_a_tablet_in_another_zone_takes_today_in_the_servers_zone(
    tablet_elsewhere, live_server, today_kiosk, db
):
    tablet = tablet_elsewhere
    own_day = tablet.evaluate("() => new Date().toLocaleDateString('en-CA')")
    unlock(tablet, live_server)
    choose(tablet, "en")
    server_day = datetime.now(ZoneInfo(SERVER_ZONE)).date().isoformat()
    assert own_day != server_day  # the tablet's own day is another
    tablet.fill("#q_visit", own_day)
    tablet.fill("#q_day", own_day)
    tablet.click("#next")
    assert tablet.locator("#q_visit-error").inner_text() == "Not today"
    assert tablet.locator("#q_day-error").inner_text() == "Not the day of now()"
    tablet.fill("#q_visit", server_day)
    tablet.fill("#q_day", server_day)
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {"visit": server_day, "day": server_day, "stored_day": server_day}
