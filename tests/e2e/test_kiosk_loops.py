"""A survey with `begin loop` on the offline kiosk page, in Chromium: the loop's groups are pages of
their own, and the tablet stores the same answers, under the same keys, as the no-JavaScript walk."""

from __future__ import annotations

import pytest

from ..public.test_loops import LOOP_ANSWERS, loop_form
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_repeats import field, shown, stored
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def loop_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, loop_form(xlsform))


def test_a_loop_on_the_offline_page_stores_what_the_server_pages_store(tablet, live_server, loop_kiosk, db):
    unlock(tablet, live_server)
    choose(tablet, "es")
    field(tablet, "who").fill("Ana")
    tablet.click("#next")
    assert "¿Cuántos de tipo Coche?" in shown(tablet).inner_text()
    field(tablet, "fleet/car/total").fill("2")
    field(tablet, "fleet/car/working").fill("3")
    tablet.click("#next")
    assert "No more than you have" in shown(tablet).inner_text()  # ../total is the car's
    field(tablet, "fleet/car/working").fill("1")
    tablet.click("#next")
    assert "¿Cuántos de tipo Bici?" in shown(tablet).inner_text()
    field(tablet, "fleet/bike/total").fill("3")
    field(tablet, "fleet/bike/working").fill("3")
    tablet.click("#next")
    field(tablet, "after").fill("no")
    tablet.click("#next")
    assert stored(tablet, db) == LOOP_ANSWERS
