"""A session's place, transit and parking notes in each offered language, like its title: the
sign-up page, the confirmation page, the calendar file and the roster give them in the reader's
language, or in the session's first language where that one has none; the staff form keeps every
language's text and explains one too long to store."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import FocusGroup, Partner, Signup

from ..fixtures.staff import csrf_of
from .test_signup import sign_up

PLACE = {
    "address": {"en": "Room 2, Central Library", "so": "Qolka 2, Maktabadda Dhexe"},
    "transit_notes": {"en": "Bus 4 stops at the door.", "so": "Baska 4 wuxuu istaagaa albaabka."},
    "parking_notes": {"en": "Free parking behind."},
}


def _place(db, group) -> None:  # type: ignore[no-untyped-def]
    for name, texts in PLACE.items():
        setattr(group, name, texts)
    db.commit()


def test_sign_up_confirmation_and_calendar_give_the_place_in_the_readers_language(client, group, db):
    _place(db, group)
    somali = client.get("/g/fg1?lang=so").get_data(as_text=True)
    assert "Qolka 2, Maktabadda Dhexe" in somali
    assert "Baska 4 wuxuu istaagaa albaabka." in somali
    assert "Free parking behind." in somali  # no Somali parking note: the first language's
    assert "Room 2, Central Library" not in somali
    assert "Bus 4 stops" not in somali
    arabic = client.get("/g/fg1?lang=ar").get_data(as_text=True)  # offered, nothing written in it
    assert "Room 2, Central Library" in arabic
    assert "Bus 4 stops at the door." in arabic

    done = sign_up(client, lang="so")
    assert done.status_code == 303
    confirmation = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Qolka 2, Maktabadda Dhexe" in confirmation
    assert "Baska 4 wuxuu istaagaa albaabka." in confirmation
    calendar = client.get(done.headers["Location"] + "/event.ics").get_data(as_text=True)
    unfolded = calendar.replace("\r\n ", "")
    assert "LOCATION:Qolka 2\\, Maktabadda Dhexe\r\n" in unfolded
    assert "Baska 4 wuxuu istaagaa albaabka." in unfolded
    assert "Free parking behind." in unfolded
    assert "Room 2" not in unfolded


def test_an_online_session_has_no_place_in_its_calendar_file(client, group, db):
    _place(db, group)
    group.is_remote = True
    db.commit()
    page = client.get("/g/fg1?lang=so").get_data(as_text=True)
    assert "Qolka 2" not in page
    assert "Baska 4" not in page
    done = sign_up(client, lang="so")
    calendar = client.get(done.headers["Location"] + "/event.ics").get_data(as_text=True)
    assert "LOCATION:\r\n" in calendar
    assert "Baska 4" not in calendar.replace("\r\n ", "")


def test_the_roster_gives_the_place_in_the_staff_members_language(group, db, sign_in, demo):
    _place(db, group)
    db.add(
        Signup(
            group_id=group.id,
            manage_hash="h" * 64,
            name="Hodan",
            contact_method="partner",
            contact_key="name:hodan",
            language="so",
        )
    )
    db.commit()
    admin = sign_in("admin@demo.test")
    english = admin.get(f"/team/groups/{group.id}/roster?lang=en").get_data(as_text=True)
    assert "Room 2, Central Library" in english
    assert "Bus 4 stops at the door." in english
    assert "Free parking behind." in english
    somali = admin.get(f"/team/groups/{group.id}/roster?lang=so").get_data(as_text=True)
    assert "Qolka 2, Maktabadda Dhexe" in somali
    assert "Baska 4 wuxuu istaagaa albaabka." in somali


def _form(page, host: Partner, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "csrf_token": csrf_of(page),
        "title-en": "Rides to class",
        "date": "2031-03-04",
        "starts": "17:30",
        "ends": "19:00",
        "timezone": "UTC",
        "host_partner_id": host.id,
        "languages": ["en", "so"],
        "capacity": "10",
        "facilitator_id": 0,
        "scribe_id": 0,
        **changes,
    }


def test_the_staff_form_keeps_each_languages_place_and_explains_one_too_long(demo, sign_in, db):
    facilitator = sign_in("admin@demo.test")
    page = facilitator.get("/team/groups/new")
    host = db.scalar(select(Partner).where(Partner.slug == "st-marks"))
    too_long = "Baska " * 60  # 360 characters: an address holds 300
    answer = facilitator.post(
        "/team/groups/new", data=_form(page, host, **{"address-en": "Parish hall", "address-so": too_long})
    )
    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert 'id="address-so-error"' in body
    assert "Use at most 300 characters." in body
    assert too_long.strip() in body  # kept on the page to shorten, not cut
    assert 'value="Parish hall"' in body
    assert db.scalar(select(FocusGroup).where(FocusGroup.title["en"].as_string() == "Rides to class")) is None

    saved = facilitator.post(
        "/team/groups/new",
        data=_form(
            page,
            host,
            **{
                "address-en": "Parish hall",
                "address-so": "Hoolka kaniisadda",
                "parking_notes-so": "  Baarkin bilaash ah.  ",
            },
        ),
    )
    assert saved.status_code == 303
    group = db.scalar(select(FocusGroup).where(FocusGroup.title["en"].as_string() == "Rides to class"))
    assert group.address == {"en": "Parish hall", "so": "Hoolka kaniisadda"}
    assert group.parking_notes == {"so": "Baarkin bilaash ah."}
    assert group.transit_notes == {}
    edit = facilitator.get(f"/team/groups/{group.id}/edit").get_data(as_text=True)
    assert 'value="Hoolka kaniisadda"' in edit
    assert 'value="Baarkin bilaash ah."' in edit
