"""Staff login and the one rule for staff routes: `staff_only(bp, roles)` guards a whole blueprint.

Every staff blueprint calls it once, so no route of it can be reached without its role check; the
test walking the URL map (tests/auth/test_route_access.py) keeps that true for new routes.

A signed-in browser is a row in staff_sessions (services.staff_sessions): the cookie holds only its
random id, and every request checks the row together with the account in one statement, so that
logout, a password change and a deactivation end a session on every node at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, session, url_for
from flask_login import LoginManager, current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from ..db import get_session
from ..models import User
from ..services import staff_sessions

login_manager = LoginManager()
login_manager.session_protection = "strong"

bp = Blueprint("auth", __name__)
SESSION_KEY = "staff_sid"
# Roles whose accounts can read everyone's answers: two-factor sign-in when REQUIRE_2FA is set.
TWO_FACTOR_ROLES = ("admin", "analyst")
# Reachable while a password must be changed or two-factor sign-in set up first.
_GATE_OPEN = {
    "static",
    "auth.logout",
    "auth.change_password",
    "auth.two_factor",
    "auth.two_factor_confirm",
    "auth.login",
    "auth.login_code",
}


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    token = session.get(SESSION_KEY)
    if not user_id.isdigit() or not isinstance(token, str):
        return None
    db = get_session()
    found = staff_sessions.load(db, token, int(user_id))
    if found is None:
        return None
    user, staff_session = found
    g.staff_session = staff_session
    if staff_sessions.touch(db, staff_session):
        db.commit()
    return user


@login_manager.unauthorized_handler
def _to_login():  # type: ignore[no-untyped-def]
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def staff_only(blueprint: Blueprint, roles: Iterable[str]) -> None:
    """Anonymous visitors go to the login page; signed-in staff of another role get 403."""
    allowed = frozenset(roles)

    @blueprint.before_request
    def _check_role():  # type: ignore[no-untyped-def]
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in allowed:
            abort(403)
        return None


def has_role(*roles: str) -> bool:
    return bool(current_user.is_authenticated and current_user.role in roles)


def needs_two_factor(user: User) -> bool:
    """REQUIRE_2FA: admins and analysts set up two-factor sign-in before anything else."""
    return (
        bool(current_app.config.get("REQUIRE_2FA")) and user.role in TWO_FACTOR_ROLES and not user.totp_secret
    )


def _first_things_first() -> Any:
    """A temporary password is replaced, and required two-factor sign-in set up, before anything else."""
    if request.endpoint in _GATE_OPEN or (request.endpoint or "").startswith("system."):
        return None
    if SESSION_KEY not in session or not current_user.is_authenticated:
        return None
    if current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    if needs_two_factor(current_user):
        return redirect(url_for("auth.two_factor"))
    return None


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, the client address is the one they add to
    X-Forwarded-For (and the scheme from X-Forwarded-Proto); with 0, the headers are ignored, so
    nobody can choose their own address to escape the sign-in throttle."""
    hops = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def init_app(app: Flask) -> None:
    trust_proxies(app)
    login_manager.init_app(app)
    app.jinja_env.globals.update(has_role=has_role)
    app.before_request(_first_things_first)
    from . import views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
