"""A channel: how one partner reaches one survey (a link, a kiosk, assisted entry), and what its
tablets sent that the server refused."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.staff_events import record_event
from ..db import get_session
from ..forms.staff import ChannelForm, language_list, options
from ..models import Channel, Partner, Survey, User
from ..services import outbox
from ..services.channels import ChannelError, ChannelSpec, save_channel
from . import bp
from .pages import edited_row, form_page


def _channel_choices(form: ChannelForm) -> None:
    db = get_session()
    form.survey_id.choices = options((s.id, s.slug) for s in db.scalars(select(Survey).order_by(Survey.slug)))
    form.partner_id.choices = options(
        (p.id, p.name) for p in db.scalars(select(Partner).order_by(Partner.name))
    )
    liaisons = db.scalars(select(User).where(User.role == "liaison").order_by(User.email))
    form.liaison_id.choices = options(
        [(0, "—")] + [(u.id, f"{u.email} ({u.partner.name})") for u in liaisons]
    )


@bp.route("/channels/new", methods=["GET", "POST"])
@bp.route("/channels/<int:channel_id>", methods=["GET", "POST"])
def channel(channel_id: int | None = None) -> Any:
    db = get_session()
    existing = edited_row(Channel, channel_id)
    form = ChannelForm(obj=existing)
    _channel_choices(form)
    if existing is not None and request.method == "GET":
        form.languages.data = " ".join(existing.languages)
        form.liaison_id.data = existing.liaison_id or 0
        form.expires_on.data = existing.expires_at.date() if existing.expires_at else None
    if form.validate_on_submit():
        spec = ChannelSpec(
            name=form.name.data or "",
            survey_id=form.survey_id.data,
            partner_id=form.partner_id.data,
            mode=form.mode.data,
            token=form.token.data or "",
            liaison_id=form.liaison_id.data or None,
            place=form.place.data or "",
            languages=language_list(form.languages.data),
            default_language=form.default_language.data or None,
            is_open=form.is_open.data,
            expires_on=form.expires_on.data,
            idle_seconds=form.idle_seconds.data or 120,
        )
        try:
            saved = save_channel(db, spec, existing)
        except ChannelError as exc:
            db.rollback()
            for name, reason in exc.problems.items():
                getattr(form, name).errors = [reason]
        else:
            record_event("channel.save", target=f"channel:{saved.token}")
            db.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.index"))
    # What a tablet sent and the server refused is kept, never dropped: staff see it here.
    refusals = outbox.refused(db, existing.id) if existing is not None else []
    return form_page("admin/channel.html", form=form, channel=existing, refusals=refusals)
