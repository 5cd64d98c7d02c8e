"""Error pages in the person's language; an unexpected error never shows a traceback."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if request.path.startswith("/api/"):
            return {"error": error.name, "reason": error.description}, error.code
        messages = {
            403: _("You do not have access to this page. If you think you should, ask an "
                   "administrator."),
            404: _("We could not find this page. Please check the link or ask the person who "
                   "shared it with you."),
            405: _("This page cannot be used this way."),
            413: _("What you sent is too large."),
            429: _("Too many attempts. Please wait a few minutes and try again."),
        }
        message = messages.get(error.code or 500, _("Something went wrong. Please try again."))
        return render_template("error.html", code=error.code, message=message), error.code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        message = _("This form has expired. Please go back, reload the page and try again.")
        return render_template("error.html", code=400, message=message), 400
