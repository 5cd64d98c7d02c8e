"""The database a bench starts from: a fresh SQLite file (or an emptied PostgreSQL database), migrated,
with the demo loaded, and the app over it."""

from __future__ import annotations

import os
import tempfile
from typing import Any

PASSWORD = "bench-password"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def demo_app(database_url: str | None, prefix: str) -> tuple[Any, Any]:
    """The app and a session on a new demo database: `database_url` emptied first, else a SQLite
    file in a new temporary folder named by `prefix`."""
    url = database_url or f"sqlite:///{tempfile.mkdtemp(prefix=prefix)}/bench.sqlite3"
    if database_url:
        _reset_postgres(url)
    os.environ.update(DATABASE_URL=url, SECRET_KEY="bench", DEMO_PASSWORD=PASSWORD)
    from surveyapp import create_app
    from surveyapp.cli import upgrade_database
    from surveyapp.services.demo import load_demo

    upgrade_database(url)
    app = create_app()
    db = app.extensions["db_sessionmaker"]()
    load_demo(db, PASSWORD)
    db.commit()
    return app, db
