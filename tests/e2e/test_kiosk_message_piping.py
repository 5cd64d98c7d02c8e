"""The offline kiosk page pipes `${name}` into its texts and its required and constraint messages as
the server's pages do, over the same forms (tests/public/test_piping.py): the answer as the person
reads it, a choice by its label, a default from the first page, in Chromium."""

from __future__ import annotations

import pytest

from ..public.test_piping import DEFAULT_CHOICES, DEFAULT_ROWS, MESSAGE_CHOICES, MESSAGE_ROWS
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser


def test_the_kiosk_pipes_answers_into_its_messages(tablet, live_server, db, xlsform, channel_for):
    kiosk_for(db, channel_for, xlsform(MESSAGE_ROWS, choices=MESSAGE_CHOICES))
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
    page does."""
    kiosk_for(db, channel_for, xlsform(DEFAULT_ROWS, choices=DEFAULT_CHOICES))
    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section:not([hidden]) #q_txt")
    section = tablet.locator("section:not([hidden])")
    assert "Hello Amina" in section.inner_text()
    assert "Two - Amina" in section.inner_text()
