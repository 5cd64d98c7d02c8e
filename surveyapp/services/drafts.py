"""A browser's hold on one unfinished response: its id (made when the person starts, the primary key,
so the database refuses a second row), its secret, and the row-level steps every write takes.

A draft belongs to the browser that started it (a secret kept in its session, compared in constant
time) or to whoever enters its resume code (services.resume_codes): a bare id opens nothing.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, joinedload

from ..models import Response, utcnow


@dataclass
class Draft:
    """A browser's hold on one response: its id, its secret, and whether its row exists yet."""

    id: str
    key: str
    stored: bool = False


@dataclass(frozen=True)
class NewResponse:
    """The columns of a response that a first save inserts."""

    survey_id: int
    version_id: int
    channel_id: int
    entered_by_id: int | None = None


def new_response_id() -> str:
    return str(uuid.uuid4())


def new_draft() -> Draft:
    """A fresh response id and its secret, handed to one browser."""
    return Draft(new_response_id(), secrets.token_urlsafe(32))


def is_response_id(value: str | None) -> bool:
    try:
        return value is not None and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def holds(response: Response, key: str | None) -> bool:
    """True when this secret is the draft's (constant time: a guess learns nothing from the timing)."""
    return (
        bool(key)
        and response.draft_key is not None
        and hmac.compare_digest(response.draft_key.encode(), str(key).encode())
    )


def lock(session: Session, response_id: str, **values: Any) -> bool:
    """Take the write lock of an in-progress response, setting `values`; False when it is complete,
    gone or not there yet. The status test is in the same statement as the write, so a page save
    and the final submit never interleave and a complete response is never changed."""
    result = session.execute(
        update(Response)
        .where(Response.id == response_id, Response.status == "in_progress")
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def read(session: Session, response_id: str) -> Response | None:
    """The response with its answers, in one statement, as the database holds them now."""
    query = (
        select(Response)
        .where(Response.id == response_id)
        .options(joinedload(Response.answers))
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).unique().first()


def find(session: Session, response_id: str, channel_id: int, key: str | None) -> Response | None:
    """The response of this browser's draft, with its answers; None unless the id is of this channel
    and the secret is the draft's."""
    if not is_response_id(response_id):
        return None
    response = read(session, response_id)
    if response is None or response.channel_id != channel_id or not holds(response, key):
        return None
    return response


def discard(session: Session, response_id: str) -> None:
    """Forget an unfinished response entirely (kiosk reset); a complete one is never discarded."""
    session.execute(delete(Response).where(Response.id == response_id, Response.status == "in_progress"))
