"""TOTP two-factor sign-in (RFC 6238, as every authenticator app speaks it) and recovery codes.

A code is accepted once: the time step last used is stored, so a code seen over a shoulder cannot be
replayed. Recovery codes are shown once, stored hashed and each usable once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import pyotp
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import RecoveryCode, User, utcnow
from .statements import rowcount, table_of

ISSUER = "surveyapp"
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _step_of(secret: str, code: str) -> int | None:
    """The time step (now, or one either side for clock drift) whose code this is."""
    totp = pyotp.TOTP(secret)
    code = code.strip().replace(" ", "")
    if not (code.isascii() and code.isdigit() and len(code) == totp.digits):
        return None
    now_step = totp.timecode(datetime.now(UTC))
    for step in (now_step - 1, now_step, now_step + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_matches(secret: str, code: str) -> bool:
    """For confirming an enrolment: the code from the app fits this secret."""
    return _step_of(secret, code) is not None


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").replace(" ", "").encode()).hexdigest()


def enable(session: Session, user: User, secret: str) -> list[str]:
    """Turn two-factor sign-in on; returns fresh recovery codes (show them once)."""
    user.totp_secret = secret
    user.totp_last_step = None
    return new_recovery_codes(session, user)


def disable(session: Session, user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    session.execute(table_of(RecoveryCode).delete().where(RecoveryCode.user_id == user.id))


def new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(table_of(RecoveryCode).delete().where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    session.flush()
    return codes


def verify(session: Session, user: User, code: str) -> bool:
    """A current TOTP code not used before, or an unused recovery code (then used up)."""
    if not user.totp_secret:
        return False
    step = _step_of(user.totp_secret, code)
    if step is not None:
        # Compare-and-set on the last step: two requests with the same code cannot both pass.
        last = user.totp_last_step
        changed = rowcount(
            session.execute(
                update(User)
                .where(User.id == user.id, (User.totp_last_step < step) | User.totp_last_step.is_(None))
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            )
        )
        if changed == 1:
            user.totp_last_step = step
            return True
        user.totp_last_step = last
        return False
    used = rowcount(
        session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _hash(code[:40]),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=utcnow())
        )
    )
    return used == 1


def recovery_codes_left(session: Session, user: User) -> int:
    return len(
        session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
    )
