"""Partner overview and QR posters."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..db import get_session
from ..models import Channel, Partner, Survey, utcnow
from ..services import posters
from ..services.counts import start_of_today
from ..services.reporting import partner_figures
from ..services.surveys import definition_of
from . import bp


def visible_partner(partner_id: int) -> None:
    """A liaison asking for another organization's data gets 403, whatever id the URL carries."""
    if current_user.role != "admin" and current_user.partner_id != partner_id:
        abort(403)


@bp.get("/")
def index() -> Any:
    if current_user.role == "liaison":
        return redirect(url_for("partner.overview", slug=current_user.partner.slug))
    partners = get_session().scalars(select(Partner).order_by(Partner.name)).all()
    return render_template("partner/choose.html", partners=partners)


@bp.get("/<slug>/")
def overview(slug: str) -> Any:
    db = get_session()
    partner = db.scalar(select(Partner).where(Partner.slug == slug[:80]))
    if partner is None:
        # Same answer as for another organization, so a liaison cannot probe which slugs exist.
        abort(403 if current_user.role != "admin" else 404)
    visible_partner(partner.id)
    channels = db.scalars(
        select(Channel).where(Channel.partner_id == partner.id).order_by(Channel.name)
    ).all()
    since = start_of_today(current_app.config["TIMEZONE"], utcnow())
    counts, done = partner_figures(db, channels, since, current_app.config["SMALL_CELL_MIN"])
    surveys = {c.survey_id: c.survey for c in channels}
    progress = [
        (survey, done[survey_id], partner.target_for(survey_id))
        for survey_id, survey in sorted(surveys.items(), key=lambda item: item[1].slug)
    ]
    return render_template(
        "partner/overview.html", partner=partner, channels=channels, counts=counts, progress=progress
    )


def _poster_channel(channel_id: int) -> Channel:
    channel = get_session().get(Channel, channel_id)
    if channel is None:
        abort(404)
    visible_partner(channel.partner_id)
    if channel.mode != "link":
        abort(404)
    return channel


def survey_link(channel: Channel) -> str:
    return posters.public_url("public.take_page", token=channel.token)


@bp.get("/channels/<int:channel_id>/poster")
def poster(channel_id: int) -> Any:
    channel = _poster_channel(channel_id)
    survey: Survey = channel.survey
    definition = definition_of(survey.current_version)
    languages = [
        code for code in (channel.languages or definition.languages) if code in definition.languages
    ] or [definition.source_language]
    lines = []
    for code in languages:
        with force_locale(code):
            lines.append(
                (
                    code,
                    definition.title.get(code),
                    _("Scan the code with your phone's camera to answer in your language."),
                )
            )
    link = survey_link(channel)
    return render_template(
        "partner/poster.html",
        lines=lines,
        qr_svg=posters.qr_svg(link, definition.title.get(languages[0])),
        link=link,
        unreachable=posters.unreachable_host(link),
        svg_url=url_for("partner.qr_file", channel_id=channel.id, kind="svg"),
        png_url=url_for("partner.qr_file", channel_id=channel.id, kind="png"),
    )


@bp.get("/channels/<int:channel_id>/qr.<any(svg, png):kind>")
def qr_file(channel_id: int, kind: str) -> Any:
    channel = _poster_channel(channel_id)
    return send_file(
        posters.qr_file(survey_link(channel), kind),
        mimetype="image/svg+xml" if kind == "svg" else "image/png",
        as_attachment=True,
        download_name=f"survey-{channel.token}.{kind}",
    )
