"""TOTP two-factor sign-in: enrolment with a QR code and the key as text, the code after the password,
recovery codes used once, and REQUIRE_2FA making admins and analysts enrol before anything else."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent, User

from ..fixtures.staff import PASSWORD, csrf_of


def _enrol(client):  # type: ignore[no-untyped-def]
    page = client.get("/account/two-factor")
    html = page.get_data(as_text=True)
    assert "<svg" in html
    secret = re.search(r"<code>([A-Z2-7]+)</code>", html)[1]  # type: ignore[index]
    done = client.post(
        "/account/two-factor", data={"csrf_token": csrf_of(page), "code": pyotp.TOTP(secret).now()}
    )
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def _password_step(client, email="admin@demo.test"):  # type: ignore[no-untyped-def]
    page = client.get("/login")
    return client.post("/login", data={"csrf_token": csrf_of(page), "email": email, "password": PASSWORD})


def _code_step(client, code):  # type: ignore[no-untyped-def]
    page = client.get("/login/code")
    return client.post("/login/code", data={"csrf_token": csrf_of(page), "code": code})


def test_enrolment_needs_a_right_code(demo, sign_in):
    admin = sign_in("admin@demo.test")
    page = admin.get("/account/two-factor")
    wrong = admin.post("/account/two-factor", data={"csrf_token": csrf_of(page), "code": "000000"})
    assert wrong.status_code == 422
    assert "does not match" in wrong.get_data(as_text=True)
    demo.expire_all()
    assert demo.scalar(select(User.totp_secret).where(User.email == "admin@demo.test")) is None


def test_after_enrolment_sign_in_asks_for_the_code(app, demo, sign_in):
    secret, _codes = _enrol(sign_in("admin@demo.test"))
    client = app.test_client()
    answer = _password_step(client)
    assert answer.headers["Location"] == "/login/code"
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing
    assert _code_step(client, "123456").status_code == 401
    code = pyotp.TOTP(secret).now()
    assert _code_step(client, code).headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # The same code cannot be used again (seen over a shoulder).
    other = app.test_client()
    _password_step(other)
    assert _code_step(other, code).status_code == 401


def test_a_recovery_code_works_once(app, demo, sign_in):
    _secret, codes = _enrol(sign_in("admin@demo.test"))
    first = app.test_client()
    _password_step(first)
    assert _code_step(first, codes[0].upper()).status_code == 302
    again = app.test_client()
    _password_step(again)
    assert _code_step(again, codes[0]).status_code == 401
    assert demo.scalar(select(AuditEvent).where(AuditEvent.action == "login.code_failure"))


def test_code_guessing_is_throttled(app, demo, sign_in):
    _enrol(sign_in("admin@demo.test"))
    client = app.test_client()
    _password_step(client)
    codes = [_code_step(client, f"{n:06d}").status_code for n in range(7)]
    assert codes[:5] == [401] * 5
    assert codes[-1] == 429


def test_require_2fa_makes_admins_and_analysts_enrol_first(
    app, demo, sign_in, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "REQUIRE_2FA", True)
    analyst = sign_in("analyst@demo.test")
    assert analyst.get("/team/").headers["Location"] == "/account/two-factor"
    assert "needs two-factor sign-in" in analyst.get("/account/two-factor").get_data(as_text=True)
    liaison = sign_in("liaison@demo.test")
    assert liaison.get("/p/").status_code == 302
    assert liaison.get("/p/").headers["Location"] != "/account/two-factor"
    _enrol(analyst)
    assert analyst.get("/team/").status_code == 200
    # Where it is required, it cannot be turned off.
    page = analyst.get("/account/two-factor")
    assert "Turn two-factor sign-in off" not in page.get_data(as_text=True)


def test_an_admin_turns_it_off_for_a_lost_phone(app, demo, sign_in):
    analyst = sign_in("analyst@demo.test")
    _enrol(analyst)
    admin = sign_in("admin@demo.test")
    user_id = demo.scalar(select(User.id).where(User.email == "analyst@demo.test"))
    page = admin.get(f"/admin/users/{user_id}")
    admin.post(f"/admin/users/{user_id}/reset-two-factor", data={"csrf_token": csrf_of(page)})
    assert analyst.get("/team/").status_code == 302
    assert sign_in("analyst@demo.test").get("/team/").status_code == 200
