"""Staff fixtures: the demo (partners, channels, the four demo accounts) and signing in as a person would."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from surveyapp.services.demo import load_demo
from surveyapp.services.surveys import import_survey
from surveyapp.services.users import create_user

PASSWORD = "demo-password-for-tests"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_of(page: TestResponse) -> str:
    match = CSRF.search(page.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match[1]


def csrf_token(client: FlaskClient) -> str:
    """A valid token for this client's session, from a page any visitor can open."""
    return csrf_of(client.get("/r"))


@pytest.fixture
def demo(db: Session) -> Session:
    load_demo(db, PASSWORD)
    db.commit()
    return db


@pytest.fixture
def sign_in(app) -> Callable[..., FlaskClient]:  # type: ignore[no-untyped-def]
    """A new browser signed in as the given account."""

    def make(email: str, password: str = PASSWORD) -> FlaskClient:
        client = app.test_client()
        page = client.get("/login")
        result = client.post("/login", data={"csrf_token": csrf_of(page), "email": email,
                                             "password": password})
        assert result.status_code == 302, result.get_data(as_text=True)
        return client

    return make


PIN = "4826"


@pytest.fixture
def kiosk_channel(db, small_form, channel_for):  # type: ignore[no-untyped-def]
    survey = import_survey(db, small_form).survey
    db.commit()
    channel = channel_for(survey.id, token="kt", mode="kiosk", languages=["es", "ar", "en"])
    create_user(db, "liaison@p.test", "liaison", PASSWORD, partner_slug="p")
    create_user(db, "other@q.test", "analyst", PASSWORD)
    db.commit()
    return channel


def unlock(client, email="liaison@p.test", password=PASSWORD, pin=PIN):  # type: ignore[no-untyped-def]
    page = client.get("/k/kt")
    return client.post("/k/kt/unlock", data={"csrf_token": csrf_of(page), "email": email,
                                             "password": password, "pin": pin})


@pytest.fixture
def tablet(client, kiosk_channel):  # type: ignore[no-untyped-def]
    assert unlock(client).status_code == 302
    return client
