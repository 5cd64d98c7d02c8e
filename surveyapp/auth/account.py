"""A person's own account: their sessions ("sign out everywhere"), password, two-factor sign-in."""

from __future__ import annotations

from typing import Any

import segno
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..db import get_session
from ..forms.staff import ChangePasswordForm, CodeForm, PlainForm
from ..models import User
from ..services import audit, staff_sessions
from ..services import two_factor as totp
from ..services.users import authenticate, set_password
from . import SESSION_KEY, TWO_FACTOR_ROLES, bp, login_manager, needs_two_factor
from .views import client_address, end_this_session, sign_in, throttled_message

PENDING_SECRET = "totp_pending"  # noqa: S105 - the session key, not a secret


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _signed_in() -> bool:
    return bool(current_user.is_authenticated)


@bp.get("/account")
def account() -> Any:
    if not _signed_in():
        return login_manager.unauthorized()
    db = get_session()
    token = session.get(SESSION_KEY, "")
    sessions = [(s, staff_sessions.is_current(s, token)) for s in staff_sessions.live(db, _me().id)]
    return render_template(
        "auth/account.html",
        sessions=sessions,
        form=PlainForm(),
        codes_left=totp.recovery_codes_left(db, _me()) if _me().totp_secret else 0,
    )


@bp.post("/account/sign-out-everywhere")
def sign_out_everywhere() -> Any:
    """Every session of this person ends, this one included (a lost laptop, a shared computer)."""
    if not _signed_in():
        return login_manager.unauthorized()
    if not PlainForm().validate():
        return redirect(url_for("auth.account"), code=303)
    db = get_session()
    me = _me()
    ended = staff_sessions.revoke_all(db, me.id)
    audit.record(db, "sessions.revoke_all", user=me, ip=client_address(), sessions=ended)
    end_this_session()
    db.commit()
    flash(_("You were signed out on every device."))
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> Any:
    if not _signed_in():
        return login_manager.unauthorized()
    me = _me()
    form = ChangePasswordForm(account_email=me.email)
    status = 200
    if form.validate_on_submit():
        db = get_session()
        check = authenticate(db, me.email, form.current.data or "", client_address())
        if check.user is None:
            form.current.errors = [
                throttled_message(check) if check.throttled else _("This is not your current password.")
            ]
            db.commit()
            status = 429 if check.throttled else 422
        else:
            ended = set_password(db, me, form.new.data or "")
            audit.record(db, "password.change", user=me, ip=client_address(), sessions=ended)
            flash(_("Your password was changed. Every other session was signed out."))
            return sign_in(me, url_for("auth.account"))
    elif form.is_submitted():
        status = 422
    return render_template("auth/password.html", form=form, forced=me.must_change_password), status


def _qr(secret: str) -> str:
    uri = totp.provisioning_uri(secret, _me().email)
    return segno.make(uri, error="m").svg_inline(border=2, omitsize=True, title=_("QR code to scan"))


@bp.get("/account/two-factor")
def two_factor() -> Any:
    if not _signed_in():
        return login_manager.unauthorized()
    me = _me()
    if me.totp_secret:
        return render_template(
            "auth/two_factor.html", enrolled=True, form=CodeForm(), required=me.role in TWO_FACTOR_ROLES
        )
    secret = session.get(PENDING_SECRET)
    if not isinstance(secret, str):
        secret = totp.new_secret()
        session[PENDING_SECRET] = secret
    return render_template(
        "auth/two_factor.html",
        enrolled=False,
        form=CodeForm(),
        secret=secret,
        qr=_qr(secret),
        forced=needs_two_factor(me),
    )


@bp.post("/account/two-factor")
def two_factor_confirm() -> Any:
    """The first code from the app proves it holds the secret; then recovery codes, shown once."""
    if not _signed_in():
        return login_manager.unauthorized()
    me = _me()
    secret = session.get(PENDING_SECRET)
    form = CodeForm()
    if me.totp_secret or not isinstance(secret, str):
        return redirect(url_for("auth.two_factor"), code=303)
    if form.validate_on_submit() and totp.code_matches(secret, form.code.data or ""):
        db = get_session()
        codes = totp.enable(db, me, secret)
        audit.record(db, "2fa.enable", user=me, ip=client_address())
        db.commit()
        session.pop(PENDING_SECRET, None)
        return render_template("auth/recovery_codes.html", codes=codes)
    if form.is_submitted() and not form.code.errors and not form.errors:
        form.code.errors = [
            _("This code does not match. Check the time on your phone and try the newest code.")
        ]
    return render_template(
        "auth/two_factor.html",
        enrolled=False,
        form=form,
        secret=secret,
        qr=_qr(secret),
        forced=needs_two_factor(me),
    ), 422


@bp.post("/account/two-factor/off")
def two_factor_off() -> Any:
    """Turning it off needs a current code; where it is required, it cannot be turned off."""
    if not _signed_in():
        return login_manager.unauthorized()
    me = _me()
    form = CodeForm()
    if not me.totp_secret:
        return redirect(url_for("auth.two_factor"), code=303)
    db = get_session()
    if needs_two_factor_when_off(me):
        flash(_("Two-factor sign-in is required for your role."))
        return redirect(url_for("auth.two_factor"), code=303)
    if form.validate_on_submit() and totp.verify(db, me, form.code.data or ""):
        totp.disable(db, me)
        audit.record(db, "2fa.disable", user=me, ip=client_address())
        db.commit()
        flash(_("Two-factor sign-in is off."))
        return redirect(url_for("auth.account"), code=303)
    db.commit()
    if not form.errors:
        form.code.errors = [_("This code is not right, or was used already. Please try the newest code.")]
    return render_template(
        "auth/two_factor.html", enrolled=True, form=form, required=me.role in TWO_FACTOR_ROLES
    ), 422


def needs_two_factor_when_off(user: User) -> bool:
    return bool(current_app.config.get("REQUIRE_2FA")) and user.role in TWO_FACTOR_ROLES
