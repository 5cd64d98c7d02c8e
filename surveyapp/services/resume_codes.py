"""Save and resume: a short code, easy to read aloud, that brings a person back to an unfinished
response from any device. Whoever enters it holds the draft as the browser that started it does."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Response, utcnow
from .drafts import Draft, lock
from .outcomes import Outcome, stored_once

# Easy to read aloud and to type: no 0/O, 1/l/I, 2/Z, 5/S, 8/B.
RESUME_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RESUME_LENGTH = 8


def issue_resume_code(session: Session, draft: Draft, days: int) -> str | None:
    """A code for this draft, valid `days` days (None if the response is complete). The same code
    drawn twice fails on its unique key and is drawn again, by the one retry rule."""

    drawn: list[str] = []

    def work(_attempt: int) -> Outcome:
        drawn.append("".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH)))
        expires = utcnow() + timedelta(days=days)
        if not lock(session, draft.id, resume_code=drawn[-1], resume_expires_at=expires):
            return Outcome("gone", draft.id, reason="no draft in progress under this id")
        return Outcome("stored", draft.id)

    return drawn[-1] if stored_once(session, work).kind == "stored" else None


def normalize_resume_code(raw: str) -> str:
    """People type codes with spaces, dashes and lower case."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[: RESUME_LENGTH + 1]


def find_by_resume_code(session: Session, raw: str, now: datetime | None = None) -> Response | None:
    """The unfinished response of a code, or None when the code is unknown or expired."""
    code = normalize_resume_code(raw)
    if len(code) != RESUME_LENGTH:
        return None
    response = session.scalar(
        select(Response).where(Response.resume_code == code).execution_options(populate_existing=True)
    )
    if response is None or response.status == "complete":
        return None
    if response.resume_expires_at is None or response.resume_expires_at <= (now or utcnow()):
        return None
    return response


def draft_of(session: Session, response: Response) -> Draft:
    """The hold on a response found by its resume code: the code stands in for the browser's
    secret."""
    if response.draft_key is None:  # a draft stored before drafts had keys
        key = secrets.token_urlsafe(32)

        def work(_attempt: int) -> Outcome:
            if not lock(session, response.id, draft_key=key):
                return Outcome("gone", response.id, reason="no draft in progress under this id")
            return Outcome("stored", response.id)

        stored_once(session, work)
        return Draft(response.id, key, stored=True)
    return Draft(response.id, response.draft_key, stored=True)
