"""Cascading selects and randomized choices on the offline kiosk page, in Chromium: filtered live as
answers change, in the order the server shows for the same response, and stored as the server's pages
without JavaScript store them (tests/public/test_choice_filter.py walks the same form)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import definition_of
from surveyapp.survey.choice_filter import ordered

from ..public.test_choice_filter import SEVEN, cascade_form
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def cascade_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, cascade_form(xlsform))


def offered(tablet, field: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The choices a person sees, in the order shown."""
    return tablet.eval_on_selector_all(
        f"input[name=q_{field}]", "els => els.filter(e => !e.closest('label').hidden).map(e => e.value)"
    )


def test_the_kiosk_filters_and_orders_choices_as_the_server(tablet, live_server, cascade_kiosk, db):
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.check("input[name=q_county][value=north]")
    tablet.click("#next")
    tablet.locator("section[data-page='1']").wait_for()
    assert offered(tablet, "city") == ["alder", "birch"]
    assert offered(tablet, "shuffled") == SEVEN
    rid = tablet.evaluate("JSON.parse(sessionStorage.getItem('surveyapp-draft:tab')).id")
    definition = definition_of(cascade_kiosk.survey.current_version)
    own = definition.questions["own"]
    assert offered(tablet, "own") == [c.name for c in ordered(own, own.choices, rid, {})]
    assert offered(tablet, "best") == []  # the same page's answers filter live
    tablet.check("input[name=q_likes][value=apple]")
    tablet.check("input[name=q_likes][value=fig]")
    assert offered(tablet, "best") == ["apple", "fig"]
    tablet.check("input[name=q_best][value=fig]")
    tablet.check("input[name=q_city][value=birch]")
    # an earlier answer changed: the held choice stays shown, with its error, never dropped
    tablet.click("#back")
    tablet.check("input[name=q_county][value=south]")
    tablet.click("#next")
    assert offered(tablet, "city") == ["birch", "cedar"]
    tablet.click("#next")
    assert (
        tablet.locator("#q_city-error")
        .inner_text()
        .startswith("This choice does not fit your other answers.")
    )
    tablet.check("input[name=q_city][value=cedar]")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map() == {
        "county": "south",
        "city": "cedar",
        "likes": "apple fig",
        "best": "fig",
    }
