"""Staff fixtures: the demo (partners, channels, the four demo accounts) and signing in as a person would."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from surveyapp.services.demo import load_demo

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
