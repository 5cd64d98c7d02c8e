"""A response as a page save reads and writes it: one statement to read it with its answers, and for
the write one statement for the response row and one per kind of answer change.

Saving a page is the busiest write of the app, so it uses plain (Core) statements on the same tables
and under the same rules as services.responses: the response id is the primary key (a parallel insert
of the same id fails there, and the caller retries on top of the stored row), an answer is unique per
response and question, a complete response is never changed. The ORM path (services.responses) stays
for everything else; both write the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..models import Answer, Response, utcnow
from .responses import AlreadySubmitted

_responses = Response.__table__
_answers = Answer.__table__

_READ = (
    select(_responses.c.id, _responses.c.channel_id, _responses.c.status,
           _answers.c.question, _answers.c.value)
    .select_from(_responses.outerjoin(_answers, _answers.c.response_id == _responses.c.id))
    .where(_responses.c.id == bindparam("response_id"))
    .order_by(_answers.c.id)
)
_INSERT_RESPONSE = insert(_responses)
# Bound names differ from column names, which update() reserves for its SET clause.
_UPDATE_RESPONSE = (
    update(_responses)
    .where(_responses.c.id == bindparam("b_id"))
    .values(language=bindparam("b_language"), updated_at=bindparam("b_updated_at"))
)
_UPDATE_RESPONSE_PAGE = _UPDATE_RESPONSE.values(current_page=bindparam("b_current_page"))
_INSERT_ANSWERS = insert(_answers)
_UPDATE_ANSWER = (
    update(_answers)
    .where(_answers.c.response_id == bindparam("b_response_id"),
           _answers.c.question == bindparam("b_question"))
    .values(value=bindparam("b_value"))
)


@dataclass
class Draft:
    """A response's id, status and answers (question -> stored value); `stored` is False until the
    first write inserts its row."""

    id: str
    channel_id: int
    status: str = "in_progress"
    answers: dict[str, str] = field(default_factory=dict)
    stored: bool = True
    # Columns of a response not stored yet.
    survey_id: int | None = None
    version_id: int | None = None
    entered_by_id: int | None = None


def read(session: Session, response_id: str, channel_id: int) -> Draft | None:
    """The response with this id and its answers, in one statement; None if there is none.

    Raises LookupError when the id belongs to another channel.
    """
    rows = session.connection().execute(_READ, {"response_id": response_id}).all()
    if not rows:
        return None
    if rows[0].channel_id != channel_id:
        raise LookupError("response belongs to another channel")
    answers = {row.question: row.value for row in rows if row.question is not None}
    return Draft(rows[0].id, rows[0].channel_id, rows[0].status, answers)


def new(response_id: str, *, survey_id: int, version_id: int, channel_id: int,
        entered_by_id: int | None = None) -> Draft:
    """A response that is not stored yet: `write` inserts it with its first answers."""
    return Draft(response_id, channel_id, stored=False, survey_id=survey_id, version_id=version_id,
                 entered_by_id=entered_by_id)


def write(session: Session, draft: Draft, values: Mapping[str, str | None], language: str,
          page: int | None = None) -> None:
    """Store the given answers of an in-progress response (None or "" clears one), as
    services.responses.save_answers does; `draft.answers` then holds what is stored.

    A parallel insert of the same response or answer fails with IntegrityError (the caller rolls back
    and applies its answers on top of the stored ones); a row gone before its update raises
    StaleDataError, as the ORM's flush does.
    """
    if draft.status == "complete":
        raise AlreadySubmitted(draft)  # type: ignore[arg-type]
    connection = session.connection()
    now = utcnow()
    if draft.stored:
        params = {"b_id": draft.id, "b_language": language, "b_updated_at": now}
        if page is None:
            result = connection.execute(_UPDATE_RESPONSE, params)
        else:
            result = connection.execute(_UPDATE_RESPONSE_PAGE, {**params, "b_current_page": page})
        if result.rowcount != 1:
            raise StaleDataError(f"response {draft.id} is gone")
    else:
        connection.execute(_INSERT_RESPONSE, {
            "id": draft.id, "survey_id": draft.survey_id, "version_id": draft.version_id,
            "channel_id": draft.channel_id, "language": language, "status": "in_progress",
            "current_page": page or 0, "started_at": now, "updated_at": now, "completed_at": None,
            "is_sample": False, "resume_code": None, "resume_expires_at": None,
            "entered_by_id": draft.entered_by_id,
        })
    answers = dict(draft.answers)
    cleared: list[str] = []
    added: list[dict[str, str]] = []
    changed: list[dict[str, str]] = []
    for name, value in values.items():
        before = answers.get(name)
        if value is None or value == "":
            if before is not None:
                cleared.append(name)
                del answers[name]
        elif before is None:
            added.append({"response_id": draft.id, "question": name, "value": value})
            answers[name] = value
        elif before != value:
            changed.append({"b_response_id": draft.id, "b_question": name, "b_value": value})
            answers[name] = value
    if changed:
        result = connection.execute(_UPDATE_ANSWER, changed)
        if connection.dialect.supports_sane_multi_rowcount and result.rowcount != len(changed):
            raise StaleDataError(f"an answer of response {draft.id} is gone")
    if cleared:
        connection.execute(delete(_answers).where(_answers.c.response_id == draft.id,
                                                  _answers.c.question.in_(cleared)))
    if added:
        connection.execute(_INSERT_ANSWERS, added)
    draft.answers = answers
    draft.stored = True
