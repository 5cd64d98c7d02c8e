"""Error pages in the person's language; an unexpected error never shows a traceback.

When the database is away (PostgreSQL unreachable, SQLite locked by a long write) nothing a
person sent is lost: a form post gets a 503 page that carries every posted field and a "Try again"
button posting them again to the same address; a JSON call gets a 503 with Retry-After, which the
kiosk's outbox keeps and resends.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from .guard import RefusedInput

log = logging.getLogger(__name__)

# Seconds after which a client (or a person) may try again when the database is away.
RETRY_AFTER_SECONDS = 5
DATABASE_AWAY = (OperationalError, DisconnectionError, PoolTimeoutError)


def wants_json() -> bool:
    """Machines (the kiosk outbox, whose posts with files are multipart) get JSON answers; people
    get pages."""
    return request.is_json or request.endpoint == "kiosk.receive"


def _message(code: int) -> str:
    messages = {
        400: _("What you sent could not be used. Please go back, check it and try again."),
        403: _("You do not have access to this page. If you think you should, ask an administrator."),
        404: _(
            "We could not find this page. Please check the link or ask the person who shared it with you."
        ),
        405: _("This page cannot be used this way."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Please wait a few minutes and try again."),
    }
    return messages.get(code, _("Something went wrong. Please try again."))


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        message = str(error.description) if isinstance(error, RefusedInput) else _message(code)
        if code == 413:
            from .public.uploads import too_large_message

            message = too_large_message() or message
        if wants_json():
            return {"status": "refused", "error": error.name, "reason": str(error.description)}, code
        return render_template("error.html", code=code, message=message), code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        if wants_json():
            return {"status": "refused", "error": error.name, "reason": error.description}, 400
        message = _("This form has expired. Please go back, reload the page and try again.")
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(DisconnectionError)
    @app.errorhandler(PoolTimeoutError)
    @app.errorhandler(OperationalError)
    def database_away(error: Exception):  # type: ignore[no-untyped-def]
        return database_away_response(error)


def _forget_failed_transaction() -> None:
    from .db import get_session

    try:
        get_session().rollback()
    except Exception:  # noqa: BLE001 - the connection is already gone; the teardown closes it
        log.debug("rollback after a database error failed", exc_info=True)


def database_away_response(error: Exception) -> Response:
    """503 with Retry-After; a form post comes back with every field, ready to be sent again."""
    log.warning("database unavailable for %s %s: %s", request.method, request.path, error)
    _forget_failed_transaction()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if wants_json():
        body: Any = {
            "status": "unavailable",
            "retry_after": RETRY_AFTER_SECONDS,
            "reason": "the database is briefly unavailable; send this again later",
        }
        response = current_app.json.response(body)
    else:
        fields = list(request.form.items(multi=True)) if request.method == "POST" else []
        response = Response(
            render_template(
                "try_again.html",
                fields=fields,
                action=request.full_path.rstrip("?"),
                method=request.method,
                lost_files=bool(request.files),
            )
        )
    response.status_code = 503
    response.headers.update(headers)
    return response
