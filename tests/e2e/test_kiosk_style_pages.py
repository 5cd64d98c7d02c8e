"""The offline kiosk page pages a `style pages` form as the server does (tests/public/
test_style_pages.py): one question a page, the field-list group on one page, and the page of a
question whose `relevant` does not hold skipped and not counted, in Chromium."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from ..fixtures.browser import audit
from ..public.test_style_pages import style_pages_form
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser


def test_the_kiosk_counts_the_same_pages(tablet, live_server, db, xlsform, channel_for):
    channel = kiosk_for(db, channel_for, style_pages_form(xlsform))
    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section[data-page='0']:not([hidden])")
    assert tablet.locator("#progress").inner_text() == "Page 1 of 4"
    assert not tablet.locator("#q_kids").first.is_visible()
    tablet.fill("#q_name", "Ama")
    tablet.click("#next")
    tablet.wait_for_selector("section[data-page='1']:not([hidden])")
    assert tablet.locator("#progress").inner_text() == "Page 2 of 4"
    tablet.check("input[name=q_kids][value=no]")
    tablet.click("#next")
    tablet.wait_for_selector("section[data-page='3']:not([hidden])")  # How many? is skipped
    assert tablet.locator("#progress").inner_text() == "Page 3 of 3"
    audit(tablet, "kiosk-style-pages")
    tablet.fill("#q_town", "Kumasi")
    tablet.fill("#q_street", "Main")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    stored = db.scalars(select(Response).where(Response.channel_id == channel.id)).one()
    assert stored.answer_map() == {"name": "Ama", "kids": "no", "town": "Kumasi", "street": "Main"}
