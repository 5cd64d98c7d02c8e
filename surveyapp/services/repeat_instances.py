"""Adding and removing a repeat's instances ("Add another", "Remove"), under the response's write lock
as every other write (services.responses): the later instances' answers move down when one is
removed, their files with them in the same transaction (services.answer_files), so nothing of one
instance is left under another's key."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session

from ..survey.definition import FormDefinition
from ..survey.repeats import added, removed
from . import answer_files
from .responses import Draft, Outcome, _apply, _lock, _read, holds, stored_once

Writes = Callable[[Mapping[str, str]], Mapping[str, str | None]]


def _change(session: Session, draft: Draft, definition: FormDefinition, writes: Writes) -> Outcome:
    def work(_attempt: int) -> Outcome:
        if not draft.stored or not _lock(session, draft.id):
            return Outcome("conflict", draft.id, reason="no draft in progress under this id")
        response = _read(session, draft.id)
        if response is None or not holds(response, draft.key):
            return Outcome("gone", draft.id, reason="no draft of this browser under this id")
        answers = _apply(session, response, writes(response.answer_map()))
        answer_files.sync(session, draft.id, definition, answers, {})
        return Outcome("stored", draft.id, answers)

    return stored_once(session, work)


def add_instance(session: Session, draft: Draft, definition: FormDefinition, repeat: str) -> Outcome:
    """One more instance of `repeat` (a repeat without `repeat_count`), at its end."""
    return _change(session, draft, definition, lambda _stored: added(definition, repeat))


def remove_instance(
    session: Session, draft: Draft, definition: FormDefinition, repeat: str, index: int
) -> Outcome:
    """Instance `index` of `repeat` removed with its answers; the later ones move down one place."""
    return _change(session, draft, definition, lambda stored: removed(definition, stored, repeat, index))
