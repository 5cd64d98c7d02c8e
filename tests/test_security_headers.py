"""Every page carries the security headers; pages that may hold personal data are never cached."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp import create_app
from surveyapp.models import FocusGroup
from surveyapp.security import CONTENT_SECURITY_POLICY

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def assert_headers(reply) -> None:  # type: ignore[no-untyped-def]
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    for name, value in REQUIRED.items():
        assert reply.headers.get(name) == value, name
    policy = reply.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_public_survey_page(client, demo):  # noqa: F811
    assert_headers(client.get("/s/demo"))


def test_kiosk_page(client, demo):  # noqa: F811
    assert_headers(client.get("/k/demo-kiosk"))


def test_staff_dashboard(demo, sign_in):  # noqa: F811
    assert_headers(sign_in("analyst@demo.test").get("/team/"))


def test_roster_page_with_contact_details(demo, sign_in):  # noqa: F811
    group = demo.scalar(select(FocusGroup))
    facilitator = sign_in("facilitator@demo.test")
    assert_headers(facilitator.get(f"/team/groups/{group.id}/roster"))
    export = facilitator.get(f"/team/groups/{group.id}/roster.csv")
    assert export.headers["Cache-Control"] == "no-store"


def test_error_pages_carry_the_headers_too(client):
    reply = client.get("/no/such/page")
    assert reply.status_code == 404
    assert reply.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert reply.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    reply = client.get("/static/app.css")
    assert reply.status_code == 200
    assert "no-store" not in reply.headers.get("Cache-Control", "")
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    reply.close()


@pytest.mark.parametrize(("env", "expected"), [("production", True), ("development", False)])
def test_hsts_only_in_production(database_url, env, expected):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "ENV": env,
            "SECRET_KEY": "a-long-random-value-for-tests",
        }
    )
    reply = app.test_client().get("/healthz")
    assert ("Strict-Transport-Security" in reply.headers) is expected
    if expected:
        assert reply.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    app.extensions["db_engine"].dispose()
    app.extensions["db_health_engine"].dispose()
