"""Sign-in (password, then a code when two-factor sign-in is on) and sign-out.

A new session on login (no fixation), a server-side session row that logout revokes, audit events
for both outcomes.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from ..db import get_session
from ..forms.staff import CodeForm, LoginForm
from ..models import User
from ..services import audit, staff_sessions, throttle, two_factor
from ..services.users import LoginResult, authenticate, normalize_email
from . import SESSION_KEY, bp

# How long the code step may follow the password step.
CODE_STEP_SECONDS = 300


def client_address() -> str:
    return request.remote_addr or ""


def home_for(role: str) -> str:
    """Where each role starts after login."""
    return url_for(
        {"admin": "admin.index", "liaison": "partner.index", "facilitator": "team_groups.index"}.get(
            role, "auth.account"
        )
    )


def safe_next(target: str | None) -> str | None:
    """Only a plain path on this site: never an open redirect, never a header break (CR/LF)."""
    if not target or len(target) > 2000:
        return None
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in target) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def throttled_message(result: LoginResult) -> str:
    return ngettext(
        "Too many failed attempts. Please wait %(num)d minute and try again.",
        "Too many failed attempts. Please wait %(num)d minutes and try again.",
        max(1, result.wait_minutes),
    )


def sign_in(user: User, next_url: str | None) -> Any:
    """The password (and code) were right: a fresh cookie holding a new server-side session."""
    db = get_session()
    lifetime = current_app.permanent_session_lifetime
    token = staff_sessions.start(
        db,
        user,
        lifetime=lifetime if isinstance(lifetime, timedelta) else timedelta(seconds=lifetime),
        user_agent=request.user_agent.string,
        ip=client_address(),
    )
    audit.record(db, "login.success", user=user, ip=client_address())
    db.commit()
    session.clear()
    session[SESSION_KEY] = token
    login_user(user)
    session.permanent = True
    return redirect(next_url or home_for(user.role))


def end_this_session() -> None:
    token = session.get(SESSION_KEY)
    if isinstance(token, str):
        staff_sessions.revoke(get_session(), token)
    logout_user()
    session.clear()


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        db = get_session()
        email = normalize_email(form.email.data or "")
        result = authenticate(db, email, form.password.data or "", client_address())
        next_url = safe_next(request.args.get("next"))
        if result.user is not None and result.user.totp_secret:
            db.commit()
            session.clear()
            session.update(mfa_user=result.user.id, mfa_at=int(time.time()), mfa_next=next_url)
            return redirect(url_for("auth.login_code"))
        if result.user is not None:
            return sign_in(result.user, next_url)
        if result.throttled:
            error = throttled_message(result)
            status = 429
        else:
            error = _("This email and password do not match an active account.")
            status = 401
        db.commit()  # the failure's audit event
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


def _pending_user() -> User | None:
    """The account whose password was right a moment ago, waiting for its code."""
    user_id, started = session.get("mfa_user"), session.get("mfa_at")
    if (
        not isinstance(user_id, int)
        or not isinstance(started, int)
        or time.time() - started > CODE_STEP_SECONDS
    ):
        return None
    user = get_session().get(User, user_id)
    return user if user is not None and user.is_active and user.totp_secret else None


@bp.route("/login/code", methods=["GET", "POST"])
def login_code() -> Any:
    user = _pending_user()
    if user is None:
        session.pop("mfa_user", None)
        return redirect(url_for("auth.login"))
    form = CodeForm()
    error = None
    status = 200
    if form.validate_on_submit():
        db = get_session()
        key = f"2fa:{user.email}"
        reservation = throttle.reserve(db, key, client_address())
        if not reservation.allowed:
            audit.record(db, "login.throttled", user=user, ip=client_address(), step="code")
            db.commit()
            error = throttled_message(LoginResult(None, True, reservation.wait_minutes))
            status = 429
        elif two_factor.verify(db, user, form.code.data or ""):
            db.commit()  # the code is used up before the throttle's own transaction
            throttle.succeeded(db, key, client_address())
            return sign_in(user, safe_next(session.get("mfa_next")))
        else:
            audit.record(db, "login.code_failure", user=user, ip=client_address())
            db.commit()
            error = _("This code is not right, or was used already. Please try the newest code.")
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/code.html", form=form, error=error), status


@bp.post("/logout")
def logout() -> Any:
    if current_user.is_authenticated:
        db = get_session()
        audit.record(db, "logout", user=current_user._get_current_object(), ip=client_address())
        end_this_session()
        db.commit()
    else:
        logout_user()
        session.clear()
    g.pop("staff_session", None)
    return redirect(url_for("auth.login"))


from . import account  # noqa: E402, F401  (the account pages register on import)
