"""The strict Content-Security-Policy in real Chromium: the respondent's page, the kiosk (its start
screen with the service worker, a survey page, the offline survey), the team dashboard; no
violation is reported, and axe still runs (injected through the DevTools protocol, which CSP allows)."""

from __future__ import annotations

import pytest

from ..fixtures.browser import AXE

pytestmark = pytest.mark.browser
PASSWORD = "demo-password-for-tests"

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile
                              + ":" + e.lineNumber);
});
"""


def watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Console messages about the policy; the page's own violation events are read by violations()."""
    reported: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: (
            reported.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None
        ),
    )
    return reported


def violations(page, reported: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    return [*reported, *page.evaluate("window.__cspViolations || []")]


def open_checked(page, url: str, reported: list[str]) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert violations(page, reported) == [], url


def axe_runs(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    assert result["violations"] == [], [v["id"] for v in result["violations"]]


@pytest.fixture
def demo_data(demo):  # type: ignore[no-untyped-def]
    return demo


def test_respondent_page_and_kiosk_screens_run_under_the_policy(
    phone, browser, playwright_instance, live_server, demo_data
):
    reported = watch(phone)
    open_checked(phone, f"{live_server}/s/demo", reported)
    axe_runs(phone)
    phone.locator("main form button").last.click()
    phone.wait_for_load_state("networkidle")
    assert violations(phone, reported) == []

    context = browser.new_context(**playwright_instance.devices["Galaxy Tab S4"])
    tablet = context.new_page()
    reported = watch(tablet)
    open_checked(tablet, f"{live_server}/k/demo-kiosk", reported)
    tablet.fill("#email", "liaison@demo.test")
    tablet.fill("#password", PASSWORD)
    tablet.fill("#pin", "2580")
    tablet.click("button.primary")
    tablet.wait_for_selector(".kiosk-languages")
    # The service worker (worker-src 'self') keeps the screens for offline use.
    tablet.wait_for_function(
        "() => Number(document.documentElement.dataset.offlineReady) >= 1", timeout=15000
    )
    assert violations(tablet, reported) == []
    tablet.click(".kiosk-languages a >> nth=0")
    tablet.wait_for_load_state("networkidle")
    assert violations(tablet, reported) == []
    open_checked(tablet, f"{live_server}/k/demo-kiosk/offline", reported)
    assert tablet.locator("form").count() >= 1  # the offline survey drew itself from its JSON
    context.close()


def test_team_dashboard_runs_under_the_policy(laptop, live_server, demo_data):
    reported = watch(laptop)
    open_checked(laptop, f"{live_server}/login", reported)
    laptop.fill("#email", "analyst@demo.test")
    laptop.fill("#password", PASSWORD)
    laptop.click("button.primary")
    laptop.wait_for_load_state()
    for path in ("/team/questions", "/team/themes", "/team/report", "/team/"):
        open_checked(laptop, f"{live_server}{path}", reported)
    assert laptop.locator("svg.chart").count() >= 3  # the charts draw without inline styles
    axe_runs(laptop)
    # The listener does hear a violation: an inline script added to the page is refused and reported.
    laptop.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1';"
        " document.body.appendChild(s); }"
    )
    laptop.wait_for_function("() => window.__cspViolations.length > 0")
    assert any("script-src" in v for v in violations(laptop, []))
