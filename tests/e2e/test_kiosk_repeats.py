"""A survey with repeats on the offline kiosk page, in Chromium: the page holds one instance of each
repeat and its script copies it per instance, so the tablet stores the same answers, under the same
keys, as the no-JavaScript walk of the server's pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response

from ..public.test_repeats import RELATIONS, ROSTER_ANSWERS, children_rows, roster_rows
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def roster_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, xlsform(roster_rows(), RELATIONS))


@pytest.fixture
def children_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, xlsform(children_rows()))


def field(tablet, name):  # type: ignore[no-untyped-def]
    return tablet.locator(f'[name="q_{name}"]')


def shown(tablet):  # type: ignore[no-untyped-def]
    return tablet.locator("section.page:not([hidden])")


def stored(tablet, db):  # type: ignore[no-untyped-def]
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    return db.scalars(select(Response)).one().answer_map()


def test_a_roster_on_the_offline_page_stores_what_the_server_pages_store(
    tablet, live_server, roster_kiosk, db
):
    unlock(tablet, live_server)
    choose(tablet, "en")
    field(tablet, "hh_size").fill("2")
    tablet.click("#next")
    assert shown(tablet).locator("h1").inner_text() == "Household member 1"
    field(tablet, "member[1]/name").fill("Ana")
    field(tablet, "member[1]/age").fill("40")
    tablet.check('[name="q_member[1]/relation"][value=self]')
    tablet.click("#next")
    assert shown(tablet).locator("h1").inner_text() == "Household member 2"
    field(tablet, "member[2]/name").fill("Ben")
    field(tablet, "member[2]/age").fill("10")
    tablet.check('[name="q_member[2]/relation"][value=child]')
    tablet.click("#next")
    assert "Which school does Ben go to?" in shown(tablet).inner_text()
    field(tablet, "member[2]/school").fill("Central")
    tablet.click("#next")
    assert "Together you are 50 years old." in shown(tablet).inner_text()
    tablet.click("#next")
    assert stored(tablet, db) == ROSTER_ANSWERS


def test_instances_added_and_removed_on_the_offline_page(tablet, live_server, children_kiosk, db):
    unlock(tablet, live_server)
    choose(tablet, "en")
    for index, name in ((1, "A"), (2, "B"), (3, "C")):
        field(tablet, f"child[{index}]/cname").fill(name)
        tablet.click("#next")
        if index < 3:
            tablet.click("section.page:not([hidden]) button[data-add]")
    tablet.click("#back")  # from the prompt to Child 3
    tablet.click("#back")  # Child 2
    assert field(tablet, "child[2]/cname").input_value() == "B"
    tablet.click("section.page:not([hidden]) button[data-remove]")
    assert shown(tablet).locator("h1").inner_text() == "Child 2"
    assert field(tablet, "child[2]/cname").input_value() == "C"  # the third moved up
    tablet.click("#next")  # the prompt
    tablet.click("#next")  # no more
    field(tablet, "after").fill("no")
    tablet.click("#next")
    assert stored(tablet, db) == {
        "child[1]/cname": "A",
        "child[2]/cname": "C",
        "child[count]": "2",
        "children": "2",
        "after": "no",
    }


def test_added_instances_come_back_with_the_draft(tablet, live_server, children_kiosk):
    """The draft the page keeps (a language switch reloads it) holds how many instances there are."""
    unlock(tablet, live_server)
    choose(tablet, "en")
    field(tablet, "child[1]/cname").fill("A")
    tablet.click("#next")
    tablet.click("section.page:not([hidden]) button[data-add]")
    field(tablet, "child[2]/cname").fill("B")
    tablet.click("#next")  # kept, on the prompt
    tablet.reload()
    tablet.wait_for_selector("section.page:not([hidden])")
    assert "Add another Child" in shown(tablet).inner_text()
    assert field(tablet, "child[1]/cname").input_value() == "A"
    assert field(tablet, "child[2]/cname").input_value() == "B"
