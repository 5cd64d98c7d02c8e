"""The admin's home page: the surveys (and versions waiting to be published), partners, channels
and staff accounts."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy import select

from ..db import get_session
from ..forms.staff import UploadForm
from ..models import Channel, Partner, Survey, User
from ..services.surveys import pending_versions
from . import bp


@bp.get("/")
def index() -> Any:
    db = get_session()
    return render_template(
        "admin/index.html",
        surveys=db.scalars(select(Survey).order_by(Survey.slug)).all(),
        partners=db.scalars(select(Partner).order_by(Partner.name)).all(),
        channels=db.scalars(select(Channel).order_by(Channel.name)).all(),
        users=db.scalars(select(User).order_by(User.email)).all(),
        upload=UploadForm(),
        pending=pending_versions(db),
        survey_slugs={s.id: s.slug for s in db.scalars(select(Survey))},
    )
