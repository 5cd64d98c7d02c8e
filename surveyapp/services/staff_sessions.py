"""Server-side staff sessions: the cookie holds a random id, the database says whether it still holds.

Logout revokes one; a password change, a reset, a deactivation or "sign out everywhere" revokes all
of a person's sessions, at once on every app node, because every request checks the row.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session

from ..models import StaffSession, User, utcnow
from .statements import rowcount

# last_seen_at is written at most this often, so that a page view stays a read.
TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, *, lifetime: timedelta, user_agent: str = "", ip: str = "") -> str:
    """A new session for this user; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        StaffSession(
            id_hash=_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            user_agent=user_agent[:200],
            ip=ip[:64],
        )
    )
    session.flush()
    return token


def load(session: Session, token: str, user_id: int) -> Row[User, StaffSession] | None:
    """The active user and their live session for this cookie, in one indexed statement."""
    now = utcnow()
    return session.execute(
        select(User, StaffSession)
        .join(StaffSession, StaffSession.user_id == User.id)
        .where(
            StaffSession.id_hash == _hash(token[:100]),
            User.id == user_id,
            User.is_active.is_(True),
            StaffSession.revoked_at.is_(None),
            StaffSession.expires_at > now,
        )
    ).first()


def touch(session: Session, staff_session: StaffSession) -> bool:
    """Note that the session is in use (for "your sessions"), at most every TOUCH_EVERY."""
    if staff_session.last_seen_at > utcnow() - TOUCH_EVERY:
        return False
    staff_session.last_seen_at = utcnow()
    return True


def revoke(session: Session, token: str) -> None:
    session.execute(
        update(StaffSession)
        .where(StaffSession.id_hash == _hash(token[:100]), StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all(session: Session, user_id: int) -> int:
    """End every session of this person; returns how many were live."""
    return rowcount(
        session.execute(
            update(StaffSession)
            .where(StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    )


def live(session: Session, user_id: int) -> list[StaffSession]:
    """This person's sessions that still let someone in, newest first."""
    return list(
        session.scalars(
            select(StaffSession)
            .where(
                StaffSession.user_id == user_id,
                StaffSession.revoked_at.is_(None),
                StaffSession.expires_at > utcnow(),
            )
            .order_by(StaffSession.created_at.desc())
        )
    )


def is_current(staff_session: StaffSession, token: str) -> bool:
    return staff_session.id_hash == _hash(token)
