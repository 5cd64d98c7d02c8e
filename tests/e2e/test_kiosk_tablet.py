"""A shared intake tablet in Chromium: a liaison unlocks it, people answer in their languages, the
network drops and comes back, and every response is stored exactly once; axe on every kiosk screen."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from surveyapp.models import Channel, Response
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.browser import audit
from .network import offline

pytestmark = pytest.mark.browser
PASSWORD = "liaison-password-1"


@pytest.fixture
def kiosk(request, db, channel_for, snapshots):  # type: ignore[no-untyped-def]
    """Copied into each test after the first (tests/fixtures/snapshots.py)."""

    def build() -> int:
        survey = import_survey(db, request.getfixturevalue("small_form")).survey
        db.commit()
        channel = channel_for(
            survey.id, token="tab", mode="kiosk", languages=["es", "ar", "en"], idle_seconds=30
        )
        create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
        db.commit()
        return int(channel.id)

    db.commit()
    return db.get(Channel, snapshots.state("tablet_kiosk", build))


def unlock(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/k/tab")
    audit(page, "kiosk-0-unlock")
    page.fill("#email", "liaison@p.test")
    page.fill("#password", PASSWORD)
    page.fill("#pin", "2580")
    page.click("button.primary")
    page.wait_for_selector(".kiosk-languages")
    # The service worker has kept the start screen, every language's survey page and the assets.
    page.wait_for_function(
        "() => { const d = document.documentElement.dataset;"
        " return Number(d.offlineReady) === Number(d.offlineWanted); }",
        timeout=15000,
    )


def choose(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Tap a language once the start screen's script has pointed it at the one-page offline survey
    (a tap before that opens the server pages, which a person without JavaScript gets)."""
    page.click(f"a[hreflang={lang}][href*='/offline']")
    page.wait_for_selector("section[data-page='0']:not([hidden])")


def answer(
    page,
    consent=True,
    hardest="No tengo quien cuide a mis hijos",  # type: ignore[no-untyped-def]
    audit_as=None,
):
    if consent:
        page.check("input[name=q_consent]")
    page.click("#next")
    if audit_as:
        audit(page, f"{audit_as}-2")
    page.check("input[name=q_barriers][value=childcare]")
    page.fill("#q_age", "12")
    page.check("input[name=q_children][value=yes]")
    page.click("#next")
    # The constraint is checked on the tablet, in the person's language, and nothing moves on.
    assert page.locator("#q_age-error").is_visible()
    page.fill("#q_age", "31")
    page.click("#next")
    page.fill("#q_hardest", hardest)
    page.click("#next")
    page.wait_for_selector("#done:not([hidden])")


def stored(db) -> int:  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Response).where(Response.status == "complete"))


def test_tablet_online_answers_are_stored_and_the_screen_resets(tablet, live_server, kiosk, db):
    tablet.clock.install()  # the thank-you screen's 10 s pass on the page's clock
    unlock(tablet, live_server)
    audit(tablet, "kiosk-1-start")
    choose(tablet, "es")
    assert tablet.get_attribute("html", "lang") == "es"
    audit(tablet, "kiosk-es-1")
    # The consent page counts the pages waiting for the consent, as the server's "Página 1 de 3".
    assert tablet.locator("#progress").inner_text() == "Página 1 de 3"
    # Focus is on the heading for screen readers, without a focus ring around a heading.
    assert tablet.evaluate("document.activeElement.tagName") == "H1"
    assert tablet.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "none"
    answer(tablet, audit_as="kiosk-es")
    audit(tablet, "kiosk-es-thanks")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'")
    assert stored(db) == 1
    response = db.scalars(select(Response)).one()
    assert response.language == "es"
    assert response.answer_map()["age"] == "31"
    tablet.clock.run_for(10_000)
    tablet.wait_for_url(f"{live_server}/k/tab")
    # The next person: nothing of the previous one.
    choose(tablet, "ar")
    assert tablet.get_attribute("html", "dir") == "rtl"
    assert not tablet.is_checked("input[name=q_consent]")
    audit(tablet, "kiosk-ar-1")


def test_tablet_offline_keeps_responses_and_sends_each_once_when_back(tablet, live_server, kiosk, db):
    unlock(tablet, live_server)
    offline(tablet, True)
    for lang, text in (("es", "El autobús no pasa temprano"), ("ar", "لا توجد حضانة قريبة")):
        tablet.goto(f"{live_server}/k/tab")
        choose(tablet, lang)
        answer(tablet, hardest=text)
    tablet.goto(f"{live_server}/k/tab")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '2'")
    assert tablet.locator("#outbox").is_visible()
    audit(tablet, "kiosk-offline-waiting")
    assert stored(db) == 0
    offline(tablet, False)
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'", timeout=30000)
    assert stored(db) == 2
    languages = sorted(r.language for r in db.scalars(select(Response)))
    assert languages == ["ar", "es"]
    # A replay of an acknowledged response (as after a lost acknowledgement) stores nothing new.
    replayed = tablet.evaluate(
        """async (body) => {
        const r = await fetch('/k/tab/responses', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
        return r.status;
    }""",
        _body_of(db),
    )
    assert replayed == 200
    assert stored(db) == 2


def _body_of(db) -> dict:  # type: ignore[no-untyped-def,type-arg]
    from surveyapp.models import KioskSession

    response = db.scalars(select(Response).order_by(Response.language)).first()
    answers = {k: (v.split(" ") if k == "barriers" else v) for k, v in response.answer_map().items()}
    return {
        "kiosk": db.scalar(select(KioskSession.id)),
        "id": response.id,
        "lang": response.language,
        "version": response.version_id,
        "answers": answers,
    }


def test_idle_tablet_warns_then_clears_the_answers(tablet, live_server, kiosk):
    tablet.clock.install()  # the channel's 30 idle seconds pass on the page's clock, not the test's
    unlock(tablet, live_server)
    choose(tablet, "es")
    tablet.check("input[name=q_consent]")
    tablet.clock.run_for(14_000)
    assert not tablet.locator("#kiosk-idle").is_visible()  # the warning comes 15 s before the reset
    tablet.clock.run_for(2_000)
    tablet.wait_for_selector("#kiosk-idle[open]")
    audit(tablet, "kiosk-idle-warning")
    tablet.clock.run_for(15_000)
    tablet.wait_for_url(f"{live_server}/k/tab")
    choose(tablet, "es")
    assert not tablet.is_checked("input[name=q_consent]")
