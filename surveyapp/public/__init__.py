"""Survey pages. Public links (`/s/<token>`, `/r`): anonymous, work with JavaScript off, in the person's
language. Assisted entry (`/e/<token>`): the same pages, for a liaison typing in a paper survey; each
response is attributed to them (Response.entered_by_id)."""

from flask import Blueprint, Response, abort, g, request
from flask_login import current_user
from sqlalchemy import select

from ..auth import staff_only
from ..db import get_session
from ..models import Channel

bp = Blueprint("public", __name__)
assisted_bp = Blueprint("assisted", __name__)
staff_only(assisted_bp, {"admin", "liaison"})


@assisted_bp.before_request
def _own_partner_only() -> None:
    """A liaison enters paper surveys for their own organization's channels only."""
    token = str((request.view_args or {}).get("token", ""))[:64]
    channel = get_session().scalar(select(Channel).where(Channel.token == token))
    if (
        channel is not None
        and current_user.role == "liaison"
        and channel.partner_id != current_user.partner_id
    ):
        abort(403)
    g.entered_by_id = current_user.id


@assisted_bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


from . import resume, take  # noqa: E402  (routes register on import)

take.add_survey_pages(bp, "/s/<token>")
take.add_survey_pages(assisted_bp, "/e/<token>")

__all__ = ["assisted_bp", "bp", "resume", "take"]
