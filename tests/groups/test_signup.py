"""Focus-group sign-up as a person does it: in their language, with what they need to come, a
calendar file and a private link; full, past and duplicate sign-ups and bad input answered clearly."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.models import FocusGroup, Signup, utcnow
from surveyapp.services.groups import purge

from ..fixtures.staff import csrf_of

PERSON = {
    "name": "Hodan",
    "contact_method": "text",
    "phone": "+1 (612) 555-0142",
    "email": "",
    "language": "so",
    "children": "2",
    "children_ages": "3, 6",
    "needs_transportation": "y",
    "interpretation": "so",
    "accessibility": "",
    "dietary": "halal",
    "consent_contact": "y",
}


def sign_up(client, token="fg1", lang="so", **changes):  # type: ignore[no-untyped-def]
    page = client.get(f"/g/{token}?lang={lang}")
    return client.post(f"/g/{token}", data={"csrf_token": csrf_of(page), **PERSON, **changes})


def test_sign_up_in_somali_then_calendar_change_and_cancel(client, group, db):
    page = client.get("/g/fg1?lang=so")
    html = page.get_data(as_text=True)
    assert '<html lang="so"' in html
    assert "Gaarista tababarka" in html
    assert 'selected value="so"' in html  # the language they chose is the one they prefer
    done = sign_up(client)
    assert done.status_code == 303
    link = done.headers["Location"]
    assert re.fullmatch(r"/g/fg1/m/[\w-]{20,}", link)
    confirmation = client.get(link)
    assert confirmation.headers["Cache-Control"] == "no-store"
    assert confirmation.headers["Referrer-Policy"] == "no-referrer"
    signup = db.scalars(select(Signup)).one()
    assert signup.status == "confirmed"
    assert signup.children == 2
    assert signup.needs_transportation
    assert signup.contact_key == "tel:+16125550142"
    assert signup.language == "so"
    assert signup.manage_hash not in link  # only the hash of the private link is stored
    calendar = client.get(link + "/event.ics")
    assert calendar.mimetype == "text/calendar"
    text = calendar.get_data(as_text=True)
    assert "BEGIN:VEVENT" in text
    assert "SUMMARY:Gaarista tababarka" in text
    assert "\r\n" in text
    assert f"DTSTART:{group.starts_at.strftime('%Y%m%dT%H%M%SZ')}" in text
    changed = client.post(
        link + "/change",
        data={
            "csrf_token": csrf_of(client.get(link + "/change")),
            **PERSON,
            "children": "0",
            "needs_transportation": "",
        },
    )
    assert changed.status_code == 303
    db.refresh(signup)
    assert signup.children == 0
    assert not signup.needs_transportation
    asked = client.get(link + "/cancel")
    assert "Cancel your sign-up?" not in asked.get_data(as_text=True)  # in Somali, as signed up
    client.post(link + "/cancel", data={"csrf_token": csrf_of(asked), "confirm": "yes"})
    db.refresh(signup)
    assert signup.status == "cancelled"


def test_when_full_the_next_person_waits_and_moves_up_when_a_seat_frees(app, group, db):
    first = sign_up(app.test_client(), phone="612 555 0101")
    sign_up(app.test_client(), phone="612 555 0102")
    third_client = app.test_client()
    third = sign_up(third_client, phone="612 555 0103")
    assert "waiting list" in third_client.get(third.headers["Location"] + "?lang=en").get_data(as_text=True)
    statuses = [s.status for s in db.scalars(select(Signup).order_by(Signup.id))]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    first_client = app.test_client()
    page = first_client.get(first.headers["Location"] + "/cancel")
    first_client.post(
        first.headers["Location"] + "/cancel", data={"csrf_token": csrf_of(page), "confirm": "yes"}
    )
    db.expire_all()
    statuses = [s.status for s in db.scalars(select(Signup).order_by(Signup.id))]
    assert statuses == ["cancelled", "confirmed", "confirmed"]


def test_the_same_person_twice_is_told_so_and_stored_once(client, group, db):
    sign_up(client)
    again = sign_up(client, phone="+16125550142", name="H.")
    assert again.status_code == 422
    assert "Horay ayaad isu diiwaangelisay" in again.get_data(as_text=True)  # in Somali, as chosen
    assert db.scalar(select(func.count()).select_from(Signup)) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "call me"}, "Please enter a phone number"),
        ({"contact_method": "email", "email": "not-an-email"}, "Please enter an email address"),
        ({"name": ""}, "Please tell us what to call you."),
        ({"contact_method": "pigeon"}, "Please choose one of the listed options."),
        ({"interpretation": "xx"}, "Please choose one of the listed options."),
        ({"children": "40"}, "from 0 to 20"),
        ({"dietary": "x" * 501}, "Please keep this shorter."),
        ({"consent_contact": ""}, "We need your permission"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_the_rest_is_kept(client, group, db, changes, message):
    answer = sign_up(client, lang="en", **changes)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert message in html
    assert 'value="Hodan"' in html or changes.get("name") == ""
    assert db.scalar(select(func.count()).select_from(Signup)) == 0


def test_past_closed_and_unknown_sessions_and_tampered_links(client, group, db):
    assert client.get("/g/nope").status_code == 404
    done = sign_up(client)
    assert client.get(done.headers["Location"][:-3] + "abc").status_code == 404
    group.is_open = False
    db.commit()
    closed = client.get("/g/fg1?lang=en")
    assert closed.status_code == 410
    assert "closed" in closed.get_data(as_text=True)
    group.is_open = True
    group.starts_at = utcnow() - timedelta(hours=1)
    db.commit()
    past = client.get("/g/fg1?lang=en")
    assert past.status_code == 410
    assert "already taken place" in past.get_data(as_text=True)


def test_a_post_without_csrf_token_stores_nothing(client, group, db):
    answer = client.post("/g/fg1", data=PERSON)
    assert answer.status_code == 400
    assert db.scalar(select(func.count()).select_from(Signup)) == 0


def test_a_person_deletes_their_details(client, group, db):
    done = sign_up(client)
    page = client.get(done.headers["Location"] + "/cancel?delete=yes")
    asked = client.post(
        done.headers["Location"] + "/cancel", data={"csrf_token": csrf_of(page), "delete": "yes"}
    )
    html = asked.get_data(as_text=True)
    assert '<input type="hidden" name="delete" value="yes">' in html  # asked first, in Somali
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert db.scalar(select(func.count()).select_from(Signup)) == 1  # one tap deletes nothing
    gone = client.post(
        done.headers["Location"] + "/cancel",
        data={"csrf_token": csrf_of(page), "delete": "yes", "confirm": "yes"},
    )
    assert gone.status_code == 200
    assert db.scalar(select(func.count()).select_from(Signup)) == 0
    assert client.get(done.headers["Location"]).status_code == 404


def test_purge_removes_contact_details_after_the_session(client, group, db):
    sign_up(client)
    assert purge(db, days=30, now=group.ends_at + timedelta(days=29)) == 0
    assert purge(db, days=30, now=group.ends_at + timedelta(days=31)) == 1
    db.commit()
    assert db.scalar(select(func.count()).select_from(Signup)) == 0


def test_survey_answers_are_linked_only_when_the_person_asks(client, group, db):
    sign_up(client, link_answers="y")
    assert db.scalars(select(Signup)).one().response_id is None  # no survey completed in this browser


def test_the_survey_thanks_page_invites_and_linking_needs_the_tick(client, db, small_survey):
    from surveyapp.models import Channel, Response

    from ..public.respondent import Respondent
    from ..public.test_take_survey import complete_small_survey

    channel = db.get(Channel, small_survey.id)
    start = utcnow() + timedelta(days=3)
    db.add(
        FocusGroup(
            token="fg2",
            title={"en": "Talk with us"},
            languages=["en", "es"],
            host_partner_id=channel.partner_id,
            capacity=5,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
    )
    db.commit()
    person = Respondent(client)
    complete_small_survey(person)
    assert "Talk with us" in person.text()
    assert "/g/fg2" in person.text()
    sign_up(client, token="fg2", lang="en", language="en", interpretation="")
    assert db.scalars(select(Signup)).one().response_id is None
    other = client.application.test_client()
    complete_small_survey(Respondent(other))
    sign_up(
        other,
        token="fg2",
        lang="en",
        language="en",
        interpretation="",
        phone="612 555 0199",
        link_answers="y",
    )
    linked = db.scalar(select(Signup).where(Signup.response_id.is_not(None)))
    assert linked is not None
    assert db.get(Response, linked.response_id).status == "complete"


def test_intake_purge_command(app, client, group, db):
    sign_up(client)
    runner = app.test_cli_runner()
    kept = runner.invoke(args=["intake", "purge"])
    assert kept.exit_code == 0
    assert "deleted 0 sign-ups" in kept.output
    group.starts_at = utcnow() - timedelta(days=40)
    group.ends_at = utcnow() - timedelta(days=40)
    db.commit()
    purged = runner.invoke(args=["intake", "purge", "--days", "30"])
    assert "deleted 1 sign-ups" in purged.output
    assert db.scalar(select(func.count()).select_from(Signup)) == 0


def test_a_liaison_signing_someone_up_is_recorded(app, group, db):
    from surveyapp.services.users import create_user

    from ..fixtures.staff import PASSWORD

    liaison = create_user(db, "desk@p.test", "liaison", PASSWORD, partner_slug="p")
    db.commit()
    client = app.test_client()
    page = client.get("/login")
    client.post("/login", data={"csrf_token": csrf_of(page), "email": "desk@p.test", "password": PASSWORD})
    sign_up(client, contact_method="partner", phone="")
    signup = db.scalars(select(Signup)).one()
    assert signup.entered_by_id == liaison.id
    assert signup.contact_method == "partner"
