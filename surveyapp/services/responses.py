"""Storing answers exactly once: the one service every way in (page save, review submit, kiosk
outbox) goes through.

A response id is made when the person starts and is the primary key, so the database, not only this
code, refuses a second row. A draft belongs to the browser that started it (a secret kept in its
session, compared in constant time) or to whoever enters its resume code: a bare id opens nothing.
Every write to an existing response begins with `UPDATE responses ... WHERE status = 'in_progress'`:
it takes the row's write lock before the answers are read and checked, so a page save and the final
submit never interleave, and a complete response is never changed (the migration's triggers refuse
it too, whatever path writes). Each entry point validates inside the service and returns an Outcome
that views only translate to HTTP; one helper retries a parallel insert (double tap) or a
serialization failure, and commits, so that a caller answers 2xx only for what is stored.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, joinedload

from ..models import Answer, Response, utcnow
from ..survey.calculations import with_calculations
from ..survey.context import current_context
from ..survey.definition import FormDefinition, Page
from ..survey.form_set import starting_answers
from ..survey.instance_name import instance_name
from ..survey.media import resolve
from ..survey.repeats import bookkeeping, expand
from ..survey.rules import check_page, check_whole, visible_pages
from . import answer_files
from .metadata import metadata_value
from .statements import table_of

# Easy to read aloud and to type: no 0/O, 1/l/I, 2/Z, 5/S, 8/B.
RESUME_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RESUME_LENGTH = 8
ATTEMPTS = 3

# Built once: a new draft's first save is the most frequent write, and a statement made per request
# costs more than its round trip.
_INSERT_RESPONSE = table_of(Response).insert()
_INSERT_ANSWER = table_of(Answer).insert()

Kind = Literal["stored", "acknowledged", "conflict", "invalid", "gone", "closed"]


@dataclass(frozen=True)
class Outcome:
    """What a call did. stored: written (and committed); acknowledged: the same answers were stored
    before; conflict: other answers are stored under this id, nothing changed; invalid: the answers
    break the survey's rules (a page save still stores the valid ones: nothing typed is lost); gone:
    no draft of this browser under this id, nothing opened; closed: the channel no longer accepts it.
    """

    kind: Kind
    response_id: str
    answers: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    # invalid at submit: the first page whose answers break a rule.
    page: int | None = None


@dataclass
class Draft:
    """A browser's hold on one response: its id, its secret, and whether its row exists yet."""

    id: str
    key: str
    stored: bool = False


@dataclass(frozen=True)
class NewResponse:
    """The columns of a response that a first save inserts."""

    survey_id: int
    version_id: int
    channel_id: int
    entered_by_id: int | None = None


def new_response_id() -> str:
    return str(uuid.uuid4())


def new_draft() -> Draft:
    """A fresh response id and its secret, handed to one browser."""
    return Draft(new_response_id(), secrets.token_urlsafe(32))


def is_response_id(value: str | None) -> bool:
    try:
        return value is not None and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def holds(response: Response, key: str | None) -> bool:
    """True when this secret is the draft's (constant time: a guess learns nothing from the timing)."""
    return (
        bool(key)
        and response.draft_key is not None
        and hmac.compare_digest(response.draft_key.encode(), str(key).encode())
    )


def _retryable(error: DBAPIError) -> bool:
    """A double tap (unique key), a trigger's refusal seen mid-race, or a serialization failure or
    deadlock that the database asks us to retry."""
    if isinstance(error, IntegrityError):
        return True
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in ("40001", "40P01") or "database is locked" in str(error.orig)


def stored_once(session: Session, work: Callable[[int], Outcome]) -> Outcome:
    """Run `work(attempt)` and commit what it wrote (rolling back when it stored nothing), retrying
    when a parallel request got there first; the retry reads what that request stored."""
    for attempt in range(ATTEMPTS):
        try:
            outcome = work(attempt)
            if outcome.kind in ("stored", "invalid"):
                session.commit()
            else:
                session.rollback()
            return outcome
        except DBAPIError as error:
            session.rollback()
            if attempt == ATTEMPTS - 1 or not _retryable(error):
                raise
    raise AssertionError("unreachable")


def _lock(session: Session, response_id: str, **values: Any) -> bool:
    """Take the write lock of an in-progress response, setting `values`; False when it is complete,
    gone or not there yet. The status test is in the same statement as the write."""
    result = session.execute(
        update(Response)
        .where(Response.id == response_id, Response.status == "in_progress")
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _read(session: Session, response_id: str) -> Response | None:
    """The response with its answers, in one statement, as the database holds them now."""
    query = (
        select(Response)
        .where(Response.id == response_id)
        .options(joinedload(Response.answers))
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).unique().first()


def find(session: Session, response_id: str, channel_id: int, key: str | None) -> Response | None:
    """The response of this browser's draft, with its answers; None unless the id is of this channel
    and the secret is the draft's."""
    if not is_response_id(response_id):
        return None
    response = _read(session, response_id)
    if response is None or response.channel_id != channel_id or not holds(response, key):
        return None
    return response


def answers_differ(stored: Mapping[str, str], values: Mapping[str, str | None]) -> bool:
    """True when these answers are not the stored ones (an empty value matches a missing answer)."""
    return any((stored.get(name) or "") != (value or "") for name, value in values.items())


def _apply(session: Session, response: Response, values: Mapping[str, str | None]) -> dict[str, str]:
    """Write only what changed: changed answers updated, cleared ones deleted (one statement each),
    new ones inserted in one statement (a bulk insert: their ids are never read back). Returns the
    answers now stored."""
    stored = {a.question: a for a in response.answers}
    answers = response.answer_map()
    added: list[dict[str, str]] = []
    for name, value in values.items():
        answer = stored.get(name)
        if not value:
            if answer is not None:
                response.answers.remove(answer)
                del answers[name]
        elif answer is None:
            added.append({"response_id": response.id, "question": name, "value": value})
            answers[name] = value
        elif answer.value != value:
            answer.value = answers[name] = value
    session.flush()
    if added:
        session.execute(insert(Answer), added)
    return answers


def page_values(page: Page, stored: Mapping[str, str]) -> dict[str, Any]:
    """Stored answers of a page in the shape the inputs post them (lists for select_multiple); a
    note's computed value too, which it shows."""
    return {
        q.name: q.shown(stored.get(q.name))
        for q in page.questions
        if q.answerable or (q.type == "note" and q.calculation)
    }


def save_page(
    session: Session,
    draft: Draft,
    new: NewResponse,
    definition: FormDefinition,
    index: int,
    raw: Mapping[str, Any],
    *,
    language: str,
    max_length: int,
) -> Outcome:
    """Check one page's posted values against the stored answers and store the valid ones.

    A draft whose row is not stored yet is inserted (a parallel first post of the same draft fails on
    the primary key and is retried on top of the stored row).
    """
    page = definition.pages[index]
    millis = int(utcnow().timestamp() * 1000)

    def work(attempt: int) -> Outcome:
        if not draft.stored and attempt == 0:
            # A new response starts with the form's defaults (dynamic ones evaluated now); this
            # page's own are in its post, but for read-only ones.
            starting = starting_answers(definition)
            posted, uploads = resolve(page, raw, {}, millis)
            result = check_page(definition, page, posted, starting, language, max_length)
            session.execute(
                _INSERT_RESPONSE,
                {
                    "id": draft.id,
                    "survey_id": new.survey_id,
                    "version_id": new.version_id,
                    "channel_id": new.channel_id,
                    "language": language,
                    "status": "in_progress",
                    "current_page": index,
                    "entered_by_id": new.entered_by_id,
                    "draft_key": draft.key,
                },
            )
            on_page = {q.name for q in page.questions}
            started = {**{n: v for n, v in starting.items() if n not in on_page}, **result.values}
            answers = {
                name: value
                for name, value in with_calculations(definition, starting, started).items()
                if value
            }
            if answers:
                session.execute(
                    _INSERT_ANSWER,
                    [
                        {"response_id": draft.id, "question": name, "value": value}
                        for name, value in answers.items()
                    ],
                )
            answer_files.sync(session, draft.id, definition, answers, uploads)
            return _page_outcome(draft.id, answers, result.errors)
        locked = _lock(session, draft.id, language=language, current_page=index)
        response = _read(session, draft.id)
        if response is None:
            # Gone since (a kiosk forgot an idle person): this browser's answers start it again.
            draft.stored = False
            return work(0)
        if response.channel_id != new.channel_id or not holds(response, draft.key):
            return Outcome("gone", draft.id, reason="no draft of this browser under this id")
        stored = response.answer_map()
        posted, uploads = resolve(page, raw, stored, millis)
        result = check_page(definition, page, posted, stored, language, max_length)
        if not locked:  # complete
            if result.errors or answers_differ(stored, result.values):
                return Outcome(
                    "conflict", draft.id, stored, reason="other answers were already stored under this id"
                )
            return Outcome("acknowledged", draft.id, stored)
        values = with_calculations(definition, stored, result.values)
        answers = _apply(session, response, values)
        answer_files.sync(session, draft.id, definition, answers, uploads)
        _name(response, definition, answers)
        return _page_outcome(draft.id, answers, result.errors)

    outcome = stored_once(session, work)
    if outcome.kind in ("stored", "invalid"):
        draft.stored = True
    return outcome


def _page_outcome(response_id: str, answers: dict[str, str], errors: dict[str, str]) -> Outcome:
    if errors:
        return Outcome(
            "invalid", response_id, answers, errors, reason="some answers break the survey's rules"
        )
    return Outcome("stored", response_id, answers)


def first_broken_page(
    definition: FormDefinition,
    stored: Mapping[str, str],
    language: str,
    max_length: int,
) -> tuple[int, dict[str, str]] | None:
    """The first page that applies whose stored answers break a rule (e.g. a required one missing)."""
    for i in visible_pages(definition, stored):
        page = definition.pages[i]
        result = check_page(definition, page, page_values(page, stored), stored, language, max_length)
        if result.errors:
            return i, result.errors
    return None


def submit(
    session: Session,
    draft: Draft,
    channel_id: int,
    definition: FormDefinition,
    *,
    language: str,
    max_length: int,
) -> Outcome:
    """Complete the draft after review: its answers are read and checked under the row's lock, the
    ones skip logic left out are cleared, and it is marked complete. Submitting twice is
    acknowledged, so a retried submit stores nothing twice."""

    def work(_attempt: int) -> Outcome:
        locked = _lock(session, draft.id)
        response = _read(session, draft.id)
        if response is None or response.channel_id != channel_id or not holds(response, draft.key):
            return Outcome("gone", draft.id, reason="no draft of this browser under this id")
        stored = response.answer_map()
        if not locked:
            return Outcome("acknowledged", draft.id, stored)
        broken = first_broken_page(definition, stored, language, max_length)
        if broken is not None:
            return Outcome(
                "invalid",
                draft.id,
                stored,
                broken[1],
                page=broken[0],
                reason="some answers break the survey's rules",
            )
        shown = {
            q.name for i in visible_pages(definition, stored) for q in definition.pages[i].questions
        } | bookkeeping(definition)
        answers = _apply(session, response, {name: None for name in stored if name not in shown})
        answer_files.sync(session, draft.id, definition, answers, {})
        _complete(response)  # first: `${end}` is the completion's time
        _name(response, definition, answers)
        session.flush()
        return Outcome("stored", draft.id, answers)

    outcome = stored_once(session, work)
    # An invalid submit stores nothing; the commit of stored_once is then a no-op.
    return outcome


def _named(response: Response, definition: FormDefinition, answers: Mapping[str, str]) -> str | None:
    """The instance_name of these answers, with the metadata the server records for the response
    (`${today}`, `${start}`...: services.metadata) as ODK's client would have them."""
    if not definition.instance_name:
        return None
    context = current_context()
    zone = context.now.tzinfo if context is not None and context.now is not None else None
    recorded = {m.name: metadata_value(m.type, response, zone or UTC) for m in definition.metadata}
    return instance_name(definition, {**recorded, **answers})


def _name(response: Response, definition: FormDefinition, answers: Mapping[str, str]) -> None:
    """Keep the response's instance_name that of its stored answers (written only when it changes,
    so a form without one costs no statement)."""
    name = _named(response, definition, answers)
    if name != response.instance_name:
        response.instance_name = name


def _complete(response: Response) -> None:
    now = utcnow()
    response.status = "complete"
    response.completed_at = now
    response.updated_at = now
    response.resume_code = None
    response.resume_expires_at = None


def store_whole(
    session: Session,
    response_id: str,
    new: NewResponse,
    definition: FormDefinition,
    raw: Mapping[str, Any],
    *,
    language: str,
    max_length: int,
) -> Outcome:
    """A whole response in one call (a kiosk's outbox): checked by every page's rules, stored
    complete once. An identical resend is acknowledged; other answers under the id are a conflict."""
    kept: dict[str, str] = {}
    if definition.repeats:  # each instance's questions, as many as the answers make
        definition = expand(definition, raw)
        kept = {name: str(raw[name]) for name in bookkeeping(definition) if str(raw.get(name, "")).isdigit()}
        raw = {name: value for name, value in raw.items() if name not in kept}
    known = {q.name for q in definition.answerable}
    unknown = sorted(set(raw) - known)
    if unknown:
        return Outcome(
            "invalid",
            response_id,
            errors={name: "unknown question" for name in unknown},
            reason="unknown questions",
        )
    result = check_whole(definition, raw, language, max_length)
    if result.errors:
        return Outcome(
            "invalid", response_id, errors=result.errors, reason="some answers break the survey's rules"
        )
    values = {
        name: value
        for name, value in with_calculations(
            definition, {**starting_answers(definition), **kept}, {**kept, **result.values}, whole=True
        ).items()
        if value
    }

    def work(_attempt: int) -> Outcome:
        existing = _read(session, response_id)
        if existing is None:
            now = utcnow()
            # As the row will be (never added to the session): what its metadata are made from.
            row = Response(started_at=now, completed_at=now, entered_by_id=new.entered_by_id)
            insert_complete(
                session,
                [
                    {
                        "id": response_id,
                        "survey_id": new.survey_id,
                        "version_id": new.version_id,
                        "channel_id": new.channel_id,
                        "language": language,
                        "current_page": 0,
                        "entered_by_id": new.entered_by_id,
                        "started_at": now,
                        "updated_at": now,
                        "completed_at": now,
                        "instance_name": _named(row, definition, values),
                    }
                ],
                [
                    {"response_id": response_id, "question": name, "value": value}
                    for name, value in values.items()
                ],
            )
            return Outcome("stored", response_id, dict(values))
        stored = existing.answer_map()
        if existing.channel_id != new.channel_id:
            return Outcome("conflict", response_id, reason="this id belongs to another channel")
        if existing.status != "complete" or stored != values:
            return Outcome("conflict", response_id, reason="other answers were already stored under this id")
        return Outcome("acknowledged", response_id, stored)

    return stored_once(session, work)


def issue_resume_code(session: Session, draft: Draft, days: int) -> str | None:
    """A short code to come back to an unfinished response from any device (None if it is complete).
    Whoever enters it holds the draft as this browser does."""
    for _attempt in range(ATTEMPTS):
        code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
        try:
            if not _lock(
                session, draft.id, resume_code=code, resume_expires_at=utcnow() + timedelta(days=days)
            ):
                session.rollback()
                return None
            session.commit()
            return code
        except IntegrityError:  # the same code drawn twice: draw again
            session.rollback()
    raise RuntimeError("no free resume code")


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
    secret, and whoever enters it holds the draft as the browser that started it does."""
    if response.draft_key is None:  # a draft stored before drafts had keys
        response.draft_key = secrets.token_urlsafe(32)
        session.commit()
    return Draft(response.id, response.draft_key, stored=True)


def discard(session: Session, response_id: str) -> None:
    """Forget an unfinished response entirely (kiosk reset); a complete one is never discarded."""
    session.execute(delete(Response).where(Response.id == response_id, Response.status == "in_progress"))


def insert_complete(session: Session, responses: list[dict[str, Any]], answers: list[dict[str, Any]]) -> None:
    """Complete responses brought in whole (demo samples, fixtures, benchmarks), many at a time.

    The database refuses an answer added to a complete response, so they go in as in progress with
    their answers and are then completed, in the caller's transaction.
    """
    if not responses:
        return
    session.execute(
        insert(Response), [{**row, "status": "in_progress", "completed_at": None} for row in responses]
    )
    if answers:
        session.execute(insert(Answer), answers)
    session.execute(
        update(Response),
        [{"id": row["id"], "status": "complete", "completed_at": row["completed_at"]} for row in responses],
    )
