"""What storing answers did, and the one retry rule every write of answers goes through.

An Outcome's kind is the whole answer of the responses service; views only translate it to HTTP
(public/outcome_pages.py for the survey's pages, kiosk/receive.py for the outbox's JSON):

- stored: written and committed.
- acknowledged: the same answers were stored before (a retry, a double tap, a resend): nothing new.
- conflict: other answers are stored under this id; nothing changed.
- invalid: the answers break the survey's rules; a page save still stores the valid ones (nothing
  typed is lost), a submit or an outbox post stores nothing.
- gone: no draft of this browser under this id (a submit after the draft was discarded): nothing opened.
- closed: the channel no longer accepts this response (an outbox post past its grace period).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

Kind = Literal["stored", "acknowledged", "conflict", "invalid", "gone", "closed"]
# Kinds after which the work is committed: an invalid page save keeps its valid answers.
COMMITTED: frozenset[Kind] = frozenset({"stored", "invalid"})
ATTEMPTS = 3


@dataclass(frozen=True)
class Outcome:
    """What a call did (see the module's docstring for each kind)."""

    kind: Kind
    response_id: str
    answers: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    # invalid at submit: the first page whose answers break a rule.
    page: int | None = None


def retryable(error: DBAPIError) -> bool:
    """A double tap (unique key), a trigger's refusal seen mid-race, or a serialization failure or
    deadlock that the database asks us to retry."""
    if isinstance(error, IntegrityError):
        return True
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in ("40001", "40P01") or "database is locked" in str(error.orig)


def stored_once(session: Session, work: Callable[[int], Outcome]) -> Outcome:
    """Run `work(attempt)` and commit what it wrote (rolling back when it stored nothing), retrying
    when a parallel request got there first; the retry reads what that request stored. Committing
    here is what lets a view answer 2xx only for what is stored."""
    for attempt in range(ATTEMPTS):
        try:
            outcome = work(attempt)
            if outcome.kind in COMMITTED:
                session.commit()
            else:
                session.rollback()
            return outcome
        except DBAPIError as error:
            session.rollback()
            if attempt == ATTEMPTS - 1 or not retryable(error):
                raise
    raise AssertionError("unreachable")
