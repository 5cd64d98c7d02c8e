"""Facilitators' pages: the roster with its needs summary, check-in, exports safe for spreadsheets,
the scribe's notes; only admins and the session's own facilitator see names, and every view is logged."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent, FocusGroup, GroupNote, Partner, Signup, User
from surveyapp.services.groups import SignupData, sign_up
from surveyapp.services.users import create_user

from ..fixtures.staff import PASSWORD, csrf_of


@pytest.fixture
def roster(demo, db):  # type: ignore[no-untyped-def]
    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    people = [
        SignupData(
            name='=HYPERLINK("http://x")',
            contact_method="text",
            phone="612 555 0101",
            language="so",
            children=2,
            children_ages="3, 5",
            interpretation="so",
            consent_contact=True,
        ),
        SignupData(
            name="Ana",
            contact_method="email",
            email="ana@example.org",
            language="es",
            children=1,
            needs_transportation=True,
            dietary="vegetarian",
            consent_contact=True,
        ),
        SignupData(
            name="Karim",
            contact_method="partner",
            language="ar",
            interpretation="ar",
            needs_transportation=True,
            consent_contact=True,
        ),
    ]
    for person in people:
        sign_up(db, group, person)
    db.commit()
    return group


def test_the_sessions_facilitator_sees_the_roster_and_what_people_need(roster, sign_in, db):
    facilitator = sign_in("facilitator@demo.test")
    assert facilitator.get("/team/groups/").status_code == 200
    html = facilitator.get(f"/team/groups/{roster.id}/roster").get_data(as_text=True)
    assert "<dt>Childcare</dt><dd>2 people, 3 children</dd>" in html
    assert "<dt>A ride</dt><dd>2 people</dd>" in html
    assert "<dt>An interpreter for Soomaali</dt><dd>1 person</dd>" in html
    assert "<dt>An interpreter for العربية</dt><dd>1 person</dd>" in html
    assert "<dt>Dietary needs</dt><dd>1 person</dd>" in html
    assert "Accessibility needs" not in html  # nobody has one: left out, not "0 have"
    assert '<span class="need">Dietary:</span> vegetarian' in html
    assert '<span dir="ltr">(612) 555-0101</span>' in html
    assert "ana@example.org" in html
    assert "Karim" in html
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "view.personal"))
    assert event.actor == "facilitator@demo.test"
    assert event.target == f"focus_group:{roster.id}"


def test_nobody_else_sees_the_roster(roster, sign_in, db):
    create_user(db, "other.facilitator@demo.test", "facilitator", PASSWORD)
    host = db.scalar(select(Partner).where(Partner.slug == "demo-partner"))
    create_user(db, "host.liaison@demo.test", "liaison", PASSWORD, partner_slug=host.slug)
    create_user(db, "other.liaison@demo.test", "liaison", PASSWORD, partner_slug="st-marks")
    db.commit()
    for email in (
        "other.facilitator@demo.test",
        "host.liaison@demo.test",
        "other.liaison@demo.test",
        "analyst@demo.test",
    ):
        client = sign_in(email)
        for path in (f"/team/groups/{roster.id}/roster", f"/team/groups/{roster.id}/roster.csv"):
            assert client.get(path).status_code == 403, (email, path)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "view.personal")) is None


def test_check_in_and_a_spreadsheet_safe_export(roster, sign_in, db):
    facilitator = sign_in("facilitator@demo.test")
    page = facilitator.get(f"/team/groups/{roster.id}/roster")
    ana = db.scalar(select(Signup).where(Signup.name == "Ana"))
    facilitator.post(f"/team/groups/{roster.id}/roster/{ana.id}/check-in", data={"csrf_token": csrf_of(page)})
    db.refresh(ana)
    assert ana.checked_in_at is not None
    exported = facilitator.get(f"/team/groups/{roster.id}/roster.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert {r["name"] for r in rows} >= {"Ana", "Karim"}
    assert next(r for r in rows if "HYPERLINK" in r["name"])["name"].startswith("'=")
    assert next(r for r in rows if r["name"] == "Ana")["checked_in"] == "yes"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "export.roster")) is not None
    xlsx = facilitator.get(f"/team/groups/{roster.id}/roster.xlsx")
    assert xlsx.data[:2] == b"PK"


def test_scribe_notes_are_kept_per_prompt_with_their_language(roster, sign_in, db):
    facilitator = sign_in("facilitator@demo.test")
    page = facilitator.get(f"/team/groups/{roster.id}/notes")
    saved = facilitator.post(
        f"/team/groups/{roster.id}/notes",
        data={
            "csrf_token": csrf_of(page),
            "prompt": "p1",
            "language": "so",
            "text": "Baska ma yimaado subaxdii hore.",
        },
    )
    assert saved.status_code == 303
    note = db.scalars(select(GroupNote)).one()
    assert note.language == "so"
    assert note.prompt_id == "p1"
    assert "Baska ma yimaado" in facilitator.get(f"/team/groups/{roster.id}/notes").get_data(as_text=True)
    tampered = facilitator.post(
        f"/team/groups/{roster.id}/notes",
        data={"csrf_token": csrf_of(page), "prompt": "p9", "language": "so", "text": "x"},
    )
    assert tampered.status_code == 422
    empty = facilitator.post(
        f"/team/groups/{roster.id}/notes",
        data={"csrf_token": csrf_of(page), "prompt": "p1", "language": "so", "text": "  "},
    )
    assert empty.status_code == 422
    assert len(db.scalars(select(GroupNote)).all()) == 1


def test_an_admin_deletes_a_person_on_request(roster, sign_in, db):
    admin = sign_in("admin@demo.test")
    page = admin.get(f"/team/groups/{roster.id}/roster")
    karim = db.scalar(select(Signup).where(Signup.name == "Karim"))
    gone = admin.post(f"/admin/signups/{karim.id}/delete", data={"csrf_token": csrf_of(page)})
    assert gone.status_code == 303
    db.expire_all()
    assert db.scalar(select(Signup).where(Signup.name == "Karim")) is None
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "signup.delete")) is not None
    assert db.scalar(select(User).where(User.email == "admin@demo.test")) is not None


def test_a_facilitator_creates_a_session_in_two_languages(demo, sign_in, db):
    facilitator = sign_in("facilitator@demo.test")
    page = facilitator.get("/team/groups/new")
    assert page.status_code == 200
    host = db.scalar(select(Partner).where(Partner.slug == "st-marks"))
    me = db.scalar(select(User).where(User.email == "facilitator@demo.test"))
    data = {
        "csrf_token": csrf_of(page),
        "title-en": "Childcare and class times",
        "title-ht": "Gadri timoun ak lè klas yo",
        "description-en": "We listen.",
        "date": "2031-03-04",
        "starts": "17:30",
        "ends": "19:00",
        "timezone": "America/New_York",
        "address-en": "Parish hall",
        "address-ht": "Sal pawas la",
        "parking_notes-ht": "Pakin dèyè a.",
        "host_partner_id": host.id,
        "languages": ["en", "ht"],
        "provided": ["childcare", "meal"],
        "capacity": "10",
        "facilitator_id": me.id,
        "scribe_id": 0,
        "prompts": "What makes class times hard?\nWhat would help?",
        "is_open": "y",
    }
    saved = facilitator.post("/team/groups/new", data=data)
    assert saved.status_code == 303
    title = FocusGroup.title["en"].as_string()
    group = db.scalar(select(FocusGroup).where(title == "Childcare and class times"))
    assert group.address == {"en": "Parish hall", "ht": "Sal pawas la"}
    assert group.parking_notes == {"ht": "Pakin dèyè a."}
    assert group.transit_notes == {}
    assert group.title == {"en": "Childcare and class times", "ht": "Gadri timoun ak lè klas yo"}
    assert group.starts_at.isoformat() == "2031-03-04T22:30:00+00:00"  # 17:30 in New York, in UTC
    assert [p["id"] for p in group.prompts] == ["p1", "p2"]
    assert group.facilitator_id == me.id
    assert "Gadri timoun" in facilitator.get(f"/g/{group.token}?lang=ht").get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "Not a time zone"),
        ({"title-en": "", "title-ht": ""}, "at least one offered language"),
        ({"ends": "16:00"}, "must end after it starts"),
        ({"languages": ["xx"]}, "Please choose one of the listed options."),
        ({"capacity": "0"}, "from 1 to 500"),
    ],
)
def test_bad_session_input_is_explained(demo, sign_in, db, change, message):
    facilitator = sign_in("facilitator@demo.test")
    page = facilitator.get("/team/groups/new")
    host = db.scalar(select(Partner).where(Partner.slug == "st-marks"))
    data = {
        "csrf_token": csrf_of(page),
        "title-en": "T",
        "date": "2031-03-04",
        "starts": "17:30",
        "ends": "19:00",
        "timezone": "UTC",
        "host_partner_id": host.id,
        "languages": ["en"],
        "capacity": "10",
        "facilitator_id": 0,
        "scribe_id": 0,
        **change,
    }
    answer = facilitator.post("/team/groups/new", data=data)
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    assert db.scalar(select(FocusGroup).where(FocusGroup.title["en"].as_string() == "T")) is None


def test_notes_export_as_documents_for_the_analysis(roster, sign_in, db, app, tmp_path):
    facilitator = sign_in("facilitator@demo.test")
    page = facilitator.get(f"/team/groups/{roster.id}/notes")
    for prompt, lang, text in (
        ("p1", "so", "Baska ma yimaado subaxdii hore."),
        ("p2", "en", "A neighbour drives three of us to class."),
    ):
        facilitator.post(
            f"/team/groups/{roster.id}/notes",
            data={"csrf_token": csrf_of(page), "prompt": prompt, "language": lang, "text": text},
        )
    out = tmp_path / "notes.csv"
    result = app.test_cli_runner().invoke(
        args=["export", "notes", "--session", "demo-group", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["lang"], r["source"], r["session"]) for r in rows] == [
        ("so", "focus_group", "demo-group"),
        ("en", "focus_group", "demo-group"),
    ]
    assert rows[1]["prompt_text"] == "What has helped you or people you know?"
    unknown = app.test_cli_runner().invoke(args=["export", "notes", "--session", "nope"])
    assert unknown.exit_code != 0
    assert "no focus-group session 'nope'" in unknown.output


def test_a_sign_up_poster_with_an_invitation_in_each_language(roster, sign_in):
    facilitator = sign_in("facilitator@demo.test")
    html = facilitator.get(f"/team/groups/{roster.id}/poster").get_data(as_text=True)
    assert "<svg" in html
    assert "http://localhost/g/demo-group" in html
    assert html.count("<li lang=") == 4  # en, es, ar, so
    assert '<li lang="ar" dir="rtl">' in html
    png = facilitator.get(f"/team/groups/{roster.id}/qr.png")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_roster_where_nobody_needs_anything_says_so(demo, db, sign_in):
    """Not "0 need childcare for 0 children": needs nobody has are left out."""
    group = db.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    sign_up(
        db,
        group,
        SignupData(
            name="Ana", contact_method="email", email="ana@example.org", language="es", consent_contact=True
        ),
    )
    db.commit()
    html = sign_in("facilitator@demo.test").get(f"/team/groups/{group.id}/roster").get_data(as_text=True)
    assert "Nobody who is coming has asked for childcare, a ride, an interpreter or other help." in html
    assert "0 people" not in html
    assert "<dt>" not in html
