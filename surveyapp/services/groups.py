"""Focus-group intake: sign-up with capacity and waitlist, the private change/cancel link, the needs
summary a host prepares with, and the purge of personal data after the session (the files a session
gives out are in `group_files.py`)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..models import FocusGroup, Signup, utcnow
from .phones import normalize_phone
from .statements import rowcount, table_of

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SignupError(ValueError):
    """Why a sign-up cannot be stored: a key the page turns into a message in the person's language."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


@dataclass
class SignupData:
    name: str
    contact_method: str
    phone: str = ""
    email: str = ""
    language: str = "en"
    children: int = 0
    children_ages: str = ""
    needs_transportation: bool = False
    interpretation: str = ""
    accessibility: str = ""
    dietary: str = ""
    consent_contact: bool = False
    response_id: str | None = None


def manage_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def phone_region() -> str:
    """The region a number without a country code is read in (PHONE_REGION)."""
    return str(current_app.config["PHONE_REGION"]) if has_app_context() else "US"


def contact_key(data: SignupData) -> str:
    """The same person signing up twice is recognised by their phone or email (or name, via a partner):
    a number by its E.164 form, however it was typed."""
    if data.contact_method in ("phone", "text"):
        return "tel:" + (normalize_phone(data.phone, phone_region()) or re.sub(r"[^0-9+]", "", data.phone))
    if data.contact_method == "email":
        return "mailto:" + data.email.strip().lower()
    return "name:" + " ".join(data.name.lower().split())


def problems(data: SignupData) -> list[SignupError]:
    """Every reason the details cannot be stored, so that the page shows them all at once."""
    found = []
    if not data.name.strip():
        found.append(SignupError("name_missing", "name"))
    if data.contact_method in ("phone", "text") and normalize_phone(data.phone, phone_region()) is None:
        found.append(SignupError("phone_invalid", "phone"))
    if data.contact_method == "email" and not EMAIL.match(data.email.strip()):
        found.append(SignupError("email_invalid", "email"))
    return found


def check(data: SignupData) -> None:
    for problem in problems(data):
        raise problem


def seats_taken(session: Session, group: FocusGroup) -> int:
    return (
        session.scalar(
            select(func.count(Signup.id)).where(Signup.group_id == group.id, Signup.status == "confirmed")
        )
        or 0
    )


def hold_seats(session: Session, group_id: int) -> int:
    """Take the session's seats for this transaction and return its capacity as stored now.

    Every change of who holds a seat starts here, so two requests never count the same free seat:
    the UPDATE locks the session's row on PostgreSQL until commit, and on SQLite, being the
    transaction's first write, it takes the database's write lock before anything is counted.
    """
    session.flush()
    return int(
        session.execute(
            update(table_of(FocusGroup))
            .where(FocusGroup.id == group_id)
            .values(capacity=FocusGroup.capacity)
            .returning(FocusGroup.capacity)
        ).scalar_one()
    )


def fill_seats(session: Session, group_id: int) -> int:
    """Give free seats to the waiting list in the order people signed up; returns how many moved up."""
    capacity = hold_seats(session, group_id)
    confirmed = (
        session.scalar(
            select(func.count(Signup.id)).where(Signup.group_id == group_id, Signup.status == "confirmed")
        )
        or 0
    )
    if confirmed >= capacity:
        return 0
    first_in_line = (
        select(Signup.id)
        .where(Signup.group_id == group_id, Signup.status == "waitlisted")
        .order_by(Signup.created_at, Signup.id)
        .limit(capacity - confirmed)
    )
    ids = list(session.scalars(first_in_line))
    if not ids:
        return 0
    session.execute(
        update(Signup)
        .where(Signup.id.in_(ids), Signup.status == "waitlisted")
        .values(status="confirmed", updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return len(ids)


def accepting(group: FocusGroup, now: datetime) -> str | None:
    """None when sign-up is open; otherwise why not ("closed", "past")."""
    if group.starts_at <= now:
        return "past"
    if not group.is_open:
        return "closed"
    return None


def sign_up(
    session: Session,
    group: FocusGroup,
    data: SignupData,
    now: datetime | None = None,
    entered_by_id: int | None = None,
) -> tuple[Signup, str]:
    """Store a sign-up (confirmed while seats are left, else waitlisted); returns it and its secret."""
    why_not = accepting(group, now or utcnow())
    if why_not:
        raise SignupError(why_not)
    check(data)
    key = contact_key(data)
    capacity = hold_seats(session, group.id)  # before counting or looking for a twin: see hold_seats
    if (
        session.scalar(
            select(Signup.id).where(
                Signup.group_id == group.id, Signup.contact_key == key, Signup.status != "cancelled"
            )
        )
        is not None
    ):
        raise SignupError("duplicate")
    secret = secrets.token_urlsafe(18)
    status = "confirmed" if seats_taken(session, group) < capacity else "waitlisted"
    cancelled = session.scalar(select(Signup).where(Signup.group_id == group.id, Signup.contact_key == key))
    signup = cancelled or Signup(group_id=group.id)
    signup.manage_hash = manage_hash(secret)
    signup.contact_key = key
    signup.status = status
    signup.entered_by_id = entered_by_id
    _apply(signup, data)
    if cancelled is None:
        session.add(signup)
    session.flush()
    return signup, secret


def _apply(signup: Signup, data: SignupData) -> None:
    signup.name = data.name.strip()[:120]
    signup.contact_method = data.contact_method
    signup.phone = (
        normalize_phone(data.phone, phone_region()) or data.phone.strip()[:32]
        if data.contact_method in ("phone", "text")
        else ""
    )
    signup.email = data.email.strip()[:254] if data.contact_method == "email" else ""
    signup.language = data.language
    signup.children = data.children
    signup.children_ages = data.children_ages.strip()[:120] if data.children else ""
    signup.needs_transportation = data.needs_transportation
    signup.interpretation = data.interpretation
    signup.accessibility = data.accessibility.strip()[:500]
    signup.dietary = data.dietary.strip()[:500]
    signup.consent_contact = data.consent_contact
    signup.response_id = data.response_id
    signup.updated_at = utcnow()


def find(session: Session, group: FocusGroup, secret: str) -> Signup | None:
    signup = session.scalar(select(Signup).where(Signup.manage_hash == manage_hash(secret[:64])))
    return signup if signup is not None and signup.group_id == group.id else None


def change(session: Session, signup: Signup, data: SignupData) -> None:
    check(data)
    key = contact_key(data)
    clash = session.scalar(
        select(Signup.id).where(
            Signup.group_id == signup.group_id, Signup.contact_key == key, Signup.id != signup.id
        )
    )
    if clash is not None:
        raise SignupError("duplicate")
    signup.contact_key = key
    _apply(signup, data)
    session.flush()


def cancel(session: Session, signup: Signup) -> bool:
    """Cancel, and give the freed seat to the first person on the waiting list.

    The status changes only if it still is what it was (a conditional UPDATE after the seats are
    held), so a cancel sent several times at once frees one seat once. Returns whether a seat was freed.
    """
    hold_seats(session, signup.group_id)
    now = utcnow()
    freed = (
        rowcount(
            session.execute(
                update(Signup)
                .where(Signup.id == signup.id, Signup.status == "confirmed")
                .values(status="cancelled", updated_at=now)
                .execution_options(synchronize_session=False)
            )
        )
        == 1
    )
    if not freed:
        session.execute(
            update(Signup)
            .where(Signup.id == signup.id, Signup.status == "waitlisted")
            .values(status="cancelled", updated_at=now)
            .execution_options(synchronize_session=False)
        )
    session.refresh(signup)
    if freed:
        fill_seats(session, signup.group_id)
    session.flush()
    return freed


def delete_person(session: Session, signup: Signup) -> None:
    """Deletion on request: the row and everything in it go; a waitlisted person may move up."""
    cancel(session, signup)
    session.delete(signup)
    session.flush()


@dataclass
class Needs:
    people: int = 0
    childcare_people: int = 0
    children: int = 0
    rides: int = 0
    interpretation: Counter[str] = field(default_factory=Counter)
    accessibility: int = 0
    dietary: int = 0

    @property
    def any(self) -> bool:
        """Whether anyone coming needs something (the summary lists only needs someone has)."""
        return bool(
            self.childcare_people or self.rides or self.interpretation or self.accessibility or self.dietary
        )


def needs_summary(signups: list[Signup]) -> Needs:
    needs = Needs()
    for s in signups:
        if s.status != "confirmed":
            continue
        needs.people += 1
        if s.children:
            needs.childcare_people += 1
            needs.children += s.children
        needs.rides += int(s.needs_transportation)
        if s.interpretation:
            needs.interpretation[s.interpretation] += 1
        needs.accessibility += int(bool(s.accessibility))
        needs.dietary += int(bool(s.dietary))
    return needs


def purge(session: Session, days: int, now: datetime | None = None) -> int:
    """Delete the sign-ups of sessions that ended more than `days` ago (for a daily cron)."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    ended = select(FocusGroup.id).where(FocusGroup.ends_at < cutoff)
    result = session.execute(delete(Signup).where(Signup.group_id.in_(ended)))
    return rowcount(result)


def upcoming(session: Session, partner_id: int, limit: int = 2) -> list[FocusGroup]:
    """Open sessions a partner hosts next: what a survey's thank-you page invites to."""
    return list(
        session.scalars(
            select(FocusGroup)
            .where(
                FocusGroup.host_partner_id == partner_id,
                FocusGroup.is_open.is_(True),
                FocusGroup.starts_at > utcnow(),
            )
            .order_by(FocusGroup.starts_at)
            .limit(limit)
        )
    )
