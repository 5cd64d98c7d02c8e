"""When the database is away nothing a person sent is lost, and nothing waits long.

Real databases: another connection holds a write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: LOCK
TABLE) while an app with a short lock timeout serves the request; and a PostgreSQL "server" that
accepts the connection but never answers stands for a database that has gone away.
"""

from __future__ import annotations

import re
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from werkzeug.datastructures import MultiDict

from surveyapp import create_app
from surveyapp.models import KioskSession, Response

from .fixtures.staff import unlock
from .public.respondent import Respondent

HIDDEN = re.compile(r'<input type="hidden" name="([^"]*)" value="([^"]*)">')


@contextmanager
def write_lock(database_url: str) -> Iterator[None]:
    """Another connection holds the responses table until the block ends."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            connection.rollback()
            connection.close()
        return
    with psycopg.connect(
        url.set(drivername="postgresql").render_as_string(hide_password=False)
    ) as connection:
        connection.execute("LOCK TABLE responses, answers IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            connection.rollback()


@pytest.fixture
def impatient_app(database_url):  # type: ignore[no-untyped-def]
    """The app on the test database, waiting at most 200 ms for a lock."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "TEXT_MAX_LENGTH": 500,
            "DATABASE_LOCK_TIMEOUT_MS": 200,
        }
    )
    yield app
    app.extensions["db_engine"].dispose()
    app.extensions["db_health_engine"].dispose()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers: a database host that has gone away."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def fields_of(page: str) -> list[tuple[str, str]]:
    return [(name, unescape(value)) for name, value in HIDDEN.findall(page)]


def test_a_survey_page_posted_while_the_database_is_locked_keeps_every_answer(
    impatient_app, small_survey, db, database_url
):
    person = Respondent(impatient_app.test_client())
    person.open("?lang=es")
    person.post({"consent": "OK"})
    assert "/p/1" in person.form_action()
    typed = {
        "age": "34",
        "children": "no",
        "barriers": ["transportation", "other"],
        "barriers_other": 'no bus after 6 <pm> & "weekends"',
    }
    with write_lock(database_url):
        reply = person.post(typed)
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "5"
    page = reply.get_data(as_text=True)
    assert '<html lang="es"' in page
    kept = fields_of(page)
    for name, value in (
        ("q_age", "34"),
        ("q_children", "no"),
        ("q_barriers", "transportation"),
        ("q_barriers", "other"),
        ("q_barriers_other", typed["barriers_other"]),
    ):
        assert (name, value) in kept
    assert "<pm>" not in page  # escaped, not markup
    action = re.search(r'<form method="post" action="([^"]+)"', page)[1]
    assert action == person.form_action()

    again = person.client.post(action, data=MultiDict(kept))  # "Try again", the lock gone
    assert again.status_code == 302
    stored = db.scalars(select(Response)).one().answer_map()
    assert stored["age"] == "34"
    assert stored["barriers"] == "transportation other"
    assert stored["barriers_other"] == typed["barriers_other"]


def test_a_kiosk_outbox_post_gets_503_with_retry_after_and_is_stored_on_the_resend(
    impatient_app, kiosk_channel, db, database_url
):  # noqa: F811
    tablet = impatient_app.test_client()
    assert unlock(tablet).status_code == 302
    body = {
        "kiosk": db.scalar(select(KioskSession.id)),
        "id": str(uuid.uuid4()),
        "lang": "es",
        "answers": {"consent": "OK", "children": "yes"},
    }
    with write_lock(database_url):
        reply = tablet.post("/k/kt/responses", json=body)
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "5"
    assert reply.json["status"] == "unavailable"
    assert tablet.post("/k/kt/responses", json=body).status_code == 201
    assert len(db.scalars(select(Response)).all()) == 1


def _unreachable_app(port: int):  # type: ignore[no-untyped-def]
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_CONNECT_TIMEOUT": 1,
            "DATABASE_URL": f"postgresql+psycopg://nobody@127.0.0.1:{port}/none",
        }
    )


def _in_a_thread(call):  # type: ignore[no-untyped-def]
    """Run a request in a thread; a request that never ends is a failure, not a hung suite."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(reply=call()), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the request is still waiting for the database"
    return result["reply"]


def test_healthz_answers_503_when_the_database_host_stops_answering(silent_server):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": f"postgresql+psycopg://nobody@127.0.0.1:{silent_server}/none",
        }
    )
    reply = _in_a_thread(lambda: app.test_client().get("/healthz"))
    assert reply.status_code == 503
    assert reply.json["database"] == "unreachable"


def test_pages_get_a_503_page_when_the_database_host_stops_answering(silent_server):
    app = _unreachable_app(silent_server)
    client = app.test_client()
    page = _in_a_thread(lambda: client.get("/s/anything", headers={"Accept-Language": "es"}))
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert '<html lang="es"' in page.get_data(as_text=True)
    posted = _in_a_thread(lambda: client.post("/s/anything/p/0", data={"q_hardest": "the bus"}))
    assert posted.status_code == 503
    assert ("q_hardest", "the bus") in fields_of(posted.get_data(as_text=True))
    api = _in_a_thread(lambda: client.post("/k/anything/responses", json={"id": "x"}))
    assert api.status_code == 503
    assert api.json["retry_after"] == 5


def test_the_sqlite_busy_timeout_is_the_configured_one(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "DATABASE_LOCK_TIMEOUT_MS": 250,
        }
    )
    with app.extensions["db_engine"].connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 250
    with app.extensions["db_health_engine"].connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1000
    app.extensions["db_engine"].dispose()
    app.extensions["db_health_engine"].dispose()
