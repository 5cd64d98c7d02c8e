"""A form with attached files on the offline kiosk page, in Chromium: choices from a CSV, an XML and
a GeoJSON file and the external_choices sheet, and pulldata() from the CSV evaluated on the tablet
(it decides what the next page shows); the stored answers are those of the no-JavaScript walk."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..public.test_form_attachments import FILES, attached_form
from .test_kiosk_tablet import PASSWORD, choose, unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def attached_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, attached_form(xlsform), attachments=FILES).survey
    db.commit()
    channel = channel_for(survey.id, token="tab", mode="kiosk", languages=["es", "en"], idle_seconds=300)
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    return channel


def test_the_offline_page_offers_the_files_choices_and_reads_pulldata(
    tablet, live_server, attached_kiosk, db
):
    unlock(tablet, live_server)
    choose(tablet, "es")
    assert "París" in tablet.locator("section[data-page='0']").inner_text()
    tablet.check("input[name=q_city][value=paris]")
    tablet.check("input[name=q_places][value=park]")
    tablet.check("input[name=q_places][value=library]")
    tablet.check("input[name=q_site][value=s2]")
    tablet.check("input[name=q_region][value=north]")
    tablet.check("input[name=q_district][value=d1]")
    tablet.click("#next")
    section = tablet.locator("section[data-page='1']")
    section.wait_for()
    assert tablet.locator("#q_big").is_visible()  # pulldata's population, on the tablet
    tablet.fill("#q_why", "work")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers == {
        "city": "paris",
        "population": "2100000",
        "city_region": "north",
        "places": "park library",
        "site": "s2",
        "region": "north",
        "district": "d1",
        "why": "work",
    }


def test_a_small_city_leaves_the_note_out_on_the_tablet(tablet, live_server, attached_kiosk):
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.check("input[name=q_city][value=lille]")
    tablet.click("#next")
    tablet.locator("section[data-page='1']").wait_for()
    assert tablet.locator("#q_why").is_visible()
    assert not tablet.locator("#q_big").is_visible()
