"""One rule for typed text: control characters (NUL, escape, ...) are refused with a message in the
person's language, because no person types them and the database or a spreadsheet would choke on them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError

from ..services.spreadsheet import CONTROL_CHARACTERS  # the same set the exports clean

UNSTORABLE = _l("This contains characters we cannot store. Please type it again.")


def has_control_characters(text: str | None) -> bool:
    return bool(text) and CONTROL_CHARACTERS.search(text or "") is not None


def plain_text(_form: FlaskForm, field: Field) -> None:
    """A WTForms validator: the field's text holds no control characters."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(UNSTORABLE)
