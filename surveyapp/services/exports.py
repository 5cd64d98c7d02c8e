"""Response exports: one row per response, one column per question, choice codes plus labels."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..forms.definition import Question
from ..models import Response, Survey, SurveyVersion
from .spreadsheet import Table, to_csv, to_xlsx
from .surveys import definition_of

__all__ = ["response_table", "to_csv", "to_xlsx"]

FIXED = ["response_id", "status", "survey_version", "channel", "partner", "language", "started_at",
         "completed_at", "sample_data"]


def _columns(survey: Survey, session: Session) -> list[Question]:
    """Questions of every version (current first), so older answers keep a column."""
    versions = session.scalars(
        select(SurveyVersion).where(SurveyVersion.survey_id == survey.id).order_by(
            SurveyVersion.id.desc())
    ).all()
    seen: dict[str, Question] = {}
    for version in versions:
        for q in definition_of(version).answerable:
            seen.setdefault(q.name, q)
    return list(seen.values())


def response_table(
    session: Session, survey: Survey, lang: str | None = None, include_partial: bool = False
) -> Table:
    """The responses of a survey as a table; personal data is never part of it."""
    questions = _columns(survey, session)
    current = definition_of(survey.current_version) if survey.current_version else None
    lang = lang or (current.source_language if current else "en")
    header = list(FIXED)
    for q in questions:
        header.append(q.name)
        if q.choices:
            header.append(f"{q.name}__label")
    query = (
        select(Response)
        .where(Response.survey_id == survey.id)
        .options(selectinload(Response.answers))
        .order_by(Response.started_at, Response.id)
    )
    if not include_partial:
        query = query.where(Response.status == "complete")
    table = Table(header)
    for response in session.scalars(query):
        answers = response.answer_map()
        row: list[object] = [
            response.id, response.status, response.version.version, response.channel.token,
            response.channel.partner.slug, response.language, response.started_at.isoformat(),
            response.completed_at.isoformat() if response.completed_at else "",
            "yes" if response.is_sample else "no",
        ]
        for q in questions:
            value = answers.get(q.name, "")
            row.append(int(value) if q.type == "integer" and value.lstrip("-").isdigit() else value)
            if q.choices:
                labels = [(q.choice(v).label.get(lang) if q.choice(v) else v) for v in value.split()]
                row.append("; ".join(labels))
        table.rows.append(row)
    return table
