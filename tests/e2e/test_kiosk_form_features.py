"""XLSForm features on the offline kiosk page, in Chromium, as the server's pages run them without
JavaScript: `${name}` in labels and hints, `required` as a condition with `required_message`,
`calculate` questions (computed on the tablet for what it shows, stored as the server computes them),
`range`, `time` and `dateTime`, `default`, today() in TIMEZONE and jr:choice-name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..public.test_calculate import calculate_form
from ..public.test_defaults import default_form
from ..public.test_digits import digits_form
from ..public.test_piping import piping_form
from ..public.test_range import range_form
from ..public.test_required_when import required_form
from ..public.test_rules_context import context_form
from ..public.test_time_types import time_form
from .test_kiosk_tablet import PASSWORD, choose, unlock

pytestmark = pytest.mark.browser


def kiosk_for(db, channel_for, path):  # type: ignore[no-untyped-def]
    survey = import_survey(db, path).survey
    db.commit()
    channel = channel_for(survey.id, token="tab", mode="kiosk", languages=["es", "en"], idle_seconds=300)
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    return channel


@pytest.fixture
def piping_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, piping_form(xlsform))


@pytest.fixture
def calculate_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, calculate_form(xlsform))


@pytest.fixture
def context_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, context_form(xlsform))


@pytest.fixture
def range_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, range_form(xlsform))


@pytest.fixture
def time_kiosk(db, xlsform, channel_for, app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "TIMEZONE", "Europe/Paris")
    return kiosk_for(db, channel_for, time_form(xlsform))


@pytest.fixture
def default_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, default_form(xlsform, city="Saint Paul"))


@pytest.fixture
def required_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, required_form(xlsform))


def test_the_offline_page_shows_answers_in_labels_as_they_are_given(tablet, live_server, piping_kiosk):
    unlock(tablet, live_server)
    choose(tablet, "es")
    tablet.fill("#q_first_name", "<b>Ana</b>")
    tablet.check("input[name=q_place][value=north]")
    tablet.click("#next")
    section = tablet.locator("section[data-page='1']")
    section.wait_for()
    assert section.locator("h1").inner_text() == "About <b>Ana</b>"
    assert "<b>Ana</b>, ¿qué es lo más difícil?" in section.inner_text()
    assert "Vive en Lado norte" in section.inner_text()
    assert section.locator("b").count() == 0  # shown as text, never as markup
    tablet.click("#back")
    tablet.fill("#q_first_name", "Li")
    tablet.click("#next")
    assert section.locator("h1").inner_text() == "About Li"


def test_the_offline_page_requires_where_the_condition_holds(tablet, live_server, required_kiosk):
    unlock(tablet, live_server)
    choose(tablet, "es")
    tablet.check("input[name=q_has_car][value=no]")
    tablet.click("#next")
    assert tablet.locator("#q_why_not-error").inner_text() == "Díganos por qué"
    tablet.check("input[name=q_has_car][value=yes]")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")


def test_the_offline_page_computes_calculations_and_the_server_stores_its_own(
    tablet, live_server, calculate_kiosk, db
):
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.fill("#q_adults", "2")
    tablet.fill("#q_children", "5")
    tablet.click("#next")
    section = tablet.locator("section[data-page='1']")
    section.wait_for()
    assert "A household of 7" in section.inner_text()
    assert tablet.locator("#q_crowded").is_visible()
    tablet.fill("#q_crowded", "yes")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    response = db.scalars(select(Response)).one()
    assert response.answer_map() == {"adults": "2", "children": "5", "household": "7", "crowded": "yes"}


def test_the_offline_page_reads_choice_labels_and_refuses_a_date_after_today(
    tablet, live_server, context_kiosk, db
):
    unlock(tablet, live_server)
    choose(tablet, "es")
    tablet.fill("#q_visit", "2999-01-01")
    tablet.check("input[name=q_place][value=north]")
    tablet.click("#next")
    assert tablet.locator("#q_visit-error").inner_text() == "Not in the future"
    tablet.fill("#q_visit", "2020-01-01")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map()["place_label"] == "Lado norte"


def test_the_offline_page_checks_a_range_as_the_server_does(tablet, live_server, range_kiosk, db):
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.fill("#q_stress", "0.3")
    tablet.click("#next")
    assert (
        tablet.locator("#q_stress-error").inner_text()
        == "Please enter a number from 0 to 1, in steps of 0.25."
    )
    tablet.fill("#q_stress", "0.75")
    tablet.fill("#q_card", "0012 3456")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map() == {"stress": "0.75", "card": "0012 3456"}


def test_the_offline_page_sends_times_the_server_stores_with_their_offset(
    tablet, live_server, time_kiosk, db
):
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.fill("#q_visit", "2999-01-01T10:00")
    tablet.click("#next")
    assert tablet.locator("#q_visit-error").inner_text() == "Not in the future"
    tablet.fill("#q_opens", "09:05")
    tablet.fill("#q_visit", "2024-07-01T14:30")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["visit"] == "2024-07-01T14:30:00.000+02:00"
    assert answers["opens"].startswith("09:05:00.000+0")


def test_the_offline_page_starts_with_the_defaults(tablet, live_server, default_kiosk, db):
    unlock(tablet, live_server)
    choose(tablet, "en")
    assert tablet.input_value("#q_adults") == "1"
    tablet.click("#next")
    assert tablet.is_checked("input[name=q_spoken][value=es]")
    tablet.uncheck("input[name=q_spoken][value=en]")
    tablet.fill("#q_city", "")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map() == {"adults": "1", "spoken": "es"}


@pytest.fixture
def digits_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    return kiosk_for(db, channel_for, digits_form(xlsform))


def test_the_offline_page_folds_digits_as_the_server_does(tablet, live_server, digits_kiosk, db):
    """A ZIP code typed in Arabic-Indic digits passes its pattern and is stored as the server's page
    stores it (tests/public/test_digits.py)."""
    unlock(tablet, live_server)
    choose(tablet, "en")
    tablet.fill("#q_zip_code", "٥٨١٠")
    tablet.click("#next")
    assert tablet.locator("#q_zip_code-error").inner_text() == "Five digits, please."
    tablet.fill("#q_zip_code", "٥٨١٠٢")
    tablet.fill("#q_household", "٤")
    tablet.fill("#q_story", "٥ أطفال")
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    assert db.scalars(select(Response)).one().answer_map() == {
        "zip_code": "58102",
        "household": "4",
        "story": "٥ أطفال",
    }
