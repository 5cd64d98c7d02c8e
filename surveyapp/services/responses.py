"""Storing answers exactly once.

A response id is made when the person starts and is the primary key, so the database, not only this
code, refuses a second row. Pages are saved as the person goes (nothing typed is lost, and a language
switch or a resume code finds every answer). Once complete, a response is never changed: the same
answers again are acknowledged; other answers under the same id are a conflict.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session, joinedload, lazyload

from ..models import Answer, Channel, Response, SurveyVersion, utcnow

# Easy to read aloud and to type: no 0/O, 1/l/I, 2/Z, 5/S, 8/B.
RESUME_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RESUME_LENGTH = 8


class AlreadySubmitted(Exception):
    """The response is complete; the caller compares before deciding between thanks and conflict."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.id)
        self.response = response


def new_response_id() -> str:
    return str(uuid.uuid4())


def is_response_id(value: str | None) -> bool:
    try:
        return value is not None and str(uuid.UUID(value)) == value
    except ValueError:
        return False


# One statement for a response and its answers (the relationship's own loader would add a second).
# The channel and version are not joined in: the pages already hold them.
_RESPONSE_WITH_ANSWERS = (
    select(Response)
    .where(Response.id == bindparam("response_id"))
    .options(joinedload(Response.answers), lazyload(Response.channel), lazyload(Response.version))
)


def find(session: Session, response_id: str, channel_id: int) -> Response | None:
    """The response with this id and its answers, read in one statement; None if there is none.

    Raises LookupError when the id belongs to another channel.
    """
    response = session.scalars(_RESPONSE_WITH_ANSWERS, {"response_id": response_id}).unique().first()
    if response is not None and response.channel_id != channel_id:
        raise LookupError("response belongs to another channel")
    return response


def start(
    session: Session, response_id: str, *, survey_id: int, version_id: int, channel_id: int,
    language: str, entered_by_id: int | None = None,
) -> Response:
    """A new in-progress response, added to the session but not yet written: the flush that stores
    its first answers inserts it too (a parallel insert of the same id fails there, on the primary key).
    """
    response = Response(
        id=response_id,
        survey_id=survey_id,
        version_id=version_id,
        channel_id=channel_id,
        language=language,
        status="in_progress",
        current_page=0,
        entered_by_id=entered_by_id,
        answers=[],  # known to be empty: no statement to load them
    )
    session.add(response)
    return response


def get_or_start(
    session: Session, response_id: str, channel: Channel, version: SurveyVersion, language: str,
    entered_by_id: int | None = None,
) -> Response:
    """The response with this id, created in progress on first use (for this channel only)."""
    response = find(session, response_id, channel.id)
    if response is not None:
        return response
    response = start(session, response_id, survey_id=channel.survey_id, version_id=version.id,
                     channel_id=channel.id, language=language, entered_by_id=entered_by_id)
    session.flush()
    return response


def save_answers(
    session: Session,
    response: Response,
    values: Mapping[str, str | None],
    language: str,
    page: int | None = None,
) -> None:
    """Store the given answers of an in-progress response; None clears an answer."""
    if response.status == "complete":
        raise AlreadySubmitted(response)
    stored = {a.question: a for a in response.answers}
    for name, value in values.items():
        answer = stored.get(name)
        if value is None or value == "":
            if answer is not None:
                response.answers.remove(answer)
        elif answer is None:
            response.answers.append(Answer(question=name, value=value))
        elif answer.value != value:
            answer.value = value
    response.language = language
    response.updated_at = utcnow()
    if page is not None:
        response.current_page = page
    session.flush()


def differs(response: Response, values: Mapping[str, str | None]) -> bool:
    """True when these answers are not the ones stored (an empty value matches a missing answer)."""
    return answers_differ(response.answer_map(), values)


def answers_differ(stored: Mapping[str, str], values: Mapping[str, str | None]) -> bool:
    """True when these answers are not the stored ones (an empty value matches a missing answer)."""
    return any((stored.get(name) or "") != (value or "") for name, value in values.items())


def complete(session: Session, response: Response) -> None:
    """Mark complete; completing twice is a no-op, so a retried submit stores nothing twice."""
    if response.status == "complete":
        return
    now = utcnow()
    response.status = "complete"
    response.completed_at = now
    response.updated_at = now
    response.resume_code = None
    response.resume_expires_at = None
    session.flush()


def submit_whole(
    session: Session,
    response_id: str,
    channel: Channel,
    version: SurveyVersion,
    language: str,
    values: Mapping[str, str | None],
) -> tuple[Response, bool]:
    """Store a whole response in one call (offline queues, imports): (response, newly_stored).

    An identical resend returns the stored response; different answers raise AlreadySubmitted.
    """
    response = get_or_start(session, response_id, channel, version, language)
    if response.status == "complete":
        full = {name: values.get(name) for name in set(values) | set(response.answer_map())}
        if differs(response, full):
            raise AlreadySubmitted(response)
        return response, False
    save_answers(session, response, values, language)
    for name in set(response.answer_map()) - set(values):
        save_answers(session, response, {name: None}, language)
    complete(session, response)
    return response, True


def issue_resume_code(session: Session, response: Response, days: int) -> str:
    """A short code to come back to an unfinished response from any device."""
    if response.status == "complete":
        raise AlreadySubmitted(response)
    while True:
        code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
        if session.scalar(select(Response.id).where(Response.resume_code == code)) is None:
            break
    response.resume_code = code
    response.resume_expires_at = utcnow() + timedelta(days=days)
    session.flush()
    return code


def normalize_resume_code(raw: str) -> str:
    """People type codes with spaces, dashes and lower case."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:RESUME_LENGTH + 1]


def find_by_resume_code(session: Session, raw: str, now: datetime | None = None) -> Response | None:
    """The unfinished response of a code, or None when the code is unknown or expired."""
    code = normalize_resume_code(raw)
    if len(code) != RESUME_LENGTH:
        return None
    response = session.scalar(select(Response).where(Response.resume_code == code))
    if response is None or response.status == "complete":
        return None
    if response.resume_expires_at is None or response.resume_expires_at <= (now or utcnow()):
        return None
    return response


def discard(session: Session, response_id: str) -> None:
    """Forget an unfinished response entirely (kiosk reset); a complete one is never discarded."""
    session.execute(
        delete(Response).where(Response.id == response_id, Response.status == "in_progress")
    )
