"""Endpoints for machines: health check, and the icon browsers ask for at the root."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, send_from_directory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

bp = Blueprint("system", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """Load balancers take the app out of rotation when its database is unreachable.

    The check has its own engine with about one second for every wait, so that a database that is
    away answers 503 at once instead of holding the check (and a worker) for the default timeouts.
    """
    try:
        with current_app.extensions["db_health_engine"].connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="reachable")


@bp.get("/favicon.ico")
def favicon():  # type: ignore[no-untyped-def]
    """The same small local icon the pages link to, for clients that ask at the root (a 404 there is
    a console error on every page)."""
    return send_from_directory(
        current_app.static_folder or "static",
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=86400,
    )
