"""Staff login and the one rule for staff routes: `staff_only(bp, roles)` guards a whole blueprint.

Every staff blueprint calls it once, so no route of it can be reached without its role check; the
test walking the URL map (tests/staff/test_route_access.py) keeps that true for new routes.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Flask, abort, redirect, request, url_for
from flask_login import LoginManager, current_user

from ..db import get_session
from ..models import User

login_manager = LoginManager()
login_manager.session_protection = "strong"

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


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


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.jinja_env.globals.update(has_role=has_role)
    from . import views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
