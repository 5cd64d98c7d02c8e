"""Staff accounts: creating them, checking passwords, and refusing password guessing.

Passwords and kiosk PINs are hashed with argon2. Failed logins are audit events, and the same events
are what the rate limit counts, so the limit holds across gunicorn workers and restarts.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import ROLES, AuditEvent, Partner, User, utcnow
from . import audit

HASHER = PasswordHasher()
# Compared against when the account does not exist, so that timing does not tell which emails exist.
_DUMMY_HASH = HASHER.hash("not-a-password")
MIN_PASSWORD_LENGTH = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Rate limit: failed logins counted per account and per address over a sliding window.
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


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


def create_user(session: Session, email: str, role: str, password: str, *,
                partner_slug: str | None = None, name: str = "") -> User:
    """A new account; a liaison belongs to exactly one partner organization."""
    email = normalize_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    partner = None
    if partner_slug:
        partner = session.scalar(select(Partner).where(Partner.slug == partner_slug))
        if partner is None:
            raise AccountError(f"no partner organization {partner_slug!r}")
    if role == "liaison" and partner is None:
        raise AccountError("a liaison belongs to a partner organization: give --org SLUG")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"an account {email} exists already")
    user = User(email=email, role=role, partner_id=partner.id if partner else None,
                password_hash=hash_secret(password), name=name)
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    throttled: bool = False


def too_many_failures(session: Session, email: str, address: str) -> bool:
    since = utcnow() - WINDOW
    failures = select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "login.failure", AuditEvent.at > since)
    return (session.scalar(failures.where(AuditEvent.actor == email)) or 0) >= MAX_FAILURES_PER_ACCOUNT \
        or (session.scalar(failures.where(AuditEvent.ip == address)) or 0) >= MAX_FAILURES_PER_ADDRESS


def authenticate(session: Session, email: str, password: str, address: str) -> LoginResult:
    """The active user with this email and password, or None; throttled after repeated failures.

    Failures are recorded in the audit log (the caller commits), which is what the limit counts.
    """
    email = normalize_email(email)[:254]
    if too_many_failures(session, email, address):
        audit.record(session, "login.throttled", actor=email, ip=address)
        return LoginResult(None, throttled=True)
    user = session.scalar(select(User).where(User.email == email))
    ok = verify_secret(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not ok or not user.is_active:
        # Every form that checks a password (sign-in, kiosk unlock and exit) counts towards the limit.
        audit.record(session, "login.failure", actor=email, ip=address)
        return LoginResult(None)
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    user.last_login_at = utcnow()
    return LoginResult(user)
