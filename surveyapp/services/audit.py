"""The audit log: one call, used for logins, exports and every view of personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models import AuditEvent, User


def record(session: Session, action: str, *, user: User | None = None, actor: str | None = None,
           target: str = "", ip: str = "", **detail: Any) -> AuditEvent:
    """Add an event to the session; the caller's commit stores it with the work it describes."""
    event = AuditEvent(user_id=user.id if user else None,
                       actor=(actor or (user.email if user else "system"))[:254],
                       action=action, target=target[:200], detail=detail, ip=ip[:64])
    session.add(event)
    return event
