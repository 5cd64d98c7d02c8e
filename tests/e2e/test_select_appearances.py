"""Select appearances in Chromium: `minimal` is a dropdown, `likert` one row of choices, the grid's inputs
sit under its labels, axe finds nothing (each grid input keeps an accessible name); and the offline kiosk
page stores what the server's pages store for the same walk (tests/public/test_select_appearances.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey

from ..fixtures.browser import audit
from ..public.test_select_appearances import appearance_form
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import choose, unlock

pytestmark = pytest.mark.browser


@pytest.fixture
def looks(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, appearance_form(xlsform)).survey
    db.commit()
    return channel_for(survey.id)


def tops(page, selector: str) -> list[float]:  # type: ignore[no-untyped-def]
    return [
        round(box["y"])
        for box in (
            page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())
        )
    ]


def lefts(page, selector: str) -> list[float]:  # type: ignore[no-untyped-def]
    return [
        round(box["x"] + box["width"] / 2)
        for box in (
            page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())
        )
    ]


def test_minimal_is_a_dropdown_and_likert_a_row(phone, live_server, looks):
    phone.goto(f"{live_server}/s/t1")
    assert phone.eval_on_selector("#q_dropdown", "e => e.tagName") == "SELECT"
    assert phone.locator("#q_dropdown").is_visible()
    assert phone.eval_on_selector("#q_several", "e => e.multiple") is True
    scale = tops(phone, "#q_scale-box .choice")
    assert len(scale) == 3
    assert len(set(scale)) == 1  # one row
    row = tops(phone, "#q_row-box .choice")
    assert row[0] == row[1]  # side by side (wrapping where a phone is too narrow, as ODK's)
    audit(phone, "select-appearances-1")
    phone.select_option("#q_dropdown", "north")
    phone.click("button[name=action][value=next]")
    phone.wait_for_load_state()
    # the grid: each row's inputs under the labels of the `label` row
    heads = lefts(phone, "#q_grid_head-box .choice-head")
    for name in ("bus", "fare"):
        assert lefts(phone, f"#q_{name}-box .choice input") == pytest.approx(heads, abs=2)
    assert phone.get_by_role("radio", name="Agree", exact=True).count() == 2
    audit(phone, "select-appearances-2-grid")


@pytest.fixture
def looks_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, appearance_form(xlsform))


def test_the_kiosk_stores_what_the_server_stores(tablet, live_server, looks_kiosk, db):
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.select_option("#q_dropdown", "south")
    tablet.select_option("#q_several", ["kiwi", "apple"])
    for name, value in (("scale", "agree"), ("row", "neutral"), ("cols", "fig"), ("tap", "north")):
        tablet.check(f"input[name=q_{name}][value={value}]")
    # autocomplete: a text box narrows the choices shown
    tablet.get_by_role("searchbox", name="Type to find a choice: Find").fill("SOU")
    assert tablet.eval_on_selector_all(
        "input[name=q_find]", "els => els.filter(e => !e.closest('label').hidden).map(e => e.value)"
    ) == ["south"]
    audit(tablet, "select-appearances-kiosk")
    tablet.check("input[name=q_find][value=south]")
    tablet.click("#next")
    tablet.locator("section[data-page='1']:not([hidden])").wait_for()
    tablet.check("input[name=q_bus][value=disagree]")
    tablet.check("input[name=q_fare][value=agree]")
    tablet.click("#next")
    tablet.locator("section[data-page='2']:not([hidden])").wait_for()
    assert not tablet.locator("#q_home_other").is_visible()
    tablet.check("input[name=q_home][value=other]")
    tablet.fill("#q_home_other", "Far away")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map() == {
        "dropdown": "south",
        "several": "apple kiwi",
        "scale": "agree",
        "row": "neutral",
        "cols": "fig",
        "tap": "north",
        "find": "south",
        "bus": "disagree",
        "fare": "agree",
        "home": "other",
        "home_other": "Far away",
    }
