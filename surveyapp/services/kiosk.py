"""Kiosk sessions: a liaison unlocks a shared tablet for one kiosk channel, and only they end it.

Answers of a person who walks away are discarded after the channel's idle time, on the server as well as
on the screen, so the next person never sees them. "Walks away" means nobody touched the response for that
long: a page save, or the screen's heartbeat while someone types, scrolls or taps, moves `updated_at`
(for an in-progress kiosk response it is the time it was last touched). The screen's timer and the
server's cut-off use the same seconds, the channel's `idle_seconds`.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from ..models import Channel, KioskSession, Response, User, utcnow
from .statements import rowcount
from .users import hash_secret, verify_secret

MAX_WRONG_PINS = 5


def may_unlock(user: User, channel: Channel) -> bool:
    """Admins, and liaisons of the channel's own organization."""
    return user.role == "admin" or (user.role == "liaison" and user.partner_id == channel.partner_id)


def unlock(session: Session, channel: Channel, user: User, pin: str) -> KioskSession:
    kiosk = KioskSession(
        id=secrets.token_urlsafe(32), channel_id=channel.id, user_id=user.id, pin_hash=hash_secret(pin)
    )
    session.add(kiosk)
    session.flush()
    return kiosk


def active(session: Session, kiosk_id: str | None, token: str | None = None) -> KioskSession | None:
    """The kiosk session of this browser, if it is still running (for this channel token)."""
    if not kiosk_id:
        return None
    kiosk = session.get(KioskSession, str(kiosk_id)[:64])
    if kiosk is None or kiosk.ended_at is not None:
        return None
    if token is not None and kiosk.channel.token != token:
        return None
    return kiosk


def pin_accepted(session: Session, kiosk: KioskSession, pin: str) -> bool:
    """Checks the PIN; after MAX_WRONG_PINS only a staff login ends kiosk mode.

    An attempt is counted before the PIN is checked, in one conditional statement, so a burst of
    parallel guesses checks at most MAX_WRONG_PINS of them; a right PIN gives its attempt back.
    """
    counted = rowcount(
        session.execute(
            update(KioskSession)
            .where(KioskSession.id == kiosk.id, KioskSession.failed_pins < MAX_WRONG_PINS)
            .values(failed_pins=KioskSession.failed_pins + 1)
        )
    )
    if counted != 1:
        return False
    if verify_secret(kiosk.pin_hash, pin):
        session.execute(
            update(KioskSession)
            .where(KioskSession.id == kiosk.id)
            .values(failed_pins=KioskSession.failed_pins - 1)
        )
        return True
    return False


def end(kiosk: KioskSession) -> None:
    kiosk.ended_at = utcnow()


def idle_cutoff(channel: Channel, now: datetime | None = None) -> datetime:
    """A response last touched before this moment was left alone longer than the channel's idle time."""
    return (now or utcnow()) - timedelta(seconds=channel.idle_seconds)


def is_idle(response: Response, channel: Channel, now: datetime | None = None) -> bool:
    return response.status == "in_progress" and response.updated_at < idle_cutoff(channel, now)


def touch(
    session: Session, kiosk: KioskSession, response_id: str | None, now: datetime | None = None
) -> bool:
    """The screen is in use: mark the person's response as touched now.

    One conditional statement, so that a parallel reset or idle discard cannot be undone by it: only an
    in-progress response of this kiosk's channel that is not idle yet is touched; a discarded one stays
    gone and a complete one is never changed. True if a response was touched.
    """
    if not response_id:
        return False
    moment = now or utcnow()
    result = session.execute(
        update(Response)
        .where(
            Response.id == str(response_id)[:36],
            Response.channel_id == kiosk.channel_id,
            Response.status == "in_progress",
            Response.updated_at >= idle_cutoff(kiosk.channel, moment),
        )
        .values(updated_at=moment)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def discard_if_idle(
    session: Session, channel: Channel, response_id: str | None, now: datetime | None = None
) -> bool:
    """Forget this person's response if nobody touched it for the idle time (one statement, as
    `touch`, so a touch a moment ago is never discarded). True if it was discarded."""
    if not response_id:
        return False
    result = session.execute(
        delete(Response)
        .where(
            Response.id == str(response_id)[:36],
            Response.channel_id == channel.id,
            Response.status == "in_progress",
            Response.updated_at < idle_cutoff(channel, now),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def discard_idle(session: Session, channel: Channel, now: datetime | None = None) -> int:
    """Forget every in-progress kiosk response of this channel nobody touched for its idle time.

    The cut-off is in the DELETE itself, so a response touched a moment ago (a heartbeat, a page save)
    is never caught between a read and the delete.
    """
    result = session.execute(
        delete(Response)
        .where(
            Response.channel_id == channel.id,
            Response.status == "in_progress",
            Response.updated_at < idle_cutoff(channel, now),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
