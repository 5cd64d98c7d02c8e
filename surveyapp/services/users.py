"""Staff accounts: creating them, checking passwords, and refusing password guessing.

Passwords and kiosk PINs are hashed with argon2. Failed logins are audit events; the rate limit counts
in its own table (services.throttle), so it holds across gunicorn workers, nodes and restarts.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ROLES, Partner, User, utcnow
from . import audit, staff_sessions, throttle
from .passwords import ENGLISH as PASSWORD_MESSAGES
from .passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from .passwords import password_problem

HASHER = PasswordHasher()
# Compared against when the account does not exist, so that timing does not tell which emails exist.
_DUMMY_HASH = HASHER.hash("not-a-password")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
__all__ = ["MIN_PASSWORD_LENGTH", "AccountError", "LoginResult", "authenticate", "create_user"]


class AccountError(ValueError):
    """A user cannot be created as asked; the message says why."""


def hash_secret(secret: str) -> str:
    return HASHER.hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    try:
        return HASHER.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session, email: str, role: str, password: str, *, partner_slug: str | None = None, name: str = ""
) -> User:
    """A new account; a liaison belongs to exactly one partner organization."""
    email = normalize_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    check_password(password, email=email, name=name)
    partner = None
    if partner_slug:
        partner = session.scalar(select(Partner).where(Partner.slug == partner_slug))
        if partner is None:
            raise AccountError(f"no partner organization {partner_slug!r}")
    if role == "liaison" and partner is None:
        raise AccountError("a liaison belongs to a partner organization: give --org SLUG")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"an account {email} exists already")
    user = User(
        email=email,
        role=role,
        partner_id=partner.id if partner else None,
        password_hash=hash_secret(password),
        name=name,
    )
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    throttled: bool = False
    wait_minutes: int = 0


def authenticate(
    session: Session, email: str, password: str, address: str, *, source: str | None = None
) -> LoginResult:
    """The active user with this email and password, or None; slowed down after repeated failures.

    The attempt is counted before the password is checked (services.throttle), per account and
    `source` (the address by default; the kiosk exit form passes its kiosk session). Failures are
    also audit events (the caller commits).
    """
    email = normalize_email(email)[:254]
    source = source or address
    reservation = throttle.reserve(session, email, source)
    if not reservation.allowed:
        audit.record(session, "login.throttled", actor=email, ip=address)
        return LoginResult(None, throttled=True, wait_minutes=reservation.wait_minutes)
    user = session.scalar(select(User).where(User.email == email))
    ok = verify_secret(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not ok or not user.is_active:
        audit.record(session, "login.failure", actor=email, ip=address)
        return LoginResult(None)
    throttle.succeeded(session, email, source)
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    user.last_login_at = utcnow()
    return LoginResult(user)


def check_password(password: str, *, email: str = "", name: str = "") -> None:
    """Raise AccountError (in English, for the CLI) if the policy refuses this password."""
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise AccountError(PASSWORD_MESSAGES[problem])


def set_password(session: Session, user: User, password: str, *, temporary: bool = False) -> int:
    """A new password (checked against the policy); every session of the person ends.

    Returns the number of sessions ended. A temporary one (an admin's reset) must be replaced at the
    next sign-in.
    """
    check_password(password, email=user.email, name=user.name)
    user.password_hash = hash_secret(password)
    user.must_change_password = temporary
    return staff_sessions.revoke_all(session, user.id)


def reset_password(session: Session, user: User) -> str:
    """An admin's reset: a generated temporary password (shown once), every session ended."""
    password = generate_password()
    set_password(session, user, password, temporary=True)
    return password


def update_account(session: Session, user: User, *, role: str, partner_id: int | None, name: str) -> None:
    """Change role, partner and name; a liaison keeps a partner, others may have one or not."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    if role == "liaison" and partner_id is None:
        raise AccountError("a liaison belongs to a partner organization")
    if partner_id is not None and session.get(Partner, partner_id) is None:
        raise AccountError("no such partner organization")
    changed = user.role != role or user.partner_id != partner_id
    user.role, user.partner_id, user.name = role, partner_id, name[:200]
    if changed:
        # What a session may do depends on the role: the person signs in again under the new one.
        staff_sessions.revoke_all(session, user.id)
    session.flush()


def set_active(session: Session, user: User, active: bool) -> None:
    """Deactivation takes effect at once: the person's sessions end with it."""
    user.is_active = active
    if not active:
        staff_sessions.revoke_all(session, user.id)
    session.flush()
