"""The offline kiosk page walks calculates that sit outside every group, with a conditional group on
each side, as the server does (tests/public/test_lone_calculations.py): their page is never shown
nor counted, a new person starts on the first page shown, and their values are stored, in Chromium."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from ..public.test_lone_calculations import CHOICES
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser

# Calculates first, then a group not everyone gets, more calculates, another such group and a
# question everyone gets.
ROWS = [
    {"type": "calculate", "name": "wave", "calculation": "'w2'"},
    {"type": "begin group", "name": "one", "label::en": "One", "relevant": "${wave} = 'w2'"},
    {"type": "select_one yn", "name": "go", "label::en": "Go on?"},
    {"type": "end group"},
    {"type": "calculate", "name": "shout", "calculation": "concat(${go}, '!')"},
    {"type": "begin group", "name": "two", "label::en": "Two", "relevant": "${go} = 'yes'"},
    {"type": "text", "name": "town", "label::en": "Your town?"},
    {"type": "end group"},
    {"type": "begin group", "name": "end", "label::en": "Last"},
    {"type": "text", "name": "note", "label::en": "Anything else?"},
    {"type": "end group"},
]


def test_the_kiosk_never_shows_a_page_of_calculates(tablet, live_server, db, xlsform, channel_for):
    channel = kiosk_for(db, channel_for, xlsform(ROWS, choices=CHOICES))
    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section:not([hidden]) input[name=q_go]")
    assert tablet.locator("#progress").inner_text() == "Page 1 of 3"
    tablet.check("input[name=q_go][value=no]")
    tablet.click("#next")
    tablet.wait_for_selector("section:not([hidden]) #q_note")
    assert tablet.locator("#progress").inner_text() == "Page 2 of 2"
    tablet.fill("#q_note", "No")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    stored = db.scalars(select(Response).where(Response.channel_id == channel.id)).one()
    assert stored.answer_map() == {"wave": "w2", "go": "no", "shout": "no!", "note": "No"}
