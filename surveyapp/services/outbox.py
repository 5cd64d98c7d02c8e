"""What a kiosk's outbox may still deliver, and the posts it was refused, kept for staff.

A tablet answers offline and sends later, so a channel closed meanwhile still receives responses for
a grace period after it closed (the channel's `closed_at`, set by the database, or its expiry), and
only responses answered before it closed. Everything refused is kept unchanged with its reason, so a
staff member can see what a tablet held instead of it being lost on the tablet.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Channel, OutboxRefusal
from ..survey.definition import FormDefinition
from .outcomes import Outcome
from .responses import NewResponse, store_whole

LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


def closed_since(channel: Channel, now: datetime) -> datetime | None:
    """When the channel stopped accepting answers; None while it accepts them. A channel closed
    before its closing time was recorded counts as closed long ago."""
    if channel.accepts_answers(now):
        return None
    moments = [
        m
        for m in (
            channel.closed_at if not channel.is_open else None,
            channel.expires_at if channel.expires_at and channel.expires_at <= now else None,
        )
        if m is not None
    ]
    return min(moments) if moments else LONG_AGO


def refusal_reason(
    channel: Channel, now: datetime, grace: timedelta, answered_at: datetime | None
) -> str | None:
    """Why an outbox post arriving `now` is refused because of the channel's closing; None if not."""
    closed = closed_since(channel, now)
    if closed is None:
        return None
    if now > closed + grace:
        return "this channel closed before the response arrived (past the grace period)"
    if answered_at is not None and answered_at > closed:
        return "this response was answered after the channel closed"
    return None


def deliver(
    session: Session,
    channel: Channel,
    kiosk_id: str,
    response_id: str,
    new: NewResponse,
    definition: FormDefinition,
    answers: dict[str, Any],
    *,
    language: str,
    max_length: int,
    answered_at: datetime | None,
    now: datetime,
    grace: timedelta,
    body: str,
) -> Outcome:
    """A whole response from a kiosk's outbox, arriving `now`: closed when the channel's closing
    refuses it, else what services.responses.store_whole did. Every refusal is kept with its reason
    for staff (committed); a stored or acknowledged response keeps nothing."""
    closing = refusal_reason(channel, now, grace, answered_at)
    if closing:
        outcome = Outcome("closed", response_id, reason=closing)
    else:
        outcome = store_whole(
            session, response_id, new, definition, answers, language=language, max_length=max_length
        )
    if outcome.kind not in ("stored", "acknowledged"):
        refuse(
            session,
            channel.id,
            kiosk_id=kiosk_id,
            response_id=response_id,
            reason=outcome.reason,
            errors=outcome.errors or None,
            body=body,
        )
        session.commit()
    return outcome


def refuse(
    session: Session,
    channel_id: int,
    *,
    kiosk_id: str | None,
    response_id: str | None,
    reason: str,
    body: str,
    errors: dict[str, Any] | None = None,
) -> OutboxRefusal:
    """Keep a refused post as it came, with its reason (flushes; the caller commits)."""
    refusal = OutboxRefusal(
        channel_id=channel_id,
        kiosk_id=kiosk_id,
        response_id=response_id,
        reason=reason,
        errors=errors,
        body=body,
    )
    session.add(refusal)
    session.flush()
    return refusal


def refused(session: Session, channel_id: int) -> list[OutboxRefusal]:
    """A channel's refused outbox posts, oldest first, for staff to review."""
    return list(
        session.scalars(
            select(OutboxRefusal)
            .where(OutboxRefusal.channel_id == channel_id)
            .order_by(OutboxRefusal.received_at, OutboxRefusal.id)
        )
    )
