"""The themes pages' forms: start a run, rename a theme, and the edits of a run (merge, hide, move,
add or remove a code). Ids are only carried here; the views check them against the run."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length

from .staff import StaffForm


class RunForm(StaffForm):
    survey = HiddenField(validators=[DataRequired()])


class RenameForm(StaffForm):
    survey = HiddenField(validators=[DataRequired()])
    label = StringField(
        _l("New name"),
        validators=[
            DataRequired(_l("Please enter a name.")),
            Length(max=80, message=_l("Please keep the name under 80 characters.")),
        ],
    )


class EditForm(StaffForm):
    """Merge (theme + other), hide (theme), move (doc + theme): ids are checked against the run."""

    survey = HiddenField(validators=[DataRequired()])
    theme = HiddenField()
    other = HiddenField()
    doc = HiddenField()


class CodeForm(StaffForm):
    """Add or remove one code of one answer (its main theme changes only by a move)."""

    survey = HiddenField(validators=[DataRequired()])
    doc = HiddenField(validators=[DataRequired()])
    theme = HiddenField()
    action = HiddenField(validators=[AnyOf(("add", "remove"))])
