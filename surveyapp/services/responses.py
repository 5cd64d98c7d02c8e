"""Storing answers exactly once: the one service every way in goes through (a page save of the
links, the kiosk and assisted entry, with its files; the review's submit; a kiosk outbox's whole
response; adding and removing a repeat's instances in services.repeat_instances).

Every entry point checks the answers by the survey's rules inside the service and returns an Outcome
(services.outcomes): stored, acknowledged (the same answers again), conflict (other answers under
this id, nothing changed), invalid (the rules refuse them; a page save still keeps the valid ones),
gone (no draft of this browser under this id) or closed (the channel no longer accepts it). Views
only translate the kind to HTTP. Each write runs under the one retry rule (`stored_once`), which
retries a parallel insert (double tap) or a serialization failure and commits, so a caller answers
2xx only for what is stored.

Every write to an existing response begins with `UPDATE responses ... WHERE status = 'in_progress'`
(services.drafts.lock): it takes the row's write lock before the answers are read and checked, so a
page save and the final submit never interleave, and a complete response is never changed (the
migration's triggers refuse it too, whatever path writes).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import Answer, Response, utcnow
from ..survey.calculations import with_calculations
from ..survey.context import current_context
from ..survey.definition import FormDefinition, Page
from ..survey.form_set import starting_answers
from ..survey.instance_name import instance_name
from ..survey.media import resolve, resolve_whole
from ..survey.repeats import sent_whole
from ..survey.rules import check_page, check_whole, left_out, visible_pages
from . import answer_files
from .answer_files import resent_alike
from .complete_rows import insert_complete
from .drafts import (
    Draft,
    NewResponse,
    discard,
    find,
    holds,
    is_response_id,
    new_draft,
    new_response_id,
)
from .drafts import lock as _lock
from .drafts import read as _read
from .metadata import metadata_value
from .outcomes import ATTEMPTS, Kind, Outcome, stored_once
from .resume_codes import (
    RESUME_ALPHABET,
    RESUME_LENGTH,
    draft_of,
    find_by_resume_code,
    issue_resume_code,
    normalize_resume_code,
)
from .statements import table_of

__all__ = [
    "ATTEMPTS",
    "RESUME_ALPHABET",
    "RESUME_LENGTH",
    "Draft",
    "Kind",
    "NewResponse",
    "Outcome",
    "answers_differ",
    "discard",
    "draft_of",
    "find",
    "find_by_resume_code",
    "first_broken_page",
    "holds",
    "insert_complete",
    "is_response_id",
    "issue_resume_code",
    "new_draft",
    "new_response_id",
    "normalize_resume_code",
    "page_values",
    "save_page",
    "store_whole",
    "stored_once",
    "submit",
]

# Built once: a new draft's first save is the most frequent write, and a statement made per request
# costs more than its round trip.
_INSERT_RESPONSE = table_of(Response).insert()
_INSERT_ANSWER = table_of(Answer).insert()


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
    the primary key and is retried on top of the stored row). Outcomes: stored; invalid (the valid
    answers stored, the errors returned); acknowledged (the response is complete with these same
    answers: a back button and Next); conflict (complete with other answers). Never gone: a draft
    this browser does not hold is replaced, in `draft`, by a new one these answers start.
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
            # Another's response under this id: it opens nothing, and these answers start a
            # response of their own (the caller keeps the new draft).
            fresh = new_draft()
            draft.id, draft.key, draft.stored = fresh.id, fresh.key, False
            return work(0)
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
        answers = _apply(session, response, dict.fromkeys(left_out(definition, stored)))
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
    """A whole response (a kiosk's outbox) with its files, checked by every page's rules, stored complete
    once in one transaction; a resend of the same answers and file bytes is acknowledged, else conflict."""
    definition, kept, raw = sent_whole(definition, raw)  # each instance's questions, as many as sent
    known = {q.name for q in definition.answerable}
    unknown = sorted(set(raw) - known)
    if unknown:
        return Outcome(
            "invalid",
            response_id,
            errors={name: "unknown question" for name in unknown},
            reason="unknown questions",
        )
    raw, uploads = resolve_whole(raw, int(utcnow().timestamp() * 1000))
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
                answer_files.file_rows(response_id, values, uploads),
            )
            return Outcome("stored", response_id, dict(values))
        stored = existing.answer_map()
        if existing.channel_id != new.channel_id:
            return Outcome("conflict", response_id, reason="this id belongs to another channel")
        if existing.status != "complete" or not resent_alike(session, response_id, stored, values, uploads):
            return Outcome("conflict", response_id, reason="other answers were already stored under this id")
        return Outcome("acknowledged", response_id, stored)

    return stored_once(session, work)
