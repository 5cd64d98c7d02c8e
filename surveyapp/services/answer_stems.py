"""Stored stems of answer texts: made once (by the theme run, or by the first search that meets a
new text), read by the codebook's word search instead of preprocessing every answer again.

The stems are `analysis.preprocess.stems_of` exactly, so a search over them matches as the
package's matcher does on the texts. Writes flush; the caller commits. Two searches storing the
same new text at once both succeed (the second insert is skipped), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from analysis.preprocess import normalize_lang, stems_of, stems_scheme

from ..models import AnswerStems
from .statements import table_of

# Digests per SELECT ... IN (...): well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 2_000


def digest_of(text: str, lang: str) -> str:
    """The key of one text in one language (32 hex characters)."""
    return hashlib.blake2b(f"{lang}\0{text}".encode(), digest_size=16).hexdigest()


def stems_for(session: Session, lang: str, texts: Sequence[str]) -> list[tuple[str, ...]]:
    """The stems of each text (in order), read where stored, else made and stored."""
    digests = [digest_of(text, lang) for text in texts]
    known = _stored(session, set(digests))
    new: dict[str, str] = {}
    out = []
    for text, digest in zip(texts, digests, strict=True):
        joined = known.get(digest)
        if joined is None:
            joined = known[digest] = new[digest] = " ".join(stems_of(text, lang))
        out.append(tuple(joined.split()))
    _insert(session, new)
    return out


def store(session: Session, docs: Iterable[tuple[str, object]]) -> int:
    """Store the stems of (text, language) pairs not stored yet (the theme run's documents), and
    remove rows of an older preprocessing; returns how many were added."""
    scheme = stems_scheme()
    session.execute(delete(AnswerStems).where(AnswerStems.scheme != scheme))
    pending: dict[str, tuple[str, str]] = {}
    for text, raw_lang in docs:
        lang = normalize_lang(raw_lang)
        if lang is not None and isinstance(text, str):
            pending.setdefault(digest_of(text, lang), (text, lang))
    known = _stored(session, set(pending))
    new = {d: " ".join(stems_of(text, lang)) for d, (text, lang) in pending.items() if d not in known}
    _insert(session, new)
    return len(new)


def _stored(session: Session, digests: set[str]) -> dict[str, str]:
    scheme = stems_scheme()
    wanted = sorted(digests)
    found: dict[str, str] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = session.execute(
            select(AnswerStems.digest, AnswerStems.stems).where(
                AnswerStems.scheme == scheme, AnswerStems.digest.in_(wanted[start : start + CHUNK])
            )
        )
        found.update((digest, joined) for digest, joined in rows)
    return found


def _insert(session: Session, new: dict[str, str]) -> None:
    if not new:
        return
    scheme = stems_scheme()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    rows = [{"digest": d, "scheme": scheme, "stems": s} for d, s in new.items()]
    # One statement run for many rows (executemany): compiled once, however many rows.
    statement = dialect.insert(table_of(AnswerStems)).on_conflict_do_nothing(
        index_elements=["digest", "scheme"]
    )
    for start in range(0, len(rows), CHUNK):
        session.execute(statement, rows[start : start + CHUNK])
