"""The files of a response, kept in step with its answers.

A file question's answer is the file's name; `sync` runs in the same transaction as every write of
answers, so that a row exists exactly for each file answer stored: a new file replaces the old one,
a cleared answer (removed, or left out by skip logic at submit) takes its file with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..forms.definition import FormDefinition
from ..models import AnswerFile, utcnow
from .media import KeptFile


def media_names(definition: FormDefinition) -> frozenset[str]:
    """The answer keys of the form's file questions."""
    return frozenset(q.name for q in definition.questions.values() if q.is_media)


def sync(
    session: Session,
    response_id: str,
    definition: FormDefinition,
    answers: Mapping[str, str],
    uploads: Mapping[str, tuple[str, KeptFile]],
) -> None:
    """Make the response's file rows match its file answers, keeping the files just uploaded."""
    media = media_names(definition)
    if not media and not uploads:
        return
    wanted = {(name, value) for name, value in answers.items() if name in media}
    rows = session.execute(
        select(AnswerFile.id, AnswerFile.question, AnswerFile.file_name).where(
            AnswerFile.response_id == response_id
        )
    ).all()
    stale = [row.id for row in rows if (row.question, row.file_name) not in wanted or row.question in uploads]
    if stale:
        session.execute(delete(AnswerFile).where(AnswerFile.id.in_(stale)))
    added = [
        {
            "response_id": response_id,
            "question": question,
            "file_name": name,
            "content_type": kept.content_type,
            "size": kept.size,
            "sha256": kept.sha256,
            "data": kept.data,
            "created_at": utcnow(),
        }
        for question, (name, kept) in uploads.items()
        if answers.get(question) == name
    ]
    if added:
        session.execute(insert(AnswerFile), added)


def file_of(session: Session, response_id: str, file_name: str) -> AnswerFile | None:
    """One stored file of a response, by its name."""
    return session.scalar(
        select(AnswerFile).where(AnswerFile.response_id == response_id, AnswerFile.file_name == file_name)
    )


def files_of(session: Session, response_id: str) -> list[tuple[str, str, int]]:
    """(question, file name, size) of a response's files, without their bytes."""
    return [
        (row.question, row.file_name, row.size)
        for row in session.execute(
            select(AnswerFile.question, AnswerFile.file_name, AnswerFile.size)
            .where(AnswerFile.response_id == response_id)
            .order_by(AnswerFile.id)
        )
    ]
