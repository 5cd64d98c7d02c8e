"""The files of a response, kept in step with its answers.

A file question's answer is the file's name; `sync` runs in the same transaction as every write of
answers, so that a row exists exactly for each file answer stored: a new file replaces the old one,
a cleared answer (removed, or left out by skip logic at submit) takes its file with it. Inside a
repeat a file is keyed by its instance (`member[2]/photo`); when an instance is removed the later
instances' answers move down, and each file follows its name (unique within the response) to its
new key.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ..models import AnswerFile, utcnow
from ..survey.definition import FormDefinition
from ..survey.repeats import parse_key, repeat_name
from .media import KeptFile


def media_names(definition: FormDefinition) -> frozenset[str]:
    """The names of the form's file questions, as written (`photo` inside a repeat too)."""
    pages = definition.stored_pages or definition.pages
    return frozenset(q.name for p in pages for q in p.questions if q.is_media)


def is_file_answer(definition: FormDefinition, media: frozenset[str], name: str) -> bool:
    """True for the answer key of a file question, in an instance of a repeat or not: an instance
    the definition is not expanded for (a count lowered since) is one still."""
    parsed = parse_key(name)
    if parsed is None:
        return name in media
    repeat = definition.repeats.get(repeat_name(parsed[0]))
    return repeat is not None and parsed[2] in repeat.questions and parsed[2] in media


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
    wanted = {
        value: name
        for name, value in answers.items()
        if is_file_answer(definition, media, name) and name not in uploads
    }
    rows = session.execute(
        select(AnswerFile.id, AnswerFile.question, AnswerFile.file_name).where(
            AnswerFile.response_id == response_id
        )
    ).all()
    stale = [row.id for row in rows if row.file_name not in wanted]
    if stale:
        session.execute(delete(AnswerFile).where(AnswerFile.id.in_(stale)))
    _move(
        session,
        {
            row.id: wanted[row.file_name]
            for row in rows
            if wanted.get(row.file_name, row.question) != row.question
        },
    )
    added = file_rows(response_id, answers, uploads)
    if added:
        session.execute(insert(AnswerFile), added)


def file_rows(
    response_id: str, answers: Mapping[str, str], uploads: Mapping[str, tuple[str, KeptFile]]
) -> list[dict[str, object]]:
    """The answer_files rows of the files just sent whose answers are stored under their names."""
    return [
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


def resent_alike(
    session: Session,
    response_id: str,
    stored: Mapping[str, str],
    values: Mapping[str, str],
    uploads: Mapping[str, tuple[str, KeptFile]],
) -> bool:
    """True when a whole response sent again is the one stored: the same answers, and the same
    bytes for each file (names are given at arrival, so a resend's differ)."""
    digests = digests_of(session, response_id)
    if digests != {key: kept.sha256 for key, (_name, kept) in uploads.items()}:
        return False
    return {k: v for k, v in stored.items() if k not in digests} == {
        k: v for k, v in values.items() if k not in uploads
    }


def digests_of(session: Session, response_id: str) -> dict[str, str]:
    """{question key: sha256} of a response's stored files: what a resend's files are compared to."""
    return {
        row.question: row.sha256
        for row in session.execute(
            select(AnswerFile.question, AnswerFile.sha256).where(AnswerFile.response_id == response_id)
        )
    }


def _move(session: Session, moves: Mapping[int, str]) -> None:
    """Give rows their new question keys. Every moving row first takes a key of its own id (`#12`,
    never an answer key), so that no row is ever given a key another still holds: the database's
    one file per question holds at each statement, whatever the order."""
    for row_id in moves:
        session.execute(update(AnswerFile).where(AnswerFile.id == row_id).values(question=f"#{row_id}"))
    for row_id, question in moves.items():
        session.execute(update(AnswerFile).where(AnswerFile.id == row_id).values(question=question))


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
