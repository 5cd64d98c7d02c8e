"""Sign-in throttling that slows guessing without locking the owner out.

Attempts are counted per (account, source) pair and per source, where the source is the client
address, or a kiosk session for the staff sign-in typed on a kiosk's exit form (so that a burst there
never slows the liaison's unlock from the same address). An attempt is *reserved* before the password
is checked, in one conditional UPDATE (compare-and-set on the counter), committed on its own
connection: N parallel attempts can check at most the limit. After the limit the pair waits a growing
delay (1, 2, 4 ... minutes, capped) instead of a hard lock; another address is never slowed by it.
The per-source limit stops one address from trying many accounts, but an account that has signed in
from that source before is not held back by others' failures there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..models import LoginThrottle, utcnow

PAIR_LIMIT = 5
SOURCE_LIMIT = 50
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
# A quiet day forgets earlier failures.
FORGET_AFTER = timedelta(days=1)
# A source where the account signed in within this time is "known" for it.
KNOWN_FOR = timedelta(days=90)
_CAS_TRIES = 50
# The time the throttle goes by; tests move it forward instead of sleeping.
clock: Callable[[], datetime] = utcnow


@dataclass(frozen=True)
class Reservation:
    """The outcome of asking to check one password: allowed, or refused until `retry_at`."""

    allowed: bool
    retry_at: datetime | None = None
    keys: tuple[str, ...] = ()

    @property
    def wait_minutes(self) -> int:
        if self.retry_at is None:
            return 0
        return max(1, -int(-(self.retry_at - clock()).total_seconds() // 60))


def pair_key(account: str, source: str) -> str:
    return f"pair:{account[:254]}|{source[:128]}"


def source_key(source: str) -> str:
    return f"source:{source[:128]}"


def delay_after(attempts: int, limit: int) -> timedelta | None:
    """The wait imposed once `attempts` (this one included) reach the limit: 1, 2, 4 ... minutes."""
    over = attempts - limit
    if over < 0:
        return None
    return min(FIRST_DELAY * (2 ** min(over, 20)), MAX_DELAY)


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _row(conn: Connection, key: str) -> LoginThrottle | None:
    row = conn.execute(select(LoginThrottle.__table__).where(LoginThrottle.key == key)).first()
    return LoginThrottle(**row._mapping) if row is not None else None


def _ensure(conn: Connection, key: str) -> None:
    """The counter row exists afterwards, whether this attempt or a parallel one made it."""
    if _row(conn, key) is None:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(
            dialect.insert(LoginThrottle)
            .values(key=key, attempts=0)
            .on_conflict_do_nothing(index_elements=["key"])
        )


def _reserve_one(conn: Connection, key: str, limit: int, now: datetime) -> Reservation:
    """Count one attempt on `key` unless it is waiting; compare-and-set so none is counted twice."""
    _ensure(conn, key)
    for _ in range(_CAS_TRIES):
        row = _row(conn, key)
        assert row is not None
        if row.blocked_until is not None and row.blocked_until > now:
            return Reservation(False, row.blocked_until)
        stale = row.last_attempt_at is not None and row.last_attempt_at < now - FORGET_AFTER
        seen = row.attempts
        attempts = 1 if stale else seen + 1
        delay = delay_after(attempts, limit)
        changed = conn.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == key, LoginThrottle.attempts == seen)
            .values(attempts=attempts, last_attempt_at=now, blocked_until=now + delay if delay else None)
        ).rowcount
        if changed == 1:
            return Reservation(True)
    return Reservation(False, now + FIRST_DELAY)


def _known(conn: Connection, pair: str, now: datetime) -> bool:
    row = _row(conn, pair)
    return bool(row and row.last_success_at and row.last_success_at > now - KNOWN_FOR)


def reserve(session: Session, account: str, source: str) -> Reservation:
    """Reserve one password check for this account from this source, or say how long to wait.

    Runs in its own committed transaction, so that parallel requests see each other's attempts
    before any of them checks a password.
    """
    now = clock()
    pair = pair_key(account, source)
    with _engine(session).begin() as conn:
        if not _known(conn, pair, now):
            by_source = _reserve_one(conn, source_key(source), SOURCE_LIMIT, now)
            if not by_source.allowed:
                return by_source
        by_pair = _reserve_one(conn, pair, PAIR_LIMIT, now)
        return Reservation(by_pair.allowed, by_pair.retry_at, (pair,))


def succeeded(session: Session, account: str, source: str) -> None:
    """The right password: the pair starts again from zero and its source becomes known for it."""
    with _engine(session).begin() as conn:
        conn.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == pair_key(account, source))
            .values(attempts=0, blocked_until=None, last_success_at=clock())
        )
        # A right password is no failure of the source: its reservation there is given back.
        conn.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == source_key(source), LoginThrottle.attempts > 0)
            .values(attempts=LoginThrottle.attempts - 1)
        )
