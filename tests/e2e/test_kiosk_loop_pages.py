"""A `style pages` form with a loop inside a field-list group on the offline kiosk page, in Chromium:
the loop's groups on the group's page, counted as the server counts them, the loop's `relevant` and a
choice's group's applied live, and the same answers stored as the no-JavaScript walk
(tests/public/test_style_pages_loops.py)."""

from __future__ import annotations

import pytest

from ..public.test_style_pages_loops import ANSWERS, loop_pages_form
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_repeats import field, shown, stored
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser


def answer(tablet, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Type an answer and leave its field, as a person does: the page applies its rules on change."""
    field(tablet, key).fill(value)
    field(tablet, key).blur()


@pytest.fixture
def loop_pages_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, loop_pages_form(xlsform))


def test_a_loop_in_a_field_list_group_is_on_its_page_offline(tablet, live_server, loop_pages_kiosk, db):
    unlock(tablet, live_server)
    choose(tablet, "en")
    assert tablet.locator("#progress").inner_text() == "Page 1 of 3"
    answer(tablet, "name", "Ana")
    tablet.click("#next")
    tablet.wait_for_selector("section[data-page='1']:not([hidden])")
    assert tablet.locator("#progress").inner_text() == "Page 2 of 3"
    page = shown(tablet).inner_text()
    assert "Vehicles › Car" in page
    assert "How many of type Bike?" in page
    answer(tablet, "who", "nobody")
    assert not field(tablet, "w/fleet/car/total").is_visible()  # the loop does not apply
    answer(tablet, "who", "Ana")
    assert field(tablet, "w/fleet/bike/total").is_visible()
    for key in ("w/fleet/car/total", "w/fleet/car/working", "w/fleet/bike/total", "w/fleet/bike/working"):
        answer(tablet, key, ANSWERS[key])
    assert field(tablet, "w/fleet/car/idle/why").is_visible()  # the car's idle group: 2 > 1
    assert not field(tablet, "w/fleet/bike/idle/why").is_visible()  # the bike's does not: 3 = 3
    answer(tablet, "w/fleet/car/working", "3")
    tablet.click("#next")
    assert "No more than you have" in shown(tablet).inner_text()  # ../total is the car's own
    answer(tablet, "w/fleet/car/working", ANSWERS["w/fleet/car/working"])
    answer(tablet, "w/fleet/car/idle/why", ANSWERS["w/fleet/car/idle/why"])
    tablet.click("#next")
    tablet.wait_for_selector("section[data-page='2']:not([hidden])")
    assert tablet.locator("#progress").inner_text() == "Page 3 of 3"
    answer(tablet, "after", "no")
    tablet.click("#next")
    assert stored(tablet, db) == ANSWERS
