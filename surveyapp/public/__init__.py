"""Respondent pages (`/s/<token>`, `/r`): anonymous, work with JavaScript off, in the person's language."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import resume, take  # noqa: E402,F401  (routes register on import)
