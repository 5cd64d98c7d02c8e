"""Production settings for gunicorn: `gunicorn -c gunicorn.conf.py` (what `make run` starts).

The app is imported once, in the master (`preload_app`), so a worker that dies (a crash, the OOM
killer, a SIGKILL) is replaced by a fork that serves at once instead of importing Flask, SQLAlchemy,
pandas and the app again for seconds. A fork inherits the master's database engine, whose pooled
connections must never be shared between processes: `post_fork` gives each worker a fresh pool.

The command line and GUNICORN_CMD_ARGS override every setting here, e.g.
`GUNICORN_CMD_ARGS="--workers 9 --bind 0.0.0.0:8000"`.
"""

from __future__ import annotations

import gc
import multiprocessing
from typing import Any

wsgi_app = "wsgi:app"
bind = "127.0.0.1:8000"

preload_app = True
# Sync workers: each serves one request at a time, and a killed worker loses only that request.
# Two per core plus one keeps the cores busy while others wait on the database; behind a reverse
# proxy (which buffers slow clients) that is gunicorn's own advice for this kind of app.
worker_class = "sync"
workers = multiprocessing.cpu_count() * 2 + 1
# A respondent's request is short: one stuck for 30 s is killed and replaced (and its client retries
# with the same response id, which stores nothing twice).
timeout = 30
# On a restart (SIGTERM, deploys) a worker finishes its request in flight before it stops.
graceful_timeout = 20
keepalive = 5
# Recycled now and then so that slow growth of a worker's memory never builds up; the jitter keeps
# the workers from restarting all at once. A recycled worker is forked from the preloaded master.
max_requests = 5000
max_requests_jitter = 500
# The control socket (`gunicornc`) is not used; several servers on one host would share its path.
control_socket_disable = True
accesslog = "-"
errorlog = "-"


def when_ready(server: Any) -> None:
    """Objects made while importing the app live as long as the master: keep the collector from
    touching them, so that forked workers share those memory pages instead of copying them."""
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """A new worker starts with an empty connection pool of its own (the master's engine may hold
    connections; a connection used by two processes corrupts both sessions)."""
    if server.cfg.preload_app:
        import wsgi

        wsgi.reset_after_fork()


def post_worker_init(worker: Any) -> None:
    """Logged when a worker can serve: bench/load_with_kills.py measures a replacement's start by it."""
    worker.log.info("Worker ready (pid: %s)", worker.pid)
