"""Admin pages: partners with targets, channels with their rules, accounts, XLSForm upload, audit log."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from surveyapp.models import AuditEvent, Channel, Partner, Survey, User

from ..fixtures.staff import csrf_of


def _post(client, path, data, **kwargs):  # type: ignore[no-untyped-def]
    page = client.get(path)
    return client.post(path, data={"csrf_token": csrf_of(page), **data}, **kwargs)


def test_admin_adds_a_partner_with_languages_and_a_target(demo, sign_in):
    admin = sign_in("admin@demo.test")
    survey = demo.scalar(select(Survey).where(Survey.slug == "barriers"))
    answer = _post(
        admin,
        "/admin/partners/new",
        {
            "name": "Northside Library",
            "slug": "northside-library",
            "kind": "library",
            "languages": "en, so ar",
            f"target-{survey.id}": "40",
        },
    )
    assert answer.status_code == 302
    partner = demo.scalar(select(Partner).where(Partner.slug == "northside-library"))
    assert partner.languages == ["en", "so", "ar"]
    assert partner.kind == "library"
    assert partner.target_for(survey.id) == 40


def test_bad_partner_input_is_answered_next_to_each_field(demo, sign_in):
    admin = sign_in("admin@demo.test")
    survey = demo.scalar(select(Survey).where(Survey.slug == "barriers"))
    answer = _post(
        admin,
        "/admin/partners/new",
        {
            "name": "",
            "slug": "Bad Slug",
            "kind": "tampered",
            "languages": "english!",
            f"target-{survey.id}": "-3",
        },
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    for message in (
        "Please enter a name.",
        "Use lowercase letters",
        "Please choose one of the listed",
        "Not a language code: english!",
        "Enter a whole number",
    ):
        assert message in html
    assert demo.scalar(select(func.count()).select_from(Partner)) == 4


def test_admin_adds_a_kiosk_channel_and_its_rules_hold(demo, sign_in):
    admin = sign_in("admin@demo.test")
    survey = demo.scalar(select(Survey).where(Survey.slug == "barriers"))
    ours = demo.scalar(select(Partner).where(Partner.slug == "demo-partner"))
    other = demo.scalar(select(Partner).where(Partner.slug == "st-marks"))
    liaison = demo.scalar(select(User).where(User.email == "liaison@demo.test"))
    fields = {
        "name": "Library tablet",
        "token": "",
        "survey_id": survey.id,
        "partner_id": other.id,
        "liaison_id": liaison.id,
        "mode": "kiosk",
        "place": "Main hall",
        "languages": "so ar",
        "default_language": "",
        "is_open": "y",
        "expires_on": "",
        "idle_seconds": "90",
    }
    # A liaison of another organization (a tampered id) cannot be attached: nothing stored.
    refused = _post(admin, "/admin/channels/new", fields)
    assert refused.status_code == 422
    assert "must belong to the channel&#39;s partner" in refused.get_data(as_text=True)
    assert demo.scalar(select(Channel).where(Channel.name == "Library tablet")) is None
    # A language the survey does not have is refused too.
    refused = _post(admin, "/admin/channels/new", {**fields, "partner_id": ours.id, "languages": "de"})
    assert "not translated into de" in refused.get_data(as_text=True)
    saved = _post(admin, "/admin/channels/new", {**fields, "partner_id": ours.id})
    assert saved.status_code == 302
    channel = demo.scalar(select(Channel).where(Channel.name == "Library tablet"))
    assert channel.mode == "kiosk"
    assert channel.languages == ["so", "ar"]
    assert channel.idle_seconds == 90
    assert len(channel.token) >= 12
    assert channel.liaison_id == liaison.id
    taken = _post(admin, "/admin/channels/new", {**fields, "partner_id": ours.id, "token": "demo"})
    assert "used by another channel" in taken.get_data(as_text=True)


def test_admin_closes_a_channel_and_its_link_says_so(demo, sign_in, client):
    admin = sign_in("admin@demo.test")
    channel = demo.scalar(select(Channel).where(Channel.token == "college-esl"))
    page = admin.get(f"/admin/channels/{channel.id}")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_of(page),
        "name": channel.name,
        "token": channel.token,
        "survey_id": channel.survey_id,
        "partner_id": channel.partner_id,
        "liaison_id": 0,
        "mode": "link",
        "place": "",
        "languages": "",
        "default_language": "",
        "expires_on": "",
        "idle_seconds": "120",
    }  # is_open unchecked
    assert admin.post(f"/admin/channels/{channel.id}", data=data).status_code == 302
    assert client.get("/s/college-esl").status_code == 410


def test_admin_creates_an_account_with_a_generated_password_shown_once(demo, sign_in):
    admin = sign_in("admin@demo.test")
    partner = demo.scalar(select(Partner).where(Partner.slug == "st-marks"))
    answer = _post(
        admin,
        "/admin/users/new",
        {
            "email": "new.liaison@example.org",
            "name": "",
            "role": "liaison",
            "partner_id": partner.id,
            "password": "",
        },
    )
    assert answer.status_code == 200
    assert "Generated password" in answer.get_data(as_text=True)
    user = demo.scalar(select(User).where(User.email == "new.liaison@example.org"))
    assert user.role == "liaison"
    assert user.partner_id == partner.id
    no_org = _post(
        admin,
        "/admin/users/new",
        {"email": "x@example.org", "name": "", "role": "liaison", "partner_id": 0, "password": ""},
    )
    assert no_org.status_code == 422
    assert "belongs to a partner organization" in no_org.get_data(as_text=True)
    assert demo.scalar(select(AuditEvent).where(AuditEvent.action == "user.create")) is not None


def test_xlsform_upload_imports_or_reports_problems_by_row(demo, sign_in, xlsform, small_form):
    admin = sign_in("admin@demo.test")
    page = admin.get("/admin/")
    ok = admin.post(
        "/admin/surveys/upload",
        data={"csrf_token": csrf_of(page), "file": (io.BytesIO(small_form.read_bytes()), "small.xlsx")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 200
    assert "and published it" in ok.get_data(as_text=True)
    assert demo.scalar(select(Survey).where(Survey.slug == "small")) is not None
    broken = xlsform(
        survey=[{"type": "integer", "name": "age", "label::en": "Age", "constraint": ". >= ${nope}"}],
        name="broken.xlsx",
    )
    bad = admin.post(
        "/admin/surveys/upload",
        data={"csrf_token": csrf_of(page), "file": (io.BytesIO(broken.read_bytes()), "broken.xlsx")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert "<td>survey</td><td>2</td><td>constraint</td>" in bad.get_data(as_text=True)
    assert "nope" in bad.get_data(as_text=True)
    not_excel = admin.post(
        "/admin/surveys/upload",
        data={"csrf_token": csrf_of(page), "file": (io.BytesIO(b"hello"), "notes.txt")},
        content_type="multipart/form-data",
    )
    assert not_excel.status_code == 422
    assert ".xlsx" in not_excel.get_data(as_text=True)


def test_audit_log_shows_sign_ins(demo, sign_in):
    admin = sign_in("admin@demo.test")
    html = admin.get("/admin/audit").get_data(as_text=True)
    assert "login.success" in html
    assert "admin@demo.test" in html
