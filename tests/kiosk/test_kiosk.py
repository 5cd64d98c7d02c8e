"""Kiosk mode: a liaison unlocks a shared tablet; each person starts fresh, idle answers are discarded,
nothing is cached, the tablet reaches nothing but its survey, and only the PIN or a login ends it."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from surveyapp.models import AuditEvent, Channel, KioskSession, Response, Survey, utcnow
from surveyapp.services import kiosk as kiosk_service

from ..fixtures.staff import PASSWORD, PIN, csrf_of, unlock
from ..public.respondent import Respondent


def answer_first_page(client) -> Respondent:  # type: ignore[no-untyped-def]
    person = Respondent(client, token="kt", prefix="/k")
    person.open("/p?lang=es")
    person.post({"consent": "OK"})
    return person


def test_locked_kiosk_shows_the_unlock_form_and_survey_pages_send_back_to_it(client, kiosk_channel):
    page = client.get("/k/kt")
    assert page.status_code == 200
    assert "Start kiosk mode" in page.get_data(as_text=True)
    assert client.get("/k/kt/p/0").headers["Location"] == "/k/kt"
    assert client.get("/k/nope").status_code == 404
    # The kiosk channel is not a public link.
    assert client.get("/s/kt").status_code == 404


def test_only_a_liaison_of_the_partner_or_an_admin_unlocks(client, kiosk_channel, db):
    refused = unlock(client, email="other@q.test")
    assert refused.status_code == 422
    assert "Only a liaison of Partner or an administrator" in refused.get_data(as_text=True)
    wrong = unlock(client, password="not-the-password")
    assert wrong.status_code == 422
    assert "do not match" in wrong.get_data(as_text=True)
    short_pin = unlock(client, pin="12")
    assert "Use 4 to 8 digits." in short_pin.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(KioskSession)) == 0


def test_start_screen_offers_each_language_in_its_own_script(tablet):
    html = tablet.get("/k/kt").get_data(as_text=True)
    assert (
        'href="/k/kt/p?lang=es" data-offline="/k/kt/offline?lang=es" lang="es" dir="ltr" '
        'hreflang="es">Español</a>'
    ) in html
    assert 'lang="ar" dir="rtl" hreflang="ar">العربية</a>' in html
    assert tablet.get("/k/kt").headers["Cache-Control"] == "no-store"


def test_a_person_completes_the_survey_then_the_tablet_is_fresh_for_the_next(tablet, db):
    person = answer_first_page(tablet)
    person.post({"barriers": ["childcare"], "age": "40", "children": "no"})
    person.post({"hardest": "No tengo quien cuide a mis hijos"})
    assert "/k/kt/review" in person.page.request.path
    person.submit()
    html = person.text()
    assert "Gracias" in html  # in the language the person chose
    assert 'http-equiv="refresh" content="10;url=/k/kt"' in html
    assert person.page.headers["Cache-Control"] == "no-store"
    response = db.scalars(select(Response)).one()
    assert response.status == "complete"
    assert response.channel.token == "kt"
    # The back button: the previous person's pages are gone.
    assert tablet.get("/k/kt/review").headers["Location"] == "/k/kt/p"
    again = tablet.get("/k/kt/p/1")
    assert again.status_code == 302
    # The next person starts in no language of the previous one and with a new response.
    nxt = Respondent(tablet, token="kt", prefix="/k")
    assert 'lang="en"' in nxt.open("/p").get_data(as_text=True)[:80]


def test_start_over_discards_the_answers_on_the_server(tablet, db):
    person = answer_first_page(tablet)
    assert db.scalar(select(func.count()).select_from(Response)) == 1
    page = tablet.get("/k/kt/p/1")
    reset = tablet.post("/k/kt/reset", data={"csrf_token": csrf_of(page)})
    assert reset.status_code == 303
    assert reset.headers["Location"] == "/k/kt"
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    assert person.client.get("/k/kt/p/1").status_code == 302


def test_idle_answers_are_discarded_on_the_next_request_and_from_the_start_screen(tablet, db):
    answer_first_page(tablet)
    response = db.scalars(select(Response)).one()
    response.updated_at = utcnow() - timedelta(seconds=121)
    db.commit()
    assert tablet.get("/k/kt/p/1").headers["Location"] == "/k/kt"
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    # An abandoned response of another tablet of the same channel goes when a start screen shows.
    answer_first_page(tablet)
    stale = db.scalars(select(Response)).one()
    stale.updated_at = utcnow() - timedelta(seconds=500)
    db.commit()
    tablet.application.test_client()  # another browser
    tablet.get("/k/kt")
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_kiosk_pages_carry_the_idle_timer_and_warning(tablet, kiosk_channel, db):
    kiosk_channel.idle_seconds = 90
    db.merge(kiosk_channel)
    db.commit()
    html = tablet.get("/k/kt/p?lang=en").get_data(as_text=True)
    assert 'data-idle="90" data-warn="30"' in html
    assert 'src="/static/kiosk.js"' in html
    assert '<dialog id="kiosk-idle"' in html
    assert "Save and continue later" not in html


def test_the_tablet_reaches_nothing_but_its_survey(tablet):
    for path in ("/admin/", "/p/", "/s/demo", "/login", "/r", "/account"):
        answer = tablet.get(path)
        assert answer.status_code == 302, path
        assert answer.headers["Location"] == "/k/kt", path
    assert tablet.get("/healthz").status_code in (200, 503)


def test_leaving_needs_the_pin_and_wrong_pins_are_limited(tablet, db):
    page = tablet.get("/k/kt/exit")
    token = csrf_of(page)
    for _ in range(5):
        wrong = tablet.post("/k/kt/exit", data={"csrf_token": token, "pin": "0000"})
        assert wrong.status_code == 401
    assert "Too many wrong PINs" in wrong.get_data(as_text=True)
    # Even the right PIN no longer works; a staff login does.
    blocked = tablet.post("/k/kt/exit", data={"csrf_token": token, "pin": PIN})
    assert blocked.status_code == 401
    assert tablet.get("/admin/").headers["Location"] == "/k/kt"
    out = tablet.post(
        "/k/kt/exit", data={"csrf_token": token, "email": "liaison@p.test", "password": PASSWORD}
    )
    assert out.status_code == 302
    assert out.headers["Location"] == "/login"
    assert tablet.get("/k/kt/p").headers["Location"] == "/k/kt"
    assert tablet.get("/login").status_code == 200
    actions = {e.action for e in db.scalars(select(AuditEvent))}
    assert {"kiosk.unlock", "kiosk.wrong_pin", "kiosk.end"} <= actions


def test_the_right_pin_ends_kiosk_mode(tablet, db):
    answer_first_page(tablet)
    page = tablet.get("/k/kt/exit")
    out = tablet.post("/k/kt/exit", data={"csrf_token": csrf_of(page), "pin": PIN})
    assert out.status_code == 302
    assert db.scalar(select(KioskSession.ended_at)) is not None
    assert db.scalar(select(func.count()).select_from(Response)) == 0  # the unfinished one is gone
    empty = tablet.post("/k/kt/exit", data={"csrf_token": csrf_of(page)})
    assert empty.status_code == 302  # no kiosk session any more: back to the (locked) start screen


def test_a_closed_kiosk_channel_says_so(tablet, kiosk_channel, db):
    kiosk_channel.is_open = False
    db.merge(kiosk_channel)
    db.commit()
    assert tablet.get("/k/kt").status_code == 410


def test_a_tablet_whose_kiosk_session_ended_elsewhere_is_free_again(tablet, db):
    from surveyapp.models import KioskSession

    kiosk = db.scalars(select(KioskSession)).one()
    kiosk.ended_at = utcnow()
    db.commit()
    assert tablet.get("/login").status_code == 200
    assert tablet.get("/k/kt/p").headers["Location"] == "/k/kt"


def test_the_tablet_cannot_open_another_kiosk(tablet, kiosk_channel, channel_for, db):
    channel_for(kiosk_channel.survey_id, token="kt2", mode="kiosk")
    answer = tablet.get("/k/kt2")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/k/kt"


def test_password_guessing_through_the_kiosk_forms_is_throttled_too(client, kiosk_channel, db):
    for _ in range(5):
        assert unlock(client, password="guess-guess-guess").status_code == 422
    refused = unlock(client)  # the right password, after five wrong ones
    assert "Too many failed attempts. Please wait 1 minute and try again." in refused.get_data(as_text=True)
    failures = db.scalars(select(AuditEvent).where(AuditEvent.action == "login.failure")).all()
    assert len(failures) == 5


def test_a_person_signs_up_for_a_focus_group_on_the_tablet(tablet, kiosk_channel, db):
    from datetime import timedelta

    from surveyapp.models import FocusGroup, Signup

    start = utcnow() + timedelta(days=5)
    db.add(
        FocusGroup(
            token="fgk",
            title={"en": "Talk with us", "es": "Hable con nosotros"},
            languages=["en", "es"],
            host_partner_id=kiosk_channel.partner_id,
            capacity=5,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
    )
    db.commit()
    offline = tablet.get("/k/kt/offline?lang=es").get_data(as_text=True)
    assert 'href="/k/kt/g/fgk?lang=es"' in offline  # the done screen invites, on the tablet
    page = tablet.get("/k/kt/g/fgk?lang=es")
    assert "Hable con nosotros" in page.get_data(as_text=True)
    done = tablet.post(
        "/k/kt/g/fgk?lang=es",
        data={
            "csrf_token": csrf_of(page),
            "name": "Rosa",
            "contact_method": "phone",
            "phone": "612 555 0188",
            "language": "es",
            "children": "1",
            "interpretation": "",
            "consent_contact": "y",
        },
    )
    html = done.get_data(as_text=True)
    assert done.status_code == 200
    assert "/g/fgk/m/" not in html  # no private link left on a shared screen
    assert 'http-equiv="refresh" content="15;url=/k/kt"' in html
    assert db.scalars(select(Signup)).one().name == "Rosa"
    assert tablet.get("/g/fgk").headers["Location"] == "/k/kt"  # the public page stays out of reach


def test_a_tablet_offers_only_its_own_partners_sessions(tablet, db):
    from datetime import timedelta

    from surveyapp.models import FocusGroup, Partner

    other = Partner(slug="other", name="Other", kind="cbo", languages=["en"])
    db.add(other)
    db.flush()
    start = utcnow() + timedelta(days=5)
    db.add(
        FocusGroup(
            token="elsewhere",
            title={"en": "Elsewhere"},
            languages=["en"],
            host_partner_id=other.id,
            capacity=5,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
    )
    db.commit()
    assert tablet.get("/k/kt/g/elsewhere").status_code == 404


def heartbeat(client, page):  # type: ignore[no-untyped-def]
    """What the kiosk page's script sends while someone types, scrolls or taps."""
    return client.post("/k/kt/touch", headers={"X-CSRFToken": csrf_of(page)})


def test_a_person_still_typing_past_the_idle_time_keeps_their_answers(tablet, db):
    with time_machine.travel(utcnow(), tick=False) as clock:
        person = answer_first_page(tablet)
        page = person.page
        # Five minutes on one page (idle time: 120 s), typing all along: the screen says so.
        for _ in range(3):
            clock.shift(100)
            beat = heartbeat(tablet, page)
            assert beat.status_code == 200
            assert beat.get_json() == {"touched": True}
        clock.shift(100)
        person.post({"barriers": ["childcare"], "age": "40", "children": "no"})
        assert person.page.request.path == "/k/kt/p/2"
    response = db.scalars(select(Response)).one()
    assert response.answer_map() == {"consent": "OK", "barriers": "childcare", "age": "40", "children": "no"}


def test_what_nobody_touched_for_the_idle_time_is_discarded_and_never_comes_back(tablet, db):
    with time_machine.travel(utcnow(), tick=False) as clock:
        person = answer_first_page(tablet)
        page = person.page
        clock.shift(100)
        assert heartbeat(tablet, page).get_json() == {"touched": True}
        clock.shift(121)
        assert tablet.get("/k/kt/p/1").headers["Location"] == "/k/kt"
        assert db.scalar(select(func.count()).select_from(Response)) == 0
        # The old page's heartbeat touches nothing and brings nothing back.
        assert heartbeat(tablet, page).get_json() == {"touched": False}
        assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_an_idle_response_is_not_revived_by_a_late_heartbeat(tablet, db):
    with time_machine.travel(utcnow(), tick=False) as clock:
        person = answer_first_page(tablet)
        clock.shift(121)
        kiosk = db.scalars(select(KioskSession)).one()
        response = db.scalars(select(Response)).one()
        assert kiosk_service.touch(db, kiosk, response.id) is False
        db.commit()
        db.expire_all()
        assert db.scalar(select(Response.updated_at)) == response.updated_at  # not touched
        # And the next request of the tablet discards it.
        assert person.client.get("/k/kt/p/1").headers["Location"] == "/k/kt"
        assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_a_heartbeat_never_touches_a_complete_response_or_another_channels(
    tablet, kiosk_channel, channel_for, db
):
    person = answer_first_page(tablet)
    person.post({"barriers": ["childcare"], "age": "40", "children": "no"})
    person.post({"hardest": "No tengo quien cuide a mis hijos"})
    person.submit()
    complete = db.scalars(select(Response)).one()
    assert complete.status == "complete"
    other = channel_for(kiosk_channel.survey_id, token="kt2", mode="kiosk")
    db.add(
        Response(
            id="5b0c3f0e-8a4e-4c55-9a55-3d1f4a2b9c10",
            survey_id=other.survey_id,
            version_id=complete.version_id,
            channel_id=other.id,
            language="en",
        )
    )
    db.commit()
    kiosk = db.scalars(select(KioskSession)).one()
    before = {r.id: r.updated_at for r in db.scalars(select(Response))}
    with time_machine.travel(utcnow() + timedelta(seconds=60), tick=False):
        for response_id in before:
            assert kiosk_service.touch(db, kiosk, response_id) is False
        db.commit()
    db.expire_all()
    assert {r.id: r.updated_at for r in db.scalars(select(Response))} == before


def test_the_heartbeat_needs_the_pages_csrf_token_and_an_unlocked_kiosk(tablet, client, db):
    refused = tablet.post("/k/kt/touch")
    assert refused.status_code == 400
    assert "CSRF" in refused.get_json()["reason"]
    stranger = client.application.test_client()
    locked = stranger.post("/k/kt/touch", headers={"X-CSRFToken": csrf_of(stranger.get("/k/kt"))})
    assert locked.status_code == 403
    assert locked.get_json()["status"] == "refused"


def test_heartbeats_and_idle_discards_at_once_never_keep_a_touched_response_gone(
    tablet, kiosk_channel, app, db
):
    """Each tablet's heartbeat against another tablet's start screen sweeping idle responses, on
    their own connections: a response is touched and kept, or discarded and not touched."""
    version_id = db.get(Survey, kiosk_channel.survey_id).current_version_id
    now = utcnow()
    # Fewer than the engine's pool holds, so that every thread has its connection at the barrier.
    ids = [str(uuid.uuid4()) for _ in range(8)]
    for response_id in ids:
        db.add(
            Response(
                id=response_id,
                survey_id=kiosk_channel.survey_id,
                version_id=version_id,
                channel_id=kiosk_channel.id,
                language="en",
                updated_at=now - timedelta(seconds=100),
            )
        )
    db.commit()
    kiosk_id = db.scalar(select(KioskSession.id))
    maker = app.extensions["db_sessionmaker"]
    barrier = threading.Barrier(len(ids) + 1, timeout=60)
    touched: dict[str, bool] = {}

    def beat(response_id: str) -> None:
        with maker() as session:
            kiosk = session.get(KioskSession, kiosk_id)
            barrier.wait()
            touched[response_id] = kiosk_service.touch(session, kiosk, response_id, now)
            session.commit()

    def sweep() -> None:
        with maker() as session:
            channel = session.get(Channel, kiosk_channel.id)
            barrier.wait()
            # Thirty seconds later by this tablet's clock: every untouched response is idle.
            kiosk_service.discard_idle(session, channel, now + timedelta(seconds=30))
            session.commit()

    threads = [threading.Thread(target=beat, args=(i,)) for i in ids] + [threading.Thread(target=sweep)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.expire_all()
    kept = set(db.scalars(select(Response.id)))
    assert {i for i, ok in touched.items() if ok} == kept


REFRESH = '<noscript><meta http-equiv="refresh" content="120;url=/k/kt"></noscript>'


def test_every_kiosk_page_goes_back_to_the_start_at_idle_without_javascript_and_is_never_stored(tablet, db):
    pages = {
        "start": tablet.get("/k/kt"),
        "exit": tablet.get("/k/kt/exit"),
        "offline": tablet.get("/k/kt/offline?lang=es"),
    }
    person = answer_first_page(tablet)
    pages["page 1"] = person.page
    person.post({"barriers": ["childcare"], "age": "40", "children": "no"})
    pages["page 2"] = person.page
    person.post({"hardest": "No tengo quien cuide a mis hijos"})
    pages["review"] = person.page
    person.submit()
    pages["thanks"] = person.page
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert REFRESH in page.get_data(as_text=True), name
        assert page.headers["Cache-Control"] == "no-store", name
    # Redirects too, and what the tablet is sent back from.
    for path in ("/k/kt/p/9", "/k/kt/review", "/admin/", "/s/demo"):
        answer = tablet.get(path)
        assert answer.status_code == 302, path
        assert answer.headers["Cache-Control"] == "no-store", path
    # The kiosk's forms are never refilled by the browser (form restoration, autofill).
    assert 'novalidate autocomplete="off">' in pages["page 1"].get_data(as_text=True)
    assert '<form id="whole" novalidate autocomplete="off">' in pages["offline"].get_data(as_text=True)


def test_the_start_screen_forgets_the_person_on_the_server(tablet, db):
    person = answer_first_page(tablet)
    assert db.scalar(select(func.count()).select_from(Response)) == 1
    assert tablet.get("/k/kt").status_code == 200  # what the idle refresh opens
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    assert person.client.get("/k/kt/p/1").headers["Location"] == "/k/kt/p"


def test_public_pages_keep_their_autocomplete_and_no_kiosk_refresh(client, small_survey):
    page = client.get("/s/t1")
    assert 'autocomplete="off"' not in page.get_data(as_text=True)
    assert "http-equiv" not in page.get_data(as_text=True)


def test_the_exit_page_is_in_the_liaisons_language_not_the_last_respondents(client, kiosk_channel):
    """Unlocked in Spanish; the last person answered in Arabic: the exit page and every message on it,
    the wrong PIN and a PIN too long for its field, are in Spanish."""
    page = client.get("/k/kt?lang=es")
    assert (
        client.post(
            "/k/kt/unlock",
            data={"csrf_token": csrf_of(page), "email": "liaison@p.test", "password": PASSWORD, "pin": PIN},
        ).status_code
        == 302
    )
    person = Respondent(client, token="kt", prefix="/k")
    person.open("/p?lang=ar")
    assert '<html lang="ar"' in person.text()
    exit_page = client.get("/k/kt/exit")
    html = exit_page.get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in html
    assert "Salir del modo quiosco" in html
    wrong = client.post("/k/kt/exit", data={"csrf_token": csrf_of(exit_page), "pin": "0000"})
    assert "No coincide. Inténtelo de nuevo." in wrong.get_data(as_text=True)
    long = client.post("/k/kt/exit", data={"csrf_token": csrf_of(exit_page), "pin": "123456789"})
    assert "Use como máximo 8 caracteres." in long.get_data(as_text=True)
    assert "Field cannot be longer" not in long.get_data(as_text=True)
    # The next person's pages are still in their own language.
    assert '<html lang="ar"' in person.open("/p").get_data(as_text=True)
