"""Endpoints for machines: health check."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .db import get_session

bp = Blueprint("system", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """Load balancers take the app out of rotation when its database is unreachable."""
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="reachable")
