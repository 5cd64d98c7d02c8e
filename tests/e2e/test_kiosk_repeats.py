"""A survey with repeats on a kiosk tablet, in Chromium: the one offline page does not ask repeats
yet, so the start screen keeps such a survey on the server's pages (never an offline page that would
store other answers), and the tablet walks them to the same stored answers as the no-JavaScript walk."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from ..public.test_repeats import RELATIONS, ROSTER_ANSWERS, roster_rows
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def roster_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, xlsform(roster_rows(), RELATIONS))


def field(tablet, name):  # type: ignore[no-untyped-def]
    return tablet.locator(f'[name="q_{name}"]')


def test_a_roster_on_the_kiosk_is_asked_page_by_page_with_the_same_answers(
        tablet, live_server, roster_kiosk, db):
    unlock(tablet, live_server)
    link = tablet.locator("a[hreflang=en]")
    assert link.get_attribute("data-offline") is None
    assert "/offline" not in (link.get_attribute("href") or "")
    response = tablet.request.get(f"{live_server}/k/tab/offline?lang=en", max_redirects=0)
    assert response.status == 302
    assert "/offline" not in response.headers["location"]
    link.click()
    field(tablet, "hh_size").fill("2")
    tablet.click("button[value=next]")
    assert "Household member 1" in tablet.locator("h1").inner_text()
    field(tablet, "member[1]/name").fill("Ana")
    field(tablet, "member[1]/age").fill("40")
    tablet.check('[name="q_member[1]/relation"][value=self]')
    tablet.click("button[value=next]")
    assert "Household member 2" in tablet.locator("h1").inner_text()
    field(tablet, "member[2]/name").fill("Ben")
    field(tablet, "member[2]/age").fill("10")
    tablet.check('[name="q_member[2]/relation"][value=child]')
    tablet.click("button[value=next]")
    assert "Ben" in tablet.locator("main").inner_text()
    field(tablet, "member[2]/school").fill("Central")
    tablet.click("button[value=next]")
    tablet.click("button[value=next]")  # the summary note
    tablet.click("button.primary")  # send, from the review page
    tablet.wait_for_url("**/thanks")
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map() == ROSTER_ANSWERS
