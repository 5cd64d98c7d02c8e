"""Kiosk mode (`/k/<token>`): a shared intake tablet, unlocked by a liaison, that shows nothing but its
survey, forgets each person's answers when they finish or walk away, and caches nothing in the browser.

A browser in kiosk mode carries only the kiosk session id in its cookie (no staff login), and every
request to anything but its own kiosk pages is sent back to the start screen.

Idle: the server discards what nobody touched for the channel's `idle_seconds`; the screen's script
(static/kiosk.js) warns, then presses "Start over" after the same seconds without a touch, and while
someone types, scrolls or taps it sends a heartbeat (at most every min(15 s, idle/4), and once more
after the last touch, so the server's "last touched" is never older than the screen's). Without
JavaScript every kiosk page returns to the start screen after the idle time (a meta refresh inside
<noscript>, so that it never cuts off someone typing with JavaScript on); arriving there forgets the person.

The next person: every answer to a kiosk browser is `no-store`, kiosk forms are `autocomplete="off"`
(no form restoration or autofill), the script clears forms on `pagehide` and reloads a page the
back-forward cache brings back; and after a reset the person's response no longer exists, so a page
reached by Back renders empty.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, g, redirect, request, session, url_for

from ..db import get_session
from ..public.context import forget_person
from ..services import kiosk as kiosk_service

bp = Blueprint("kiosk", __name__)
WARN_SECONDS = 30
# Reachable from a kiosk browser besides its own kiosk pages.
OPEN_ENDPOINTS = {
    "static",
    "media.media_file",
    "system.healthz",
    "system.favicon",
    "kiosk.receive",
    "kiosk.service_worker",
}
# Kiosk pages that a locked browser may see: the start screen shows the unlock form; the outbox
# authenticates each response with the kiosk session it was answered in; the service worker is code.
UNLOCK_ENDPOINTS = {"kiosk.start", "kiosk.unlock", "kiosk.receive", "kiosk.service_worker"}


def init_app(app: Flask) -> None:
    from . import offline, receive, receive_files, views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
    receive_files.init_app(app)
    app.before_request(_confine_kiosk_browser)
    app.after_request(_no_store)


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
    if request.endpoint == "kiosk.touch":
        # The screen's heartbeat is a call, not a page: a reason instead of the start screen, and it
        # touches (in one statement) rather than discards.
        if g.kiosk is None:
            reason = "this browser is not an unlocked kiosk of this channel"
            return {"status": "refused", "reason": reason}, 403
        return None
    if g.kiosk is None and request.endpoint not in UNLOCK_ENDPOINTS:
        return redirect(url_for("kiosk.start", token=token))
    return _discard_if_idle(token)


def _discard_if_idle(token: str) -> Any:
    """Nobody touched the person's answers for the idle time (and the screen's timer did not run):
    they go, server-side too."""
    if g.kiosk is None:
        return None
    db = get_session()
    response_id = session.get("responses", {}).get(token)
    if not kiosk_service.discard_if_idle(db, g.kiosk.channel, response_id):
        return None
    db.commit()
    forget_person(token)
    return redirect(url_for("kiosk.start", token=token))


@bp.context_processor
def _kiosk_controls() -> dict[str, Any]:
    kiosk = g.get("kiosk")
    if kiosk is None:
        return {"kiosk": None}
    idle = kiosk.channel.idle_seconds
    token = kiosk.channel.token
    return {
        "kiosk": {
            "token": token,
            "idle": idle,
            "warn": min(WARN_SECONDS, idle // 2),
            "start": url_for("kiosk.start", token=token),
            "touch": url_for("kiosk.touch", token=token),
        }
    }


def _no_store(response: Response) -> Response:
    """After a reset, the back button and history show nothing of the previous person: no kiosk page
    (survey pages, redirects and error pages included) and nothing answered to a kiosk browser is kept
    by it. Static files, a survey's media and the service worker keep their own caching."""
    if request.endpoint in ("static", "media.media_file", "kiosk.service_worker"):
        return response
    if request.blueprint == "kiosk" or session.get("kiosk_token"):
        response.headers["Cache-Control"] = "no-store"
    return response
