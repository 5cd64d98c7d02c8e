"""The CSRF check of a survey page's post: Flask-WTF's own (same configuration, same log messages),
without building a form, because a survey page's fields are read straight from the post
(survey/answers.py `posted_values`). An expired token re-renders the page with every answer kept."""

from __future__ import annotations

import logging

from flask import g
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

_csrf_log = logging.getLogger("flask_wtf.csrf")


def csrf_token_valid(token: str | None) -> bool:
    """True when the token is good or CSRFProtect has already checked this request."""
    if g.get("csrf_valid", False):  # already checked by CSRFProtect
        return True
    try:
        validate_csrf(token)
    except ValidationError as error:
        _csrf_log.info(error.args[0])
        return False
    return True
