"""A survey's media on the offline kiosk page, in Chromium: the service worker keeps every file of the
version, so with the network cut (and the files gone from the server) the page draws each language's
image and plays its recording; the stored answers are those of the no-JavaScript walk. A file the
tablet could not keep leaves the survey online, and a new version's files replace the old ones."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from surveyapp.models import Channel, Response, SurveyMedia
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

from ..fixtures.browser import audit
from ..kiosk.test_kiosk_offline_media import ANSWERS, FILES, offline_media_form
from ..media_files import png
from ..public.respondent import Respondent
from .network import offline
from .test_kiosk_tablet import PASSWORD, choose, unlock

pytestmark = pytest.mark.browser

DRAWN = "img => img.complete && img.naturalWidth > 0"


def drawn(tablet, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the image is decoded (a function, not an expression: the CSP refuses eval)."""
    tablet.wait_for_function(f"() => ({DRAWN})(document.querySelector({selector!r}))", timeout=10000)


# The player reads the file's header (a Range request the service worker answers from its cache).
PLAYABLE = """a => new Promise(done => {
    a.addEventListener('loadedmetadata', () => done(a.duration), {once: true});
    a.addEventListener('error', () => done(-1), {once: true});
    a.preload = 'auto'; a.load();
})"""
KEPT = "() => caches.open('surveyapp-kiosk-media:tab').then(c => c.keys()).then(k => k.map(r => r.url))"


@pytest.fixture
def media_kiosk(db, xlsform, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, offline_media_form(xlsform), attachments=FILES).survey
    db.commit()
    channel_for(survey.id, token="tab", mode="kiosk", languages=["en", "es"], idle_seconds=300)
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    return survey


def shows(tablet, image: str) -> float:  # type: ignore[no-untyped-def]
    """The question's image (this language's file) drawn; the recording's length in seconds."""
    img = tablet.locator("section.page:not([hidden]) img.media-image")
    assert img.get_attribute("src").endswith(f"/{image}")
    drawn(tablet, "section.page:not([hidden]) img.media-image")
    return tablet.locator("section.page:not([hidden]) audio[controls]").evaluate(PLAYABLE)


def no_javascript_walk(app, db, channel_for, survey) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The same answers on the server's pages (a phone without JavaScript, on a public link)."""
    channel = channel_for(survey.id)
    person = Respondent(app.test_client())
    person.open("/p/0?lang=es")
    person.post(ANSWERS)
    person.submit()
    return db.scalars(select(Response).where(Response.channel_id == channel.id)).one().answer_map()


def test_the_offline_page_shows_each_language_s_media_without_the_network(
    tablet, live_server, app, media_kiosk, db, channel_for
):
    expected = no_javascript_walk(app, db, channel_for, media_kiosk)
    unlock(tablet, live_server)
    tablet.wait_for_function("() => document.documentElement.dataset.offlineMedia === 'kept'")
    assert tablet.locator("#media-kept").inner_text() == "7 media files kept for offline use."
    assert not tablet.locator("#media-lost").is_visible()
    assert len(tablet.evaluate(KEPT)) == len(FILES)
    audit(tablet, "kiosk-media-kept")
    # From here the files exist only on the tablet.
    db.execute(delete(SurveyMedia))
    db.commit()
    offline(tablet, True)
    tablet.goto(f"{live_server}/k/tab")
    choose(tablet, "en")
    assert tablet.evaluate("fetch('/k/tab/p/0').then(() => 'online', () => 'offline')") == "offline"
    assert shows(tablet, "cow.png") > 0
    choice = tablet.locator("label.choice", has_text="Yes").locator("img.choice-image")
    drawn(tablet, "img.choice-image")
    assert choice.evaluate("img => img.naturalWidth") == 2
    assert tablet.locator("section.page:not([hidden]) video[controls]").count() == 1
    # A player's Range request is answered from the kept file as the server answers it.
    part = tablet.locator("section.page:not([hidden]) audio").evaluate(
        """a => fetch(a.src, {headers: {Range: 'bytes=0-3'}}).then(r => r.text().then(t =>
            [r.status, r.headers.get('content-range'), r.headers.get('content-type'), t]))"""
    )
    assert part == [206, f"bytes 0-3/{len(FILES['moo.wav'])}", "audio/wav", "RIFF"]
    tablet.check("input[name=q_cow][value=yes]")
    tablet.click("#languages a[hreflang=es]")
    tablet.wait_for_selector("section[data-page='0']:not([hidden])")
    assert tablet.get_attribute("html", "lang") == "es"
    assert (
        tablet.locator("section.page:not([hidden]) img.media-image").get_attribute("alt") == "¿Es una vaca?"
    )
    assert shows(tablet, "cow-es.png") > 0
    assert tablet.locator("section.page:not([hidden]) audio").get_attribute("src").endswith("/muu.wav")
    assert tablet.is_checked("input[name=q_cow][value=yes]")  # the draft survived the switch
    tablet.fill("#q_why", ANSWERS["why"])
    tablet.click("#next")
    tablet.wait_for_selector("#done:not([hidden])")
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '1'")
    offline(tablet, False)
    tablet.wait_for_function("() => document.documentElement.dataset.outbox === '0'", timeout=30000)
    db.expire_all()
    response = db.scalars(select(Response).join(Channel).where(Channel.token == "tab")).one()
    assert response.language == "es"
    assert response.answer_map() == expected == ANSWERS


def test_a_file_the_tablet_could_not_keep_leaves_the_survey_online(tablet, live_server, media_kiosk, db):
    db.execute(delete(SurveyMedia).where(SurveyMedia.name == "muu.wav"))  # the server cannot send it
    db.commit()
    unlock_screen(tablet, live_server)
    tablet.wait_for_function("() => document.documentElement.dataset.offlineMedia === 'lost'", timeout=15000)
    assert tablet.locator("#media-lost").is_visible()
    assert "could not be kept on this tablet" in tablet.locator("#media-lost").inner_text()
    assert not tablet.locator("#media-kept").is_visible()
    audit(tablet, "kiosk-media-lost")
    # No link to the offline page, and no kept copy of it a reload could reach.
    assert tablet.locator(".kiosk-languages a[href*='/offline']").count() == 0
    assert tablet.evaluate("caches.match('/k/tab/offline?lang=en').then(hit => !!hit)") is False
    tablet.click(".kiosk-languages a[hreflang=en]")
    tablet.wait_for_load_state()
    assert "/k/tab/p" in tablet.url  # the server's pages, online


def unlock_screen(tablet, live_server) -> None:  # type: ignore[no-untyped-def]
    """Unlock without waiting for everything to be kept (here one file cannot be)."""
    tablet.goto(f"{live_server}/k/tab")
    tablet.fill("#email", "liaison@p.test")
    tablet.fill("#password", PASSWORD)
    tablet.fill("#pin", "2580")
    tablet.click("button.primary")
    tablet.wait_for_selector(".kiosk-languages")


def test_a_new_version_s_files_replace_the_kept_ones(tablet, live_server, xlsform, media_kiosk, db):
    unlock(tablet, live_server)
    tablet.wait_for_function("() => document.documentElement.dataset.offlineMedia === 'kept'")
    before = set(tablet.evaluate(KEPT))
    # The worker keeps only this site's media addresses, whatever a page hands it.
    tricks = [
        "/media/../k/tab/exit",
        "/k/tab",
        "/media/00/x.png",
        "http://example.com/media/" + "0" * 32 + "/x.png",
    ]
    tablet.evaluate(
        """tricks => new Promise(done => {
            navigator.serviceWorker.addEventListener('message', e => done(e.data), {once: true});
            const listed = document.querySelector('script[data-media]').dataset.media.split(' ');
            const media = [...listed, ...tricks];
            navigator.serviceWorker.controller.postMessage({keep: [], token: 'tab', media: media});
        })""",
        tricks,
    )
    assert set(tablet.evaluate(KEPT)) == before
    import_survey(db, offline_media_form(xlsform, version="2"), attachments={**FILES, "cow.png": png(6, 6)})
    db.commit()
    tablet.goto(f"{live_server}/k/tab")
    tablet.wait_for_function("() => document.documentElement.dataset.offlineMedia === 'kept'")
    after = set(tablet.evaluate(KEPT))
    assert len(after) == len(FILES)
    gone = before - after
    assert [url.rsplit("/", 1)[1] for url in gone] == ["cow.png"]
    assert [url.rsplit("/", 1)[1] for url in after - before] == ["cow.png"]
    offline(tablet, True)
    tablet.goto(f"{live_server}/k/tab")
    choose(tablet, "en")
    drawn(tablet, "section.page:not([hidden]) img.media-image")
    assert tablet.locator("section.page:not([hidden]) img.media-image").evaluate("i => i.naturalWidth") == 6
    offline(tablet, False)
