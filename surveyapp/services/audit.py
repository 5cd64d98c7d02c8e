"""The audit log: one call, used for logins, exports and every view of personal data; and the reading
of it, page by page, filtered by who, what and when."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, User
from .spreadsheet import Table


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    target: str = "",
    ip: str = "",
    **detail: Any,
) -> AuditEvent:
    """Add an event to the session; the caller's commit stores it with the work it describes."""
    event = AuditEvent(
        user_id=user.id if user else None,
        actor=(actor or (user.email if user else "system"))[:254],
        action=action,
        target=target[:200],
        detail=detail,
        ip=ip[:64],
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class EventFilter:
    """Which events a reader of the log asks for: who (part of the account's email), what (one
    action), from and to (UTC days, both included)."""

    who: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None

    def where(self) -> list[Any]:
        conditions: list[Any] = []
        if self.who:
            # `contains` escapes % and _ in what was typed (autoescape): they are matched as written.
            conditions.append(func.lower(AuditEvent.actor).contains(self.who.lower(), autoescape=True))
        if self.action:
            conditions.append(AuditEvent.action == self.action)
        if self.since:
            conditions.append(AuditEvent.at >= datetime.combine(self.since, time.min, UTC))
        if self.until:
            conditions.append(AuditEvent.at < datetime.combine(self.until + timedelta(days=1), time.min, UTC))
        return conditions


def events(
    session: Session, chosen: EventFilter, *, page: int = 1, per_page: int = 100
) -> tuple[list[AuditEvent], int]:
    """One page of the chosen events, newest first, and how many there are in all."""
    total = session.scalar(select(func.count(AuditEvent.id)).where(*chosen.where())) or 0
    rows = session.scalars(
        select(AuditEvent)
        .where(*chosen.where())
        .order_by(AuditEvent.id.desc())
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), int(total)


def actions(session: Session) -> list[str]:
    """The actions the log holds, for the filter's list."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


CSV_HEADER = ["at_utc", "actor", "action", "target", "ip", "detail"]


def as_table(rows: Iterable[AuditEvent]) -> Table:
    """The events as a spreadsheet-safe table (the actor and target may hold what people typed)."""
    return Table(
        CSV_HEADER,
        [
            [
                e.at,
                e.actor,
                e.action,
                e.target,
                e.ip,
                json.dumps(e.detail or {}, ensure_ascii=False, sort_keys=True),
            ]
            for e in rows
        ],
    )


def all_events(session: Session, chosen: EventFilter) -> Iterator[AuditEvent]:
    """Every chosen event, newest first, read in batches (a year of events is not held at once)."""
    yield from session.scalars(
        select(AuditEvent)
        .where(*chosen.where())
        .order_by(AuditEvent.id.desc())
        .execution_options(yield_per=1000)
    )
