"""Kiosk mode (`/k/<token>`): a shared intake tablet, unlocked by a liaison, that shows nothing but its
survey, forgets each person's answers when they finish or walk away, and caches nothing in the browser.

A browser in kiosk mode carries only the kiosk session id in its cookie (no staff login), and every
request to anything but its own kiosk pages is sent back to the start screen.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, g, redirect, request, session, url_for

from ..db import get_session
from ..models import Response as ResponseRow
from ..public.context import forget_person
from ..services import kiosk as kiosk_service
from ..services.responses import discard

bp = Blueprint("kiosk", __name__)
WARN_SECONDS = 30
# Reachable from a kiosk browser besides its own kiosk pages.
OPEN_ENDPOINTS = {"static", "system.healthz", "kiosk.receive", "kiosk.service_worker"}
# Kiosk pages that a locked browser may see: the start screen shows the unlock form; the outbox
# authenticates each response with the kiosk session it was answered in; the service worker is code.
UNLOCK_ENDPOINTS = {"kiosk.start", "kiosk.unlock", "kiosk.receive", "kiosk.service_worker"}


def init_app(app: Flask) -> None:
    from . import offline, views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
    app.before_request(_confine_kiosk_browser)


def _confine_kiosk_browser() -> Any:
    """A kiosk session can reach nothing but its survey."""
    token = session.get("kiosk_token")
    if not token or request.endpoint in OPEN_ENDPOINTS:
        return None
    asked = (request.view_args or {}).get("token")
    if request.blueprint == "kiosk" and asked in (None, token):
        return None
    if kiosk_service.active(get_session(), session.get("kiosk")) is None:
        # Kiosk mode was ended elsewhere: this browser is an ordinary one again.
        session.pop("kiosk", None)
        session.pop("kiosk_token", None)
        return None
    return redirect(url_for("kiosk.start", token=token))


@bp.before_request
def _require_unlocked() -> Any:
    token = str((request.view_args or {}).get("token", ""))
    g.kiosk = kiosk_service.active(get_session(), session.get("kiosk"), token)
    if g.kiosk is None and request.endpoint not in UNLOCK_ENDPOINTS:
        return redirect(url_for("kiosk.start", token=token))
    return _discard_if_idle(token)


def _discard_if_idle(token: str) -> Any:
    """The person walked away (and the screen's timer did not run): their answers go, server-side too."""
    response_id = session.get("responses", {}).get(token)
    response = get_session().get(ResponseRow, response_id) if response_id else None
    if response is None or g.kiosk is None or not kiosk_service.is_idle(response, g.kiosk.channel):
        return None
    discard(get_session(), response.id)
    get_session().commit()
    forget_person(token)
    return redirect(url_for("kiosk.start", token=token))


@bp.context_processor
def _kiosk_controls() -> dict[str, Any]:
    kiosk = g.get("kiosk")
    if kiosk is None:
        return {"kiosk": None}
    idle = kiosk.channel.idle_seconds
    return {"kiosk": {"token": kiosk.channel.token, "idle": idle, "warn": min(WARN_SECONDS, idle // 2)}}


@bp.after_request
def _no_store(response: Response) -> Response:
    """After a reset, the back button and history show nothing of the previous person."""
    response.headers["Cache-Control"] = "no-store"
    return response
