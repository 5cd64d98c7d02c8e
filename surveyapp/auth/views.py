"""Login and logout. A new session on login (no fixation), audit events for both outcomes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..db import get_session
from ..forms.staff import LoginForm
from ..services import audit
from ..services.users import authenticate, normalize_email
from . import bp


def client_address() -> str:
    return request.remote_addr or ""


def home_for(role: str) -> str:
    """Where each role starts after login."""
    return url_for({"admin": "admin.index", "liaison": "partner.index",
                    "facilitator": "team_groups.index"}.get(role, "auth.account"))


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an open redirect to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        db = get_session()
        email = normalize_email(form.email.data or "")
        result = authenticate(db, email, form.password.data or "", client_address())
        if result.user is not None:
            audit.record(db, "login.success", user=result.user, ip=client_address())
            db.commit()
            next_url = _safe_next(request.args.get("next"))
            session.clear()
            login_user(result.user)
            session.permanent = True
            return redirect(next_url or home_for(result.user.role))
        if result.throttled:
            error = _("Too many failed attempts. Please wait 15 minutes and try again.")
            status = 429
        else:
            error = _("This email and password do not match an active account.")
            status = 401
        db.commit()  # the failure's audit event
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout() -> Any:
    if current_user.is_authenticated:
        db = get_session()
        audit.record(db, "logout", user=current_user._get_current_object(), ip=client_address())
        db.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.get("/account")
def account() -> Any:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("auth/account.html")
