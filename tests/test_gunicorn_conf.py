"""gunicorn.conf.py: the app is preloaded in the master, and a forked worker never uses a database
connection the master opened (on SQLite and on PostgreSQL, through a real fork)."""

from __future__ import annotations

import importlib
import os
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from gunicorn.config import Config
from sqlalchemy import text

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def gunicorn_config() -> Config:
    """The settings as gunicorn reads them from the file (unknown names are ignored there too)."""
    config = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in config.settings:
            config.set(name, value)
    return config


@pytest.fixture
def preloaded(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """wsgi imported as gunicorn's master imports it with preload_app, on the test database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    sys.modules.pop("wsgi", None)
    module = importlib.import_module("wsgi")
    yield module
    module.app.extensions["db_engine"].dispose()
    sys.modules.pop("wsgi", None)


def test_the_app_is_preloaded_and_each_worker_gets_a_fresh_pool() -> None:
    config = gunicorn_config()
    assert config.preload_app is True
    assert config.worker_class_str == "sync"
    assert config.workers >= 2
    assert config.wsgi_app == "wsgi:app"
    assert config.post_fork.__module__ != "gunicorn.config"  # ours, not gunicorn's no-op


def _connection_identity(connection) -> tuple[int, int | None]:  # type: ignore[no-untyped-def]
    backend = (
        connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        if connection.dialect.name == "postgresql"
        else None
    )
    return id(connection.connection.dbapi_connection), backend


def test_a_forked_worker_opens_its_own_database_connection(preloaded: ModuleType) -> None:
    engine = preloaded.app.extensions["db_engine"]
    with engine.connect() as connection:  # the master used the database (it stays pooled)
        parent = _connection_identity(connection)
    assert engine.pool.checkedin() == 1
    server = SimpleNamespace(cfg=gunicorn_config())
    worker = SimpleNamespace(pid=None)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker, as gunicorn's arbiter forks it: post_fork, then requests
        verdict = b"error"
        try:
            server.cfg.post_fork(server, worker)
            with engine.connect() as connection:
                child = _connection_identity(connection)
            verdict = (
                b"shared"
                if (child[0] == parent[0] or (child[1] is not None and child[1] == parent[1]))
                else b"own"
            )
        finally:
            os.write(write_end, verdict)
            os._exit(0)
    os.close(write_end)
    verdict = os.read(read_end, 16)
    os.close(read_end)
    os.waitpid(pid, 0)
    assert verdict == b"own"
    with engine.connect() as connection:  # the master's connection still works
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
