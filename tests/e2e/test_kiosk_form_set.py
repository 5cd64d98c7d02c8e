"""Values the form sets, on the offline kiosk page in Chromium, as the server's pages set them
without JavaScript: `read_only` (shown as text), a calculation recomputed on an asked question, a
note showing a calculation, `trigger` (run when its question changes, then kept and editable) and
a dynamic default (evaluated once for a new person). Both walks store the same answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Channel, Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..public.respondent import Respondent
from .test_kiosk_tablet import PASSWORD, choose, unlock

pytestmark = pytest.mark.browser


def form_set_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One"},
            {
                "type": "text",
                "name": "site",
                "label::en": "Site",
                "read_only": "yes",
                "default": "North clinic",
            },
            {"type": "text", "name": "first", "label::en": "First name?"},
            {"type": "integer", "name": "adults", "label::en": "Adults?", "default": "2"},
            {"type": "integer", "name": "seats", "label::en": "Seats?", "default": "${adults} + 1"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Two"},
            {
                "type": "text",
                "name": "greeting",
                "label::en": "Greeting",
                "calculation": "concat('Hello ', ${first})",
                "trigger": "${first}",
            },
            {
                "type": "integer",
                "name": "born",
                "label::en": "Born",
                "read_only": "yes",
                "calculation": "2026 - ${adults}",
                "trigger": "${adults}",
            },
            {"type": "integer", "name": "double", "label::en": "Double", "calculation": "${adults} * 2"},
            {"type": "note", "name": "total", "label::en": "Seats needed:", "calculation": "${double}"},
            {
                "type": "text",
                "name": "code",
                "label::en": "Code",
                "default": "A1",
                "read_only": "${adults} > 3",
            },
            {"type": "end group"},
        ],
        settings={"form_id": "form_set"},
    )


EXPECTED = {
    "site": "North clinic",
    "first": "Ana",
    "adults": "4",
    "seats": "3",
    "greeting": "Hi Ana",
    "born": "2022",
    "double": "8",
    "total": "8",
    "code": "A1",
}


@pytest.fixture
def form_set_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, form_set_form(xlsform)).survey
    db.commit()
    channel_for(survey.id, token="t1")
    channel = channel_for(survey.id, token="tab", mode="kiosk", languages=["en"], idle_seconds=300)
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    return channel


def test_the_offline_page_sets_values_as_the_server_does(app, tablet, live_server, form_set_kiosk, db):
    person = Respondent(app.test_client())
    person.open("/p/0")
    person.post({"first": "Ana", "adults": "4", "seats": "3"})
    person.post({"greeting": "Hi Ana", "code": "Z9"})
    person.submit()

    unlock(tablet, live_server)
    choose(tablet, "en")
    assert tablet.inner_text("#q_site") == "North clinic"
    assert tablet.locator("input[name=q_site]").count() == 0
    assert tablet.input_value("#q_seats") == "3"  # ${adults} + 1, once
    tablet.fill("#q_first", "Ana")
    tablet.press("#q_first", "Tab")
    tablet.fill("#q_adults", "4")
    tablet.press("#q_adults", "Tab")
    assert tablet.input_value("#q_seats") == "3"  # not re-run
    tablet.click("#next")
    tablet.wait_for_selector("section[data-page='1']:not([hidden])")
    assert tablet.input_value("#q_greeting") == "Hello Ana"
    assert tablet.inner_text("#q_born") == "2022"
    assert tablet.inner_text("#q_double") == "8"
    assert tablet.inner_text("#q_total") == "8"
    assert tablet.is_disabled("#q_code")  # read-only where adults > 3
    assert tablet.input_value("#q_code") == "A1"
    tablet.fill("#q_greeting", "Hi Ana")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    channels = {c.id: c.token for c in db.scalars(select(Channel))}
    stored = {channels[r.channel_id]: r.answer_map() for r in db.scalars(select(Response))}
    assert stored == {"t1": EXPECTED, "tab": EXPECTED}
