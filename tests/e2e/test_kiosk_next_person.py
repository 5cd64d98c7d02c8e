"""Nothing of one person on a kiosk tablet is reachable by the next: after "Start over" or the idle
reset, the browser's Back and Forward (back-forward cache, form restoration) and its autofill show none
of their ticks or typed text, with JavaScript (the one-page offline survey) and without (server pages)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from surveyapp.models import utcnow

from .test_kiosk_tablet import PASSWORD, choose, kiosk  # noqa: F401  (the kiosk channel fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("kiosk")]
SECRET = "Texto privado de la persona A"
AGE = "47"


@pytest.fixture
def tablet_js(browser, playwright_instance):  # type: ignore[no-untyped-def]
    context = browser.new_context(**playwright_instance.devices["Galaxy Tab S4"])
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def tablet_no_js(browser, playwright_instance):  # type: ignore[no-untyped-def]
    context = browser.new_context(**playwright_instance.devices["Galaxy Tab S4"], java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def unlock(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/k/tab")
    page.fill("#email", "liaison@p.test")
    page.fill("#password", PASSWORD)
    page.fill("#pin", "2580")
    page.click("button.primary")
    page.wait_for_selector(".kiosk-languages")


def assert_nothing_of_a(page) -> None:  # type: ignore[no-untyped-def]
    """No input holds A's ticks or text, and the page's HTML holds none of it."""
    page.wait_for_load_state()
    assert page.locator("input[type=checkbox]:checked, input[type=radio]:checked").count() == 0, page.url
    fields = page.locator("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea")
    for i in range(fields.count()):
        assert fields.nth(i).input_value() == "", page.url
    html = page.content()
    assert SECRET not in html, page.url
    assert f'value="{AGE}"' not in html, page.url


def walk_history(page) -> None:  # type: ignore[no-untyped-def]
    """Back as far as the browser goes, then Forward again, looking at every page on the way."""
    steps = 0
    for _ in range(5):
        if page.go_back() is None and steps:
            break
        steps += 1
        assert_nothing_of_a(page)
    for _ in range(steps):
        page.go_forward()
        assert_nothing_of_a(page)


def answer_with_js(page, live_server) -> None:  # type: ignore[no-untyped-def]
    choose(page, "es")
    page.check("input[name=q_consent]")
    page.click("#next")
    page.check("input[name=q_barriers][value=childcare]")
    page.fill("#q_age", AGE)
    page.check("input[name=q_children][value=yes]")
    page.click("#next")
    page.fill("#q_hardest", SECRET)


def answer_without_js(page) -> None:  # type: ignore[no-untyped-def]
    page.click("a[hreflang=es]")
    page.check("input[name=q_consent]")
    page.click("button[value=next]")
    page.check("input[name=q_barriers][value=childcare]")
    page.fill("#q_age", AGE)
    page.check("input[name=q_children][value=yes]")
    page.click("button[value=next]")
    page.wait_for_selector("#q_hardest")
    page.fill("#q_hardest", SECRET)


def test_with_javascript_start_over_leaves_nothing_behind_back_or_forward(tablet_js, live_server):
    unlock(tablet_js, live_server)
    answer_with_js(tablet_js, live_server)
    tablet_js.click(".kiosk-controls button[type=submit]")
    tablet_js.wait_for_url(f"{live_server}/k/tab")
    walk_history(tablet_js)


def test_with_javascript_the_idle_reset_leaves_nothing_behind(tablet_js, live_server):
    tablet_js.clock.install()
    unlock(tablet_js, live_server)
    answer_with_js(tablet_js, live_server)
    tablet_js.clock.run_for(31_000)  # the channel's 30 idle seconds, on the page's clock
    tablet_js.wait_for_url(f"{live_server}/k/tab")
    walk_history(tablet_js)


def test_without_javascript_start_over_leaves_nothing_behind(tablet_no_js, live_server):
    unlock(tablet_no_js, live_server)
    answer_without_js(tablet_no_js)
    tablet_no_js.click(".kiosk-controls button[type=submit]")
    tablet_no_js.wait_for_url(f"{live_server}/k/tab")
    walk_history(tablet_no_js)


def test_without_javascript_the_screen_goes_back_to_the_start_at_idle(tablet_no_js, live_server):
    unlock(tablet_no_js, live_server)
    answer_without_js(tablet_no_js)
    # The page's own refresh after the channel's 30 idle seconds is the browser's timer, which no
    # test clock moves: the test reads it and follows it as the browser would when it comes due,
    # with the server's clock moved past the idle time.
    refresh = tablet_no_js.locator('meta[http-equiv="refresh"]').get_attribute("content") or ""
    seconds, _, address = refresh.partition(";url=")
    assert (int(seconds), address) == (30, "/k/tab")
    with time_machine.travel(utcnow() + timedelta(seconds=31), tick=True):
        tablet_no_js.goto(f"{live_server}{address}")
        tablet_no_js.wait_for_selector(".kiosk-languages")
        walk_history(tablet_no_js)
