"""The offline kiosk page pipes `${name}` in a required or constraint message as the server's pages
do (tests/public/test_piping.py): the answer as the person reads it, a choice by its label, in
Chromium."""

from __future__ import annotations

import pytest

from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser

ROWS = [
    {"type": "begin group", "name": "p", "label::en": "Page", "appearance": "field-list"},
    {"type": "integer", "name": "foo", "label::en": "Foo"},
    {"type": "select_one fruit", "name": "fruit", "label::en": "Fruit"},
    {
        "type": "text",
        "name": "text",
        "label::en": "Text",
        "required": "true()",
        "required_message::en": "required, ${foo}",
    },
    {
        "type": "text",
        "name": "text2",
        "label::en": "Text 2",
        "constraint": "string-length(.) > 1",
        "constraint_message::en": "too short for ${fruit} <b>",
    },
    {"type": "end group"},
]
CHOICES = [{"list_name": "fruit", "name": "fig", "label::en": "Fig"}]


def test_the_kiosk_pipes_answers_into_its_messages(tablet, live_server, db, xlsform, channel_for):
    kiosk_for(db, channel_for, xlsform(ROWS, choices=CHOICES))
    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section:not([hidden]) #q_foo")
    tablet.fill("#q_foo", "7")
    tablet.check("input[name=q_fruit][value=fig]")
    tablet.fill("#q_text2", "x")
    tablet.click("#next")
    tablet.wait_for_selector("#q_text-error")
    assert tablet.inner_text("#q_text-error") == "required, 7"
    assert tablet.inner_text("#q_text2-error") == "too short for Fig <b>"


def test_the_kiosk_pipes_a_default_from_the_first_page(tablet, live_server, db, xlsform, channel_for):
    """A new person's first page shows a default in the texts that name it, as the server's first
    page does (tests/public/test_piping.py)."""
    rows = [
        {"type": "text", "name": "txt", "label::en": "Enter text", "default": "Amina"},
        {"type": "note", "name": "hello", "label::en": "Hello ${txt}"},
        {"type": "select_one choices", "name": "one", "label::en": "Select one"},
    ]
    choices = [
        {"list_name": "choices", "name": "one", "label::en": "One"},
        {"list_name": "choices", "name": "two", "label::en": "Two - ${txt}"},
    ]
    kiosk_for(db, channel_for, xlsform(rows, choices=choices))
    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section:not([hidden]) #q_txt")
    section = tablet.locator("section:not([hidden])")
    assert "Hello Amina" in section.inner_text()
    assert "Two - Amina" in section.inner_text()
