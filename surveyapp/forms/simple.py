"""Small fixed forms of the respondent pages (their CSRF token is what matters)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField


class SubmitForm(FlaskForm):
    """The review page's final submit."""


class ResumeForm(FlaskForm):
    code = StringField()
