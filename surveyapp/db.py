"""Engine and one session per request, in plain SQLAlchemy 2.x.

Services take the session as their first argument and flush; views commit.
A request never waits long for the database: a lock or a connection that does not come within the
configured timeout raises OperationalError, which errors.py turns into a "try again" page.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


def make_engine(
    url: str,
    *,
    lock_timeout_ms: int = 5000,
    connect_timeout: int = 5,
    statement_timeout_ms: int = 0,
    **engine_args: Any,
) -> Engine:
    """An engine that waits at most `lock_timeout_ms` for a lock and `connect_timeout` s to connect.

    SQLite is made safe for concurrent gunicorn workers (WAL, foreign keys).
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": lock_timeout_ms / 1000}, **engine_args)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_ms)}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    options = f"-c lock_timeout={int(lock_timeout_ms)}"
    if statement_timeout_ms:
        options += f" -c statement_timeout={int(statement_timeout_ms)}"
    connect_args = (
        {"connect_timeout": connect_timeout, "options": options} if url.startswith("postgresql") else {}
    )
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **engine_args)


def make_health_engine(url: str, timeout_ms: int) -> Engine:
    """The health check's own engine: every wait (connect, lock, statement) ends within timeout_ms.

    No pool: each check opens a fresh connection, which is what a load balancer wants to know
    about, and no idle connection is left behind.
    """
    seconds = max(1, round(timeout_ms / 1000))  # libpq's connect_timeout counts whole seconds
    return make_engine(
        url,
        lock_timeout_ms=timeout_ms,
        connect_timeout=seconds,
        statement_timeout_ms=timeout_ms,
        poolclass=NullPool,
    )


def init_app(app: Flask) -> None:
    """Create the engines and close each request's session when the request ends."""
    url = app.config["DATABASE_URL"]
    engine = make_engine(
        url,
        lock_timeout_ms=app.config["DATABASE_LOCK_TIMEOUT_MS"],
        connect_timeout=app.config["DATABASE_CONNECT_TIMEOUT"],
    )
    app.extensions["db_engine"] = engine
    app.extensions["db_health_engine"] = make_health_engine(url, app.config["HEALTHZ_TIMEOUT_MS"])
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The session of the current request (or CLI command), made on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
