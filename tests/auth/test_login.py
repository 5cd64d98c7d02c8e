"""Signing in and out: argon2 hashes, a rate limit on guessing, no open redirect, an audit trail."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.models import AuditEvent, User

from ..fixtures.staff import PASSWORD, csrf_of


def _login(client, email, password=PASSWORD, next_url=""):  # type: ignore[no-untyped-def]
    page = client.get("/login" + next_url)
    return client.post(
        "/login" + next_url, data={"csrf_token": csrf_of(page), "email": email, "password": password}
    )


def test_passwords_are_stored_as_argon2_hashes(demo):
    user = demo.scalar(select(User).where(User.email == "admin@demo.test"))
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_admin_signs_in_lands_on_administration_and_signs_out(client, demo):
    answer = _login(client, "Admin@Demo.test ")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/admin/"
    assert "Expires=" in answer.headers["Set-Cookie"]  # the session ends (SESSION_LIFETIME_SECONDS)
    assert client.get("/admin/").status_code == 200
    page = client.get("/admin/")
    out = client.post("/logout", data={"csrf_token": csrf_of(page)})
    assert out.status_code == 302
    assert client.get("/admin/").status_code == 302
    actions = [e.action for e in demo.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["login.success", "logout"]


def test_liaison_lands_on_their_partner_view(client, demo):
    answer = _login(client, "liaison@demo.test")
    assert answer.headers["Location"] == "/p/"
    assert client.get("/p/").headers["Location"] == "/p/demo-partner/"


def test_wrong_password_is_refused_with_a_reason_and_logged(client, demo):
    answer = _login(client, "admin@demo.test", "wrong-password")
    assert answer.status_code == 401
    assert "do not match an active account" in answer.get_data(as_text=True)
    event = demo.scalar(select(AuditEvent).where(AuditEvent.action == "login.failure"))
    assert event is not None
    assert event.actor == "admin@demo.test"


def test_guessing_is_throttled_even_with_the_right_password_afterwards(client, demo):
    for _ in range(5):
        assert _login(client, "analyst@demo.test", "guess-guess").status_code == 401
    answer = _login(client, "analyst@demo.test")
    assert answer.status_code == 429
    assert "Please wait 1 minute and" in answer.get_data(as_text=True)
    # Another account from elsewhere is not locked out by these failures.
    assert _login(client.application.test_client(), "admin@demo.test").status_code == 302


def test_next_goes_only_to_a_path_on_this_site(client, demo):
    assert (
        _login(client, "admin@demo.test", next_url="?next=/admin/audit").headers["Location"] == "/admin/audit"
    )
    other = client.application.test_client()
    answer = _login(other, "admin@demo.test", next_url="?next=//evil.example/x")
    assert answer.headers["Location"] == "/admin/"


def test_a_login_post_without_csrf_token_is_refused(client, demo):
    answer = client.post("/login", data={"email": "admin@demo.test", "password": PASSWORD})
    assert answer.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_an_inactive_account_cannot_sign_in(client, demo):
    user = demo.scalar(select(User).where(User.email == "facilitator@demo.test"))
    user.is_active = False
    demo.commit()
    assert _login(client, "facilitator@demo.test").status_code == 401


def test_staff_pages_escape_what_the_public_and_staff_typed(demo, sign_in):
    admin = sign_in("admin@demo.test")
    page = admin.get("/admin/partners/new")
    admin.post(
        "/admin/partners/new",
        data={
            "csrf_token": csrf_of(page),
            "name": "<script>x()</script>",
            "slug": "xss",
            "kind": "cbo",
            "languages": "en",
        },
    )
    html = admin.get("/admin/").get_data(as_text=True)
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_next_with_a_line_break_or_backslash_goes_home_instead_of_failing(client, demo):
    for target in (
        "/admin/%0d%0aSet-Cookie:x=1",
        "/admin/%0aLocation:%20//evil",
        "/\\evil.example",
        "/admin/%09",
    ):
        other = client.application.test_client()
        answer = _login(other, "admin@demo.test", next_url=f"?next={target}")
        assert answer.status_code == 302, target
        assert answer.headers["Location"] == "/admin/"


def test_behind_a_configured_proxy_the_forwarded_address_is_the_clients(app, database_url, demo):
    from surveyapp import create_app

    proxied = create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TRUSTED_PROXIES": 1}
    )
    try:
        client = proxied.test_client()
        headers = {"X-Forwarded-For": "203.0.113.9"}
        page = client.get("/login", headers=headers)
        client.post(
            "/login",
            headers=headers,
            data={"csrf_token": csrf_of(page), "email": "admin@demo.test", "password": "nope"},
        )
        # Without a configured proxy, the same header is ignored (nobody picks their own address).
        _login(app.test_client(), "analyst@demo.test", "nope")
    finally:
        proxied.extensions["db_engine"].dispose()
    demo.expire_all()
    ips = {
        e.actor: e.ip for e in demo.scalars(select(AuditEvent).where(AuditEvent.action == "login.failure"))
    }
    assert ips == {"admin@demo.test": "203.0.113.9", "analyst@demo.test": "127.0.0.1"}
