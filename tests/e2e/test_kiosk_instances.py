"""On the offline kiosk page, in Chromium, as on the server's pages without JavaScript: a choice list
read by `instance('list')` in the person's language, pyxform's `hidden` keeping its default, and a
question whose `relevant` reads a calculation of its own page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from ..public.respondent import Respondent
from ..public.test_choice_list_instances import COLOURS, LABEL
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser
STORED = {"col": "g", "n": "2", "double": "4", "why": "bright", "wave": "w2", "shown": "Verde"}


def instances_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "begin group", "name": "one", "label::en": "One", "label::es": "Uno"},
            {"type": "select_one colour", "name": "col", "label::en": "Colour?", "label::es": "¿Color?"},
            {"type": "integer", "name": "n", "label::en": "How many?", "label::es": "¿Cuántos?"},
            {"type": "calculate", "name": "double", "calculation": "${n} * 2"},
            {
                "type": "text",
                "name": "why",
                "label::en": "Why so many?",
                "label::es": "¿Por qué tantos?",
                "relevant": "${double} > 2",
            },
            {"type": "hidden", "name": "wave", "default": "w2"},
            {"type": "end group"},
            {"type": "begin group", "name": "two", "label::en": "Two", "label::es": "Dos"},
            {"type": "calculate", "name": "shown", "calculation": LABEL},
            {
                "type": "note",
                "name": "said",
                "label::en": "You chose ${shown}",
                "label::es": "Elegiste ${shown}",
            },
            {"type": "end group"},
        ],
        COLOURS,
    )


def test_the_offline_page_stores_what_the_pages_without_javascript_store(
    app, tablet, live_server, db, xlsform, channel_for
):
    channel = kiosk_for(db, channel_for, instances_form(xlsform))
    web = channel_for(channel.survey_id, token="t1")
    person = Respondent(app.test_client())
    person.open("?lang=es")
    assert 'name="q_why"' in person.text()  # without script, a page shows what its own answers decide
    person.post({"col": "g", "n": "2", "why": "bright"})
    assert 'Elegiste <span data-pipe="shown">Verde</span>' in person.text()
    person.post({})
    person.submit()
    db.expire_all()
    assert db.scalars(select(Response).filter_by(channel_id=web.id)).one().answer_map() == STORED

    unlock(tablet, live_server)
    choose(tablet, "es")
    tablet.check("input[name=q_col][value=g]")
    tablet.fill("#q_n", "1")
    tablet.locator("#q_n").dispatch_event("change")  # as when the person leaves the box
    assert not tablet.locator("#q_why").is_visible()
    tablet.fill("#q_n", "2")
    tablet.locator("#q_n").dispatch_event("change")
    tablet.locator("#q_why").wait_for()
    tablet.fill("#q_why", "bright")
    tablet.click("#next")
    section = tablet.locator("section[data-page='1']")
    section.wait_for()
    assert "Elegiste Verde" in section.inner_text()
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    assert db.scalars(select(Response).filter_by(channel_id=channel.id)).one().answer_map() == STORED
