"""Answers in parts on the offline kiosk page, in Chromium: a geopoint (typed, and from "Use my
location" with a granted permission and a fixed position), a geotrace, a ranking and dates asked in
parts are checked with the server's messages and stored as the walk without JavaScript stores them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import Channel, Response

from ..fixtures.browser import audit
from ..public.respondent import Respondent
from .test_kiosk_form_features import kiosk_for
from .test_kiosk_tablet import unlock

pytestmark = pytest.mark.browser

NEEDS = [
    {"list_name": "needs", "name": n, "label::en": label, "label::es": label}
    for n, label in (("care", "Childcare"), ("bus", "Transport"), ("pay", "Pay"))
]
POSITION = {"latitude": 44.9537, "longitude": -93.09, "accuracy": 12}


def parts_form(xlsform):  # type: ignore[no-untyped-def]
    return xlsform(
        [
            {"type": "geopoint", "name": "home", "label::en": "Where do you live?", "label::es": "¿Dónde?"},
            {"type": "geotrace", "name": "road", "label::en": "Your road", "label::es": "Su calle"},
            {"type": "geoshape", "name": "field", "label::en": "Your field", "label::es": "Su campo"},
            {
                "type": "rank needs",
                "name": "order",
                "label::en": "Rank what matters most",
                "label::es": "Ordene",
                "required": "yes",
            },
            {
                "type": "text",
                "name": "why",
                "label::en": "Why pay?",
                "label::es": "¿Por qué?",
                "relevant": "selected-at(${order}, 0) = 'pay'",
            },
            {
                "type": "date",
                "name": "moved",
                "label::en": "When did you move?",
                "label::es": "¿Cuándo?",
                "appearance": "month-year",
            },
            {
                "type": "date",
                "name": "born",
                "label::en": "Born",
                "label::es": "Nacido",
                "appearance": "no-calendar",
            },
            {
                "type": "date",
                "name": "school",
                "label::en": "Left school",
                "label::es": "Escuela",
                "appearance": "year",
            },
            {"type": "calculate", "name": "lat", "calculation": "selected-at(${home}, 0)"},
            {"type": "calculate", "name": "first", "calculation": "selected-at(${order}, 0)"},
        ],
        NEEDS,
    )


@pytest.fixture
def parts_kiosk(db, xlsform, channel_for, snapshots):  # type: ignore[no-untyped-def]
    """Copied into each test after the first (tests/fixtures/snapshots.py)."""

    def build() -> int:
        channel = kiosk_for(db, channel_for, parts_form(xlsform))
        channel_for(channel.survey_id, token="t1")  # the same survey without JavaScript
        return int(channel.id)

    db.commit()
    return db.get(Channel, snapshots.state("parts_kiosk", build))


def test_the_kiosk_stores_answers_in_parts_as_the_server_does(tablet, live_server, parts_kiosk, app, db):
    person = Respondent(app.test_client())
    person.open("/p/0?lang=en")
    refused = person.post({"order": ["pay", "pay", "bus"], "home": ["12", "200", "", ""]})
    server_messages = refused.get_data(as_text=True)
    person.post(
        {
            "home": [str(POSITION["latitude"]), str(POSITION["longitude"]), "0", "12"],
            "road": "44.95 -93.09\n44.96, -93.1",
            "order": ["pay", "care", "bus"],
            "why": "Rent",
            "moved": ["5", "2019"],
            "born": ["7", "3", "1990"],
            "field": "0 0\n0 0.001\n0.001 0.001",
            "school": ["2008"],
        }
    )
    person.submit()
    without_js = db.scalars(select(Response)).one().answer_map()

    tablet.context.grant_permissions(["geolocation"])
    tablet.context.set_geolocation(POSITION)
    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section[data-page='0']:not([hidden])")
    tablet.fill("#q_home", "12")
    tablet.fill("#q_home-lon", "200")
    tablet.select_option("#q_order", "pay")
    tablet.select_option("#q_order-2", "pay")
    tablet.select_option("#q_order-3", "bus")
    tablet.click("#next")
    for name in ("home", "order"):
        message = tablet.locator(f"#q_{name}-error").inner_text()
        assert message in server_messages, message
    assert "Each option can have only one rank" in tablet.locator("#q_order-error").inner_text()
    audit(tablet, "kiosk-answers-in-parts")
    tablet.click("button[data-locate=q_home]")
    tablet.wait_for_function("() => document.getElementById('q_home').value === '44.9537'")
    assert tablet.input_value("#q_home-lon") == "-93.09"
    assert tablet.input_value("#q_home-acc") == "12"
    tablet.fill("#q_road", "44.95 -93.09\n44.96, -93.1")
    tablet.select_option("#q_order-2", "care")
    assert tablet.locator("#q_why").is_visible()  # relevant on the ranking's first choice
    tablet.fill("#q_why", "Rent")
    tablet.select_option("#q_moved", "5")
    tablet.fill("#q_moved-year", "2019")
    tablet.fill("#q_born", "7")
    tablet.select_option("#q_born-month", "3")
    tablet.fill("#q_born-year", "1990")
    tablet.fill("#q_field", "0 0\n0 0.001\n0.001 0.001")
    tablet.fill("#q_school", "٢٠٠٨")  # Arabic-Indic digits, folded as the server folds them
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    db.expire_all()
    on_tablet = db.scalars(select(Response).where(Response.channel_id == parts_kiosk.id)).one()
    assert on_tablet.answer_map() == without_js
    assert without_js["home"] == "44.9537 -93.09 0 12"
    assert without_js["order"] == "pay care bus"
    assert without_js["moved"] == "2019-05-01"
    assert without_js["school"] == "2008-01-01"
    assert without_js["field"] == "0 0 0 0;0 0.001 0 0;0.001 0.001 0 0;0 0 0 0"


def test_use_my_location_fills_a_geopoint_on_the_servers_page(browser, live_server, parts_kiosk, db):
    context = browser.new_context(geolocation=POSITION, permissions=["geolocation"])
    page = context.new_page()
    page.goto(f"{live_server}/s/t1?lang=en")
    audit(page, "answers-in-parts")
    page.click("button[data-locate=q_home]")
    page.wait_for_function("() => document.getElementById('q_home').value !== ''")
    assert page.locator("#q_home-status").inner_text() == "Your location was filled in. You can change it."
    page.select_option("#q_order", "bus")
    page.select_option("#q_order-2", "care")
    page.select_option("#q_order-3", "pay")
    page.click("button[value=next]")
    page.click("button[type=submit]")
    page.wait_for_url("**/thanks")
    context.close()
    answers = db.scalars(select(Response)).one().answer_map()
    assert answers["home"] == "44.9537 -93.09 0 12"
    assert answers["order"] == "bus care pay"


def test_a_refused_location_says_so_and_the_point_can_be_typed(browser, live_server, parts_kiosk):
    context = browser.new_context()  # no permission granted: the browser refuses the position
    page = context.new_page()
    page.goto(f"{live_server}/s/t1?lang=en")
    page.click("button[data-locate=q_home]")
    page.wait_for_function(
        "() => document.getElementById('q_home-status').textContent !== ''"
        " && !document.getElementById('q_home-status').textContent.startsWith('Finding')"
    )
    assert page.locator("#q_home-status").inner_text() == "Your location could not be found. Please type it."
    assert page.input_value("#q_home") == ""
    context.close()


def test_on_a_page_that_is_not_secure_the_button_says_the_point_must_be_typed(
    browser, live_server, parts_kiosk
):
    """Browsers give a position only to https pages (and localhost): the survey served under a plain
    http name (routed to the test server) says so instead of failing silently."""
    context = browser.new_context(geolocation=POSITION, permissions=["geolocation"])
    page = context.new_page()
    insecure = "http://survey.invalid"
    page.route(
        f"{insecure}/**",
        lambda route: route.fulfill(
            response=route.fetch(url=route.request.url.replace(insecure, live_server))
        ),
    )
    page.goto(f"{insecure}/s/t1?lang=en")
    assert page.evaluate("window.isSecureContext") is False
    page.click("button[data-locate=q_home]")
    assert (
        page.locator("#q_home-status").inner_text()
        == "Your location can only be asked for on a secure (https) page. Please type it."
    )
    assert page.input_value("#q_home") == ""
    context.close()


def test_answers_in_parts_survive_a_language_switch_on_the_tablet(tablet, live_server, parts_kiosk):
    unlock(tablet, live_server)
    tablet.click("a[hreflang=en][href*='/offline']")
    tablet.wait_for_selector("section[data-page='0']:not([hidden])")
    tablet.fill("#q_home", "12.5")
    tablet.fill("#q_home-lon", "-1.25")
    tablet.select_option("#q_order", "bus")
    tablet.select_option("#q_order-2", "pay")
    tablet.select_option("#q_moved", "11")
    tablet.fill("#q_moved-year", "2020")
    tablet.locator("#q_moved-year").dispatch_event("change")
    tablet.click("#languages a[hreflang=es]")
    tablet.wait_for_url("**lang=es")
    tablet.wait_for_selector("section[data-page='0']:not([hidden])")
    assert [
        tablet.input_value(f"#{i}")
        for i in ("q_home", "q_home-lon", "q_order", "q_order-2", "q_order-3", "q_moved", "q_moved-year")
    ] == ["12.5", "-1.25", "bus", "pay", "", "11", "2020"]
