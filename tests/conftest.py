"""Fixtures: the real database (SQLite by default, PostgreSQL with TEST_DATABASE_URL), the app,
its client, and factories that build XLSForms and surveys as a survey author would.

The schema is made by the Alembic migrations, as in production. Views commit, and browser tests
read through a live server, so isolation empties every table after each test instead of rolling back;
a state that is slow to build (the demo, an imported form) is built once and copied in
(tests/fixtures/snapshots.py).
Fixtures every directory shares live in tests/fixtures/ and are registered here.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from surveyapp import create_app
from surveyapp.cli import upgrade_database
from surveyapp.config import test_database_url
from surveyapp.models import Channel, Partner

from .fixtures.snapshots import Snapshots, empty
from .fixtures.workbooks import write_xlsform

pytest_plugins = [
    "tests.fixtures.corpus",
    "tests.fixtures.no_db",
    "tests.fixtures.odk_validate",
    "tests.fixtures.staff",
    "tests.fixtures.team",
]


def _reset_postgres(url: str) -> None:
    """An empty schema. Commits do not wait for the WAL to reach the disk (synchronous_commit off):
    a throwaway database needs no crash safety, and each commit is then no slower than on SQLite."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
        name = connection.execute(text("SELECT current_database()")).scalar_one()
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """PostgreSQL's TEST_DATABASE_URL, or a new SQLite file: in memory-backed /dev/shm where there is
    one, since every test commits (and empties the tables after) and a disk syncs each commit."""
    url = test_database_url()
    folder = None
    if url:
        _reset_postgres(url)
    else:
        shm = Path("/dev/shm")
        folder = Path(tempfile.mkdtemp(prefix="surveyapp-test-", dir=shm)) if shm.is_dir() else None
        url = f"sqlite:///{(folder or tmp_path_factory.mktemp('db')) / 'test.sqlite3'}"
    upgrade_database(url)
    yield url
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "TEXT_MAX_LENGTH": 500,
            "DEMO_PASSWORD": "demo-password-for-tests",
        }
    )
    from .fixtures import no_db  # a plugin (pytest_plugins): imported once pytest has loaded it

    no_db.watch(database_url)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def snapshots(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshots]:
    kept = Snapshots(app.extensions["db_engine"], tmp_path_factory.mktemp("snapshots"))
    yield kept
    kept.drop()


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    from .fixtures import no_db

    yield
    if request.node.get_closest_marker(no_db.MARK):
        no_db.check(request)  # it sent no SQL: there is nothing to empty
        return
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    empty(app.extensions["db_engine"])


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session of its own, outside any app context, so that each request gets a fresh `g`."""
    session = app.extensions["db_sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def xlsform(tmp_path: Path) -> Callable[..., Path]:
    """Write an XLSForm from rows, as an author would in a spreadsheet (tests/fixtures/workbooks.py)."""

    def make(
        survey: list[dict[str, str]],
        choices: list[dict[str, str]] | None = None,
        settings: dict[str, str] | None = None,
        name: str = "form.xlsx",
    ) -> Path:
        return write_xlsform(tmp_path / name, survey, choices, settings)

    return make


@pytest.fixture
def small_form(xlsform: Callable[..., Path]) -> Path:
    """A three-page form with every question type, skip logic and a constraint, in en/es/ar."""
    return xlsform(
        survey=[
            {
                "type": "begin group",
                "name": "start",
                "label::en": "Welcome",
                "label::es": "Bienvenida",
                "label::ar": "مرحبا",
            },
            {
                "type": "acknowledge",
                "name": "consent",
                "label::en": "I agree",
                "label::es": "Acepto",
                "label::ar": "أوافق",
                "required": "yes",
            },
            {"type": "end group"},
            {
                "type": "begin group",
                "name": "about",
                "label::en": "About you",
                "label::es": "Sobre usted",
                "relevant": "${consent} = 'OK'",
            },
            {
                "type": "select_multiple barriers",
                "name": "barriers",
                "label::en": "Barriers",
                "label::es": "Barreras",
                "label::ar": "العوائق",
            },
            {
                "type": "text",
                "name": "barriers_other",
                "label::en": "Other barrier",
                "relevant": "selected(${barriers}, 'other')",
            },
            {
                "type": "integer",
                "name": "age",
                "label::en": "Age",
                "label::es": "Edad",
                "constraint": ". >= 16 and . <= 110",
                "constraint_message::en": "Enter an age from 16 to 110",
                "constraint_message::es": "Escriba una edad de 16 a 110",
            },
            {
                "type": "select_one yn",
                "name": "children",
                "label::en": "Children?",
                "label::es": "¿Hijos?",
                "required": "yes",
            },
            {"type": "end group"},
            {
                "type": "begin group",
                "name": "words",
                "label::en": "In your words",
                "relevant": "${consent} = 'OK'",
            },
            {
                "type": "text",
                "name": "hardest",
                "label::en": "What is hardest?",
                "label::es": "¿Qué es lo más difícil?",
                "label::ar": "ما الأصعب؟",
                "instance::analysis": "themes",
            },
            {"type": "date", "name": "since", "label::en": "Since when?"},
            {"type": "decimal", "name": "hours", "label::en": "Hours"},
            {"type": "end group"},
        ],
        choices=[
            {
                "list_name": "barriers",
                "name": "transportation",
                "label::en": "Transportation",
                "label::es": "Transporte",
                "label::ar": "المواصلات",
            },
            {
                "list_name": "barriers",
                "name": "childcare",
                "label::en": "Childcare",
                "label::es": "Cuidado de niños",
            },
            {
                "list_name": "barriers",
                "name": "other",
                "label::en": "Other",
                "label::es": "Otro",
                "label::ar": "أخرى",
            },
            {"list_name": "yn", "name": "yes", "label::en": "Yes", "label::es": "Sí", "label::ar": "نعم"},
            {"list_name": "yn", "name": "no", "label::en": "No", "label::es": "No", "label::ar": "لا"},
        ],
        settings={
            "form_title": "Barriers",
            "form_title::Español (es)": "Barreras",
            "form_id": "small",
            "version": "2026010101",
        },
    )


@pytest.fixture
def channel_for(db: Session) -> Callable[..., Channel]:
    """Factory: a partner's channel to an imported survey."""

    def make(survey_id: int, token: str = "t1", **fields: object) -> Channel:
        partner = db.query(Partner).filter_by(slug="p").one_or_none()
        if partner is None:
            partner = Partner(slug="p", name="Partner", kind="cbo", languages=["en"])
            db.add(partner)
            db.flush()
        channel = Channel(token=token, name=token, survey_id=survey_id, partner_id=partner.id, **fields)
        db.add(channel)
        db.commit()
        return channel

    return make


@pytest.fixture
def small_survey(
    request: pytest.FixtureRequest, db: Session, snapshots: Snapshots, channel_for: Callable[..., Channel]
) -> Channel:
    """The small form imported, reachable at /s/t1: a copy of the session's first import of it
    (tests/fixtures/snapshots.py), on a database with nothing else."""
    from surveyapp.services.surveys import import_survey

    def build() -> int:
        result = import_survey(db, request.getfixturevalue("small_form"))
        db.commit()
        return channel_for(result.survey.id).id

    db.commit()  # what fixtures before this one added is there, as when the form was imported on top
    channel = db.get(Channel, snapshots.state("small_survey", build))
    assert channel is not None
    return channel
