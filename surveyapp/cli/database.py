"""`db upgrade`: Alembic's migrations, the one way the schema is made (the tests make theirs with it too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str) -> list[str]:
    """Apply every migration (the one way the schema is made, also in tests); the revisions applied,
    oldest first."""
    from alembic import command

    config = alembic_config(url)
    before = _revision(url)
    command.upgrade(config, "head")
    return _revisions_between(config, before, _revision(url))


def _revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _revisions_between(config: Any, before: str | None, after: str | None) -> list[str]:
    from alembic.script import ScriptDirectory

    if after is None or before == after:
        return []
    walked = ScriptDirectory.from_config(config).iterate_revisions(after, before or "base")
    return [f"{script.revision} {(script.doc or '').splitlines()[0]}" for script in reversed(list(walked))]


def upgrade_summary(url: str, applied: list[str]) -> str:
    """What `db upgrade` did, in words: a new schema, the migrations applied, or nothing to do."""
    from sqlalchemy.engine import make_url

    where = make_url(url).render_as_string(hide_password=True)
    if not applied:
        return f"{where}: already up to date at revision {_revision(url)}; nothing to apply."
    steps = "\n".join(f"  {line}" for line in applied)
    done = "created the schema" if applied[0].startswith(_first_revision()) else "upgraded the schema"
    return f"{where}: {done} with {len(applied)} migration(s), now at revision {_revision(url)}:\n{steps}"


def _first_revision() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_base())


db_group = AppGroup("db", help="Database schema.")


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply the Alembic migrations to DATABASE_URL."""
    url = current_app.config["DATABASE_URL"]
    click.echo(upgrade_summary(url, upgrade_database(url)))
