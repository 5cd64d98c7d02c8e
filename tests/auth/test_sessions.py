"""Sessions end on the server: a copy of the cookie taken before logout (or a password change, a
deactivation, "sign out everywhere") opens nothing afterwards, on whichever app node it is sent to."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from surveyapp.models import Partner, StaffSession, User

from ..fixtures.staff import PASSWORD, csrf_of


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding the same cookie (as stolen from the first)."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def _tries_to_add_a_partner(client: FlaskClient, slug: str) -> int:
    page = client.get("/admin/partners/new")
    if page.status_code != 200:
        return page.status_code
    return client.post(
        "/admin/partners/new",
        data={"csrf_token": csrf_of(page), "name": slug, "slug": slug, "kind": "cbo", "languages": "en"},
    ).status_code


def test_a_cookie_copied_before_logout_opens_nothing_after_it(app, demo, sign_in):
    admin = sign_in("admin@demo.test")
    copy = _copy(app, admin)
    assert copy.get("/admin/").status_code == 200
    page = admin.get("/admin/")
    admin.post("/logout", data={"csrf_token": csrf_of(page)})
    answer = copy.get("/admin/")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/login?next=")
    assert _tries_to_add_a_partner(copy, "stolen") == 302
    assert demo.scalar(select(Partner).where(Partner.slug == "stolen")) is None
    assert demo.scalar(select(StaffSession.revoked_at)) is not None


def test_another_app_node_refuses_the_revoked_cookie_too(app, database_url, demo, sign_in):
    from surveyapp import create_app

    other_node = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret"})
    try:
        admin = sign_in("admin@demo.test")
        copy = _copy(other_node, admin)
        assert copy.get("/admin/").status_code == 200
        admin.post("/logout", data={"csrf_token": csrf_of(admin.get("/admin/"))})
        assert copy.get("/admin/").status_code == 302
    finally:
        other_node.extensions["db_engine"].dispose()


def test_deactivation_ends_the_persons_sessions_at_once(app, demo, sign_in):
    analyst = sign_in("analyst@demo.test")
    assert analyst.get("/team/").status_code == 200
    admin = sign_in("admin@demo.test")
    user_id = demo.scalar(select(User.id).where(User.email == "analyst@demo.test"))
    page = admin.get(f"/admin/users/{user_id}")
    admin.post(f"/admin/users/{user_id}/active", data={"csrf_token": csrf_of(page), "active": "0"})
    assert analyst.get("/team/").status_code == 302


def test_sign_out_everywhere_ends_every_session_of_the_person(app, demo, sign_in):
    laptop = sign_in("admin@demo.test")
    phone = sign_in("admin@demo.test")
    other_person = sign_in("analyst@demo.test")
    page = phone.get("/account")
    assert page.get_data(as_text=True).count("<tr><td>") == 2  # both sessions are listed
    answer = phone.post("/account/sign-out-everywhere", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 303
    assert laptop.get("/admin/").status_code == 302
    assert phone.get("/admin/").status_code == 302
    assert other_person.get("/team/").status_code == 200


def test_changing_ones_password_signs_out_the_other_sessions_and_keeps_this_one(app, demo, sign_in):
    laptop = sign_in("admin@demo.test")
    phone = sign_in("admin@demo.test")
    page = laptop.get("/account/password")
    answer = laptop.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page),
            "current": PASSWORD,
            "new": "lantern orbit meadow 42",
            "confirm": "lantern orbit meadow 42",
        },
    )
    assert answer.status_code == 302
    assert laptop.get("/admin/").status_code == 200
    assert phone.get("/admin/").status_code == 302
    assert sign_in("admin@demo.test", "lantern orbit meadow 42").get("/admin/").status_code == 200


def test_a_cookie_with_an_unknown_session_id_is_not_signed_in(app, demo, sign_in):
    admin = sign_in("admin@demo.test")
    with admin.session_transaction() as cookie:
        cookie["staff_sid"] = "made-up"
    assert admin.get("/admin/").status_code == 302
