"""The documents of an analysis run within a `Scope`: the codes each one carries, a page of a theme's
documents, and where a quoted document comes from (partner, survey or focus group).

Documents are answers and focus-group notes (`ThemeAssignment` rows); every query here is one
grouped or paged statement, so a theme page costs the same at any size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, true
from sqlalchemy.orm import Session

from ..models import (
    AnalysisRun,
    Answer,
    Channel,
    FocusGroup,
    GroupNote,
    Partner,
    Response,
    ThemeAssignment,
    ThemeCode,
)
from .dashboard import Scope

TA = ThemeAssignment


def code_rows(
    run: AnalysisRun, scope: Scope | None = None, leave_out: Iterable[str] = ()
) -> Select[*tuple[Any, ...]]:
    """Every code of every document of a run within the scope, one row per document and code: the
    one place that says which codes an answer carries. They are its stored codes (primary and
    secondary); an answer with none (a run from before codes) carries its one theme, its primary.
    Callers count from `.subquery()` (columns: assignment_id, doc_id, response_id, note_id,
    question, lang, theme_id, primary_theme, score); codes in `leave_out` are not among them."""
    theme = func.coalesce(ThemeCode.theme_id, TA.theme_id)
    left_out = list(leave_out)
    query = (
        select(
            TA.id.label("assignment_id"),
            TA.doc_id,
            TA.response_id,
            TA.note_id,
            TA.question,
            TA.lang,
            theme.label("theme_id"),
            TA.theme_id.label("primary_theme"),
            func.coalesce(ThemeCode.score, TA.score).label("score"),
        )
        .select_from(TA)
        .outerjoin(ThemeCode, ThemeCode.assignment_id == TA.id)
        .where(TA.run_id == run.id, scope.documents() if scope is not None else true())
    )
    return query.where(theme.not_in(left_out)) if left_out else query


@dataclass
class QuoteSource:
    partner: str
    source: str
    in_scope: bool
    question: str | None = None  # the question an answer came from (None: focus-group notes)


def quote_sources(
    session: Session, run: AnalysisRun, scope: Scope, doc_ids: Iterable[str]
) -> dict[str, QuoteSource]:
    """Partner and source of each quoted document, and whether it is within the filters."""
    ids = list(doc_ids)
    if not ids:
        return {}
    in_scope = scope.documents()
    rows = session.execute(
        select(TA.doc_id, TA.note_id, Partner.name, in_scope, TA.question)
        .outerjoin(Response, Response.id == TA.response_id)
        .outerjoin(Channel, Channel.id == Response.channel_id)
        .outerjoin(GroupNote, GroupNote.id == TA.note_id)
        .outerjoin(FocusGroup, FocusGroup.id == GroupNote.group_id)
        .outerjoin(Partner, Partner.id == func.coalesce(Channel.partner_id, FocusGroup.host_partner_id))
        .where(TA.run_id == run.id, TA.doc_id.in_(ids))
    )
    return {
        doc: QuoteSource(
            partner or "", "focus group" if note else "survey", bool(ok), None if note else question
        )
        for doc, note, partner, ok, question in rows
    }


@dataclass
class Document:
    doc_id: str
    theme_id: str
    text: str
    lang: str
    partner: str
    source: str
    when: datetime | None
    question: str | None = None  # the question an answer came from (None: focus-group notes)


def theme_documents(
    session: Session,
    run: AnalysisRun,
    scope: Scope,
    theme_id: str | None,
    search: str,
    page: int,
    per_page: int = 50,
) -> tuple[list[Document], int, int]:
    """One page of a theme's documents (text search, case-insensitive), how many match, and the
    page shown (a page past the last one shows the last)."""
    text = func.coalesce(Answer.value, GroupNote.text)
    where = [TA.run_id == run.id, scope.documents()]
    if theme_id is not None:  # every answer carrying the code (runs before codes: the theme)
        coded = select(ThemeCode.assignment_id).where(ThemeCode.theme_id == theme_id)
        where.append(or_(TA.theme_id == theme_id, TA.id.in_(coded)))
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(text.ilike(f"%{escaped}%", escape="\\"))
    counted = select(TA.doc_id).select_from(TA)
    if search:  # only a search needs the text to count
        counted = counted.outerjoin(
            Answer, and_(Answer.response_id == TA.response_id, Answer.question == TA.question)
        ).outerjoin(GroupNote, GroupNote.id == TA.note_id)
    total = session.scalar(select(func.count()).select_from(counted.where(*where).subquery())) or 0
    page = min(page, max(0, (total - 1) // per_page))  # past the last page: the last page
    rows = session.execute(
        select(
            TA.doc_id,
            TA.theme_id,
            text,
            TA.lang,
            Partner.name,
            TA.note_id,
            func.coalesce(Response.completed_at, GroupNote.created_at),
            TA.question,
        )
        .select_from(TA)
        .outerjoin(Answer, and_(Answer.response_id == TA.response_id, Answer.question == TA.question))
        .outerjoin(GroupNote, GroupNote.id == TA.note_id)
        .outerjoin(Response, Response.id == TA.response_id)
        .outerjoin(Channel, Channel.id == Response.channel_id)
        .outerjoin(FocusGroup, FocusGroup.id == GroupNote.group_id)
        .outerjoin(Partner, Partner.id == func.coalesce(Channel.partner_id, FocusGroup.host_partner_id))
        .where(*where)
        .order_by(TA.doc_id)
        .limit(per_page)
        .offset(page * per_page)
    )
    docs = [
        Document(
            d,
            t,
            x or "",
            lang,
            p or "",
            "focus group" if note else "survey",
            when,
            None if note else question,
        )
        for d, t, x, lang, p, note, when, question in rows
    ]
    return docs, total, page
