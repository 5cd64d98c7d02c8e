"""Complete responses written in one go: a kiosk's outbox post (services.responses.store_whole, under
the one retry rule) and responses brought in whole by the demo, fixtures and benchmarks, whose ids
are new, many at a time in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from ..models import Answer, AnswerFile, Response


def insert_complete(
    session: Session,
    responses: list[dict[str, Any]],
    answers: list[dict[str, Any]],
    files: list[dict[str, Any]] | None = None,
) -> None:
    """Insert complete responses with their answers and files (flushes, never commits).

    The database refuses an answer or a file added to a complete response, so they go in as in
    progress with their answers and files and are then completed, in the caller's transaction.
    """
    if not responses:
        return
    session.execute(
        insert(Response), [{**row, "status": "in_progress", "completed_at": None} for row in responses]
    )
    if answers:
        session.execute(insert(Answer), answers)
    if files:
        session.execute(insert(AnswerFile), files)
    session.execute(
        update(Response),
        [{"id": row["id"], "status": "complete", "completed_at": row["completed_at"]} for row in responses],
    )
