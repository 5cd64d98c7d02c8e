"""Kiosk start screen, unlock, reset and exit; the survey pages themselves are the shared ones."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale, refresh
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from sqlalchemy import select
from wtforms.validators import ValidationError

from ..auth.views import client_address, throttled_message
from ..db import get_session
from ..forms.staff import ExitForm, PlainForm, UnlockForm
from ..groups import signup as signup_views
from ..models import Channel, Response, Signup
from ..public.context import forget_person, load_link, session_response
from ..public.take import add_survey_pages
from ..services import audit
from ..services import kiosk as service
from ..services.attachments import offline_refusal
from ..services.drafts import discard
from ..services.surveys import definition_of
from ..services.users import authenticate
from . import bp
from .offline_media import kept_media

add_survey_pages(bp, "/k/<token>", first_page="/k/<token>/p")


def _channel(token: str) -> Channel:
    channel = get_session().scalar(select(Channel).where(Channel.token == token[:64]))
    if channel is None or channel.mode != "kiosk" or channel.survey.current_version is None:
        abort(404)
    return channel


def _new_respondent(channel_token: str) -> None:
    """Forget the person who was here: their response (if unfinished) and their language."""
    link = load_link(channel_token)
    response: Response | None = session_response(link)
    if response is not None and response.status == "in_progress":
        discard(get_session(), response.id)
    forget_person(channel_token)


@bp.get("/k/<token>")
def start(token: str) -> Any:
    channel = _channel(token)
    if g.kiosk is None:
        return render_template("kiosk/unlock.html", channel=channel, form=UnlockForm(), error=None)
    db = get_session()
    _new_respondent(token)
    service.discard_idle(db, channel)
    db.commit()
    definition = definition_of(channel.survey.current_version)
    languages = [code for code in channel.languages if code in definition.languages] or definition.languages
    return render_template(
        "kiosk/start.html",
        channel=channel,
        definition=definition,
        languages=languages,
        offline_refused=offline_refusal(definition),
        media=kept_media(definition),
    )


@bp.post("/k/<token>/unlock")
def unlock(token: str) -> Any:
    channel = _channel(token)
    form = UnlockForm()
    error = None
    if form.validate_on_submit():
        db = get_session()
        result = authenticate(db, form.email.data or "", form.password.data or "", client_address())
        if result.user is not None and service.may_unlock(result.user, channel):
            kiosk = service.unlock(db, channel, result.user, form.pin.data or "")
            audit.record(
                db, "kiosk.unlock", user=result.user, target=f"channel:{channel.token}", ip=client_address()
            )
            db.commit()
            # The staff pages of the kiosk (exit) stay in the language the liaison unlocked it in.
            staff_lang = str(get_locale())
            session.clear()
            session["kiosk"] = kiosk.id
            session["kiosk_token"] = channel.token
            session["staff_lang"] = staff_lang
            return redirect(url_for("kiosk.start", token=token))
        if result.throttled:
            error = throttled_message(result)
        elif result.user is not None:
            error = _(
                "Only a liaison of %(partner)s or an administrator can start this kiosk.",
                partner=channel.partner.name,
            )
        else:
            error = _("This email and password do not match an active account.")
        if result.user is not None:
            audit.record(
                db,
                "kiosk.unlock_refused",
                user=result.user,
                target=f"channel:{channel.token}",
                ip=client_address(),
            )
        db.commit()
    return render_template("kiosk/unlock.html", channel=channel, form=form, error=error), 422


@bp.post("/k/<token>/reset")
def reset(token: str) -> Any:
    """Start over (the person's button, or the idle timer): nothing of their answers stays."""
    if PlainForm().validate():
        _new_respondent(token)
        get_session().commit()
    return redirect(url_for("kiosk.start", token=token), code=303)


@bp.post("/k/<token>/touch")
def touch(token: str) -> Any:
    """The screen's heartbeat while someone types, scrolls or taps: their response is in use, so the
    idle discard leaves it alone. {"touched": false} when there is nothing of theirs in progress."""
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except ValidationError:
        return {"status": "refused", "reason": "send the page's CSRF token in X-CSRFToken"}, 400
    db = get_session()
    touched = service.touch(db, g.kiosk, session.get("responses", {}).get(token))
    db.commit()
    return {"touched": touched}


def _in_staff_language() -> None:
    """The exit page is the liaison's, not the last respondent's: it is shown, messages and all, in
    the language the kiosk was unlocked in."""
    g.survey_languages = None
    g.lang = session.get("staff_lang") or current_app.config["BABEL_DEFAULT_LOCALE"]
    refresh()


@bp.route("/k/<token>/exit", methods=["GET", "POST"])
def leave(token: str) -> Any:
    _in_staff_language()
    channel = _channel(token)
    form = ExitForm()
    error = None
    status = 200
    if form.validate_on_submit():
        db = get_session()
        kiosk = g.kiosk
        ok = False
        if form.pin.data:
            ok = service.pin_accepted(db, kiosk, form.pin.data)
            if not ok:
                audit.record(
                    db,
                    "kiosk.wrong_pin",
                    user=kiosk.user,
                    target=f"channel:{channel.token}",
                    ip=client_address(),
                )
        elif form.email.data and form.password.data:
            # Counted apart from the address: a burst here never slows the liaison's unlock.
            result = authenticate(
                db, form.email.data, form.password.data, client_address(), source=f"kiosk:{kiosk.id}"
            )
            ok = result.user is not None and service.may_unlock(result.user, channel)
        else:
            return render_template(
                "kiosk/exit.html",
                channel=channel,
                form=form,
                error=_("Please enter the PIN, or sign in with a staff account."),
                pin_blocked=kiosk.failed_pins >= service.MAX_WRONG_PINS,
            ), 422
        if ok:
            _new_respondent(token)
            service.end(kiosk)
            audit.record(
                db, "kiosk.end", user=kiosk.user, target=f"channel:{channel.token}", ip=client_address()
            )
            db.commit()
            session.clear()
            return redirect(url_for("auth.login"))
        db.commit()
        status = 401
        error = (
            _("Too many wrong PINs. Please sign in with a staff account to leave kiosk mode.")
            if kiosk.failed_pins >= service.MAX_WRONG_PINS
            else _("That did not match. Please try again.")
        )
    elif request.method == "POST":
        status = 400
    return render_template(
        "kiosk/exit.html",
        channel=channel,
        form=form,
        error=error,
        pin_blocked=g.kiosk.failed_pins >= service.MAX_WRONG_PINS,
    ), status


@bp.route("/k/<token>/g/<group_token>", methods=["GET", "POST"])
def group_sign_up(token: str, group_token: str) -> Any:
    """Signing up for the partner's focus group on the tablet: nothing private is left on the screen
    (no change/cancel link, no calendar file); the host contacts the person."""
    channel = _channel(token)
    group = signup_views.load_group(group_token)
    if group.host_partner_id != channel.partner_id:
        abort(404)

    def done(signup: Signup, _secret: str) -> Any:
        return render_template("groups/kiosk_done.html", group=group, signup=signup, channel=channel)

    return signup_views.signup_page(group, entered_by_id=None, can_link=False, done=done)
