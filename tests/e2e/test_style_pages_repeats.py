"""A `style pages` form with a repeat (repeat_count 2, three questions) and a group nested in a
field-list group, in Chromium: on the public pages and on the offline kiosk page, each question of
each instance is a page of its own and the nested group is on the field-list group's page, seven
pages in both, and both store the same answers as the walk without JavaScript (tests/public/
test_style_pages_repeats.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.test_style_pages_repeats import KIDS, repeat_pages_form
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser
KEYS = ("kname", "kage", "school")
ANSWERS = {f"kid[{n}]/{k}": v for n, kid in enumerate(KIDS, 1) for k, v in zip(KEYS, kid, strict=True)}


def _fill(page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    if name.endswith("school"):
        page.check(f'[name="q_{name}"][value={value}]')
    else:
        page.fill(f'[id="q_{name}"]', value)


def test_the_public_pages_ask_each_question_of_each_instance_alone(
    phone, live_server, db, xlsform, channel_for
):
    survey = import_survey(db, repeat_pages_form(xlsform)).survey
    db.commit()
    channel_for(survey.id)
    phone.goto(f"{live_server}/s/t1?lang=en")
    page = 0
    for name, value in ANSWERS.items():
        page += 1
        assert phone.locator(".progress").inner_text() == f"Page {page} of 7"
        assert phone.locator("main .q").count() == 1
        _fill(phone, name, value)
        phone.click("button[name=action][value=next]")
        phone.wait_for_load_state()
    assert phone.locator(".progress").inner_text() == "Page 7 of 7"
    audit(phone, "style-pages-nested-group")
    assert phone.locator("main .q").count() == 2  # the nested group's question on the field-list page
    phone.fill("#q_town", "Kumasi")
    phone.fill("#q_street", "Main")
    phone.click("button[name=action][value=next]")
    phone.wait_for_load_state()
    phone.click("button.primary")
    phone.wait_for_load_state()
    stored = db.scalars(select(Response)).one().answer_map()
    assert stored == {**ANSWERS, "town": "Kumasi", "street": "Main"}


def test_the_kiosk_pages_a_repeat_as_the_server_does(tablet, live_server, db, xlsform, channel_for):
    channel = kiosk_for(db, channel_for, repeat_pages_form(xlsform))
    unlock(tablet, live_server)
    choose(tablet, "en")
    shown = tablet.locator("section.page:not([hidden])")
    for page, (name, value) in enumerate(ANSWERS.items(), start=1):
        assert tablet.locator("#progress").inner_text() == f"Page {page} of 7"
        assert shown.locator(".q").count() == 1
        assert shown.locator("h1").inner_text() == f"Child {name[4]}"
        if name.endswith("kage"):
            assert f"Age of {ANSWERS[name.replace('kage', 'kname')]}" in shown.inner_text()
        _fill(tablet, name, value)
        tablet.click("#next")
    assert tablet.locator("#progress").inner_text() == "Page 7 of 7"
    assert shown.locator("#q_street").is_visible()
    assert shown.locator("h2.group-label").inner_text() == "Address"
    tablet.fill("#q_town", "none")  # the nested group's condition no longer holds: its question goes
    tablet.press("#q_town", "Tab")
    tablet.wait_for_selector("#q_street", state="hidden")
    assert not shown.locator("h2.group-label").is_visible()  # the group's label goes with it
    audit(tablet, "kiosk-style-pages-nested-group")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    stored = db.scalars(select(Response).where(Response.channel_id == channel.id)).one()
    assert stored.answer_map() == {**ANSWERS, "town": "none"}
