"""Kiosk sessions: a liaison unlocks a shared tablet for one kiosk channel, and only they end it.

Answers of a person who walks away are discarded after the channel's idle time, on the server as well as
on the screen, so the next person never sees them.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Channel, KioskSession, Response, User, utcnow
from .users import hash_secret, verify_secret

MAX_WRONG_PINS = 5


def may_unlock(user: User, channel: Channel) -> bool:
    """Admins, and liaisons of the channel's own organization."""
    return user.role == "admin" or (user.role == "liaison" and user.partner_id == channel.partner_id)


def unlock(session: Session, channel: Channel, user: User, pin: str) -> KioskSession:
    kiosk = KioskSession(id=secrets.token_urlsafe(32), channel_id=channel.id, user_id=user.id,
                         pin_hash=hash_secret(pin))
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


def pin_accepted(kiosk: KioskSession, pin: str) -> bool:
    """Checks the PIN and counts wrong ones; after MAX_WRONG_PINS only a staff login ends kiosk mode."""
    if kiosk.failed_pins >= MAX_WRONG_PINS:
        return False
    if verify_secret(kiosk.pin_hash, pin):
        return True
    kiosk.failed_pins += 1
    return False


def end(kiosk: KioskSession) -> None:
    kiosk.ended_at = utcnow()


def is_idle(response: Response, channel: Channel) -> bool:
    return response.status == "in_progress" and \
        response.updated_at < utcnow() - timedelta(seconds=channel.idle_seconds)


def discard_idle(session: Session, channel: Channel) -> int:
    """Forget every in-progress kiosk response of this channel left longer than its idle time."""
    cutoff = utcnow() - timedelta(seconds=channel.idle_seconds)
    stale = select(Response.id).where(Response.channel_id == channel.id,
                                      Response.status == "in_progress", Response.updated_at < cutoff)
    ids = list(session.scalars(stale))
    if ids:
        session.execute(delete(Response).where(Response.id.in_(ids), Response.status == "in_progress"))
    return len(ids)
