"""A focus-group sign-up deleted at the person's request (the roster itself is the team's page)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from ..auth.staff_events import record_event
from ..db import get_session
from ..forms.staff import PlainForm
from ..models import Signup
from ..services.groups import delete_person
from . import bp
from .pages import row_or_404


@bp.post("/signups/<int:signup_id>/delete")
def delete_signup(signup_id: int) -> Any:
    """A person asked to be deleted: their sign-up and contact details go, with an audit event."""
    db = get_session()
    signup = row_or_404(Signup, signup_id)
    group_id = signup.group_id
    if PlainForm().validate():
        delete_person(db, signup)
        record_event("signup.delete", target=f"focus_group:{group_id}")
        db.commit()
        flash(_("The sign-up and its details were deleted."))
    return redirect(url_for("team_groups.roster", group_id=group_id), code=303)
