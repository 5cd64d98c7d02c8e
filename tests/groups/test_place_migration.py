"""The migration that writes a session's place, transit and parking notes per language: the text a
session had becomes its first offered language's, and a downgrade gives it back; on a database of
its own (SQLite, or a scratch PostgreSQL database beside the test one)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from surveyapp.cli import alembic_config
from surveyapp.config import test_database_url as configured_database

BEFORE, AFTER = "d4f1a2b3c5e6", "e5b8d2c4f6a9"
NOW = "2030-01-01 00:00:00+00:00"


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    url = configured_database()
    if not url or not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migration.sqlite3'}"
        return
    name = f"{make_url(url).database}_place_migration"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _insert(engine, token: str, languages: list[str], address: str, transit: str) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        partner = connection.execute(
            text(
                "INSERT INTO partners (slug, name, kind, languages, created_at) "
                "VALUES (:slug, 'P', 'cbo', '[]', :now) RETURNING id"
            ),
            {"slug": token, "now": NOW},
        ).scalar()
        connection.execute(
            text(
                "INSERT INTO focus_groups (token, title, description, prompts, starts_at, ends_at, timezone, "
                "is_remote, address, transit_notes, parking_notes, host_partner_id, languages, provided, "
                "capacity, is_open, created_at) VALUES (:token, '{}', '{}', '[]', :now, :now, 'UTC', false, "
                ":address, :transit, '', :partner, :languages, '[]', 5, true, :now)"
            ),
            {
                "token": token,
                "now": NOW,
                "address": address,
                "transit": transit,
                "partner": partner,
                "languages": json.dumps(languages),
            },
        )


def _load(value: object) -> object:
    """A JSON column as read with plain SQL: text on SQLite, already parsed on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) and value.startswith(("{", "[")) else value


def _rows(engine) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT token, address, transit_notes, parking_notes FROM focus_groups")
        ).all()
    load = _load
    return {row.token: (load(row.address), load(row.transit_notes), load(row.parking_notes)) for row in rows}


def test_place_texts_move_to_the_source_language_and_back(scratch_url: str) -> None:
    config = alembic_config(scratch_url)
    command.upgrade(config, BEFORE)
    engine = create_engine(scratch_url)
    _insert(engine, "somali-first", ["so", "en"], "Maktabadda Dhexe", "Baska 4")
    _insert(engine, "no-languages", [], "Room 2", "")

    command.upgrade(config, AFTER)
    assert _rows(engine) == {
        "somali-first": ({"so": "Maktabadda Dhexe"}, {"so": "Baska 4"}, {}),
        "no-languages": ({"en": "Room 2"}, {}, {}),
    }
    with engine.begin() as connection:  # a text written later in a second language only
        connection.execute(
            text("UPDATE focus_groups SET parking_notes = :p WHERE token = 'no-languages'"),
            {"p": json.dumps({"es": "Estacionamiento gratis"})},
        )

    command.downgrade(config, BEFORE)
    assert _rows(engine) == {
        "somali-first": ("Maktabadda Dhexe", "Baska 4", ""),
        "no-languages": ("Room 2", "", "Estacionamiento gratis"),
    }
    engine.dispose()
