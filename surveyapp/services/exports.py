"""Response exports: one row per response, one column per question, choice codes plus labels."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from ..models import AnalysisRun, Response, Survey, SurveyVersion
from ..survey.definition import FormDefinition, Metadata, Question, Repeat
from .dashboard import Scope
from .export_columns import instances_seen, keyed_columns, repeat_of
from .metadata import metadata_value
from .spreadsheet import Table, to_csv, to_xlsx
from .suppression import Cell, CrossTable
from .surveys import definition_of
from .theme_documents import code_rows

__all__ = ["assignments_table", "cross_table_rows", "response_table", "to_csv", "to_xlsx"]

FIXED = [
    "response_id",
    "status",
    "survey_version",
    "channel",
    "partner",
    "language",
    "started_at",
    "completed_at",
    "sample_data",
]


def _definitions(survey: Survey, session: Session) -> list[FormDefinition]:
    """Every version's definition, current first: older answers keep their columns."""
    versions = session.scalars(
        select(SurveyVersion).where(SurveyVersion.survey_id == survey.id).order_by(SurveyVersion.id.desc())
    ).all()
    return [definition_of(version) for version in versions]


def _columns(
    survey: Survey, session: Session
) -> tuple[list[Question], list[Metadata], dict[str, Repeat], bool]:
    """The questions whose values are stored, and the metadata, of every version: one column each
    (a repeat's, one per instance: export_columns); the repeats' questions; and whether a version
    names its responses (settings' instance_name: a last column, as Kobo's meta/instanceName)."""
    questions: dict[str, Question] = {}
    metadata: dict[str, Metadata] = {}
    definitions = _definitions(survey, session)
    for definition in definitions:
        for q in definition.recorded:
            questions.setdefault(q.name, q)
        for item in definition.metadata:
            metadata.setdefault(item.name, item)
    return (
        list(questions.values()),
        list(metadata.values()),
        repeat_of(definitions),
        any(d.instance_name for d in definitions),
    )


def response_table(
    session: Session,
    survey: Survey,
    lang: str | None = None,
    include_partial: bool = False,
    where: list[ColumnElement[bool]] | None = None,
    timezone: str = "UTC",
) -> Table:
    """The responses of a survey as a table (within `where`); personal data is never part of it."""
    recorded, metadata, repeats, named = _columns(survey, session)
    current = definition_of(survey.current_version) if survey.current_version else None
    lang = lang or (current.source_language if current else "en")
    query = (
        select(Response)
        .where(Response.survey_id == survey.id)
        .options(selectinload(Response.answers))
        .order_by(Response.started_at, Response.id)
    )
    if not include_partial:
        query = query.where(Response.status == "complete")
    if where:
        query = query.where(*where)
    responses = list(session.scalars(query))
    questions = keyed_columns(
        recorded, repeats, instances_seen(r.answer_map() for r in responses) if repeats else {}
    )
    header = list(FIXED) + [m.name for m in metadata]
    for name, q in questions:
        header.append(name)
        if q.choices:
            header.append(f"{name}__label")
    if named:
        header.append("instance_name")
    table = Table(header)
    for response in responses:
        answers = response.answer_map()
        row: list[object] = [
            response.id,
            response.status,
            response.version.version,
            response.channel.token,
            response.channel.partner.slug,
            response.language,
            response.started_at,
            response.completed_at or "",
            "yes" if response.is_sample else "no",
        ]
        row += [metadata_value(m.type, response, timezone) for m in metadata]
        for name, q in questions:
            value = answers.get(name, "")
            row.append(int(value) if q.type == "integer" and value.lstrip("-").isdigit() else value)
            if q.choices:
                labels = [(c.label.get(lang) if (c := q.choice(v)) else v) for v in value.split()]
                row.append("; ".join(labels))
        if named:
            row.append(response.instance_name or "")
        table.rows.append(row)
    return table


def assignments_table(
    session: Session, run: AnalysisRun, labels: dict[str, str], scope: Scope | None = None
) -> Table:
    """One row per code of each analysed document of a run (an answer naming two barriers has two
    rows, its primary code first, marked in `primary`): ids, source, theme, score, language (no
    text)."""
    codes = code_rows(run, scope).subquery()
    table = Table(
        [
            "document_id",
            "response_id",
            "question",
            "source",
            "theme_id",
            "theme_label",
            "primary",
            "score",
            "language",
            "analysis_run",
        ]
    )
    rows = session.execute(
        select(
            codes.c.doc_id,
            codes.c.response_id,
            codes.c.question,
            codes.c.note_id,
            codes.c.theme_id,
            codes.c.primary_theme,
            codes.c.score,
            codes.c.lang,
        ).order_by(
            codes.c.doc_id,
            codes.c.theme_id != codes.c.primary_theme,  # the primary code first
            codes.c.score.desc(),
            codes.c.theme_id,
        )
    )
    for doc_id, response_id, question, note_id, theme_id, primary, score, lang in rows:
        table.rows.append(
            [
                doc_id,
                response_id or "",
                question or "",
                "focus group" if note_id else "survey",
                theme_id,
                labels.get(theme_id, theme_id),
                "yes" if theme_id == primary else "no",
                round(score, 4),
                lang,
                run.id,
            ]
        )
    return table


def cross_table_rows(
    table: CrossTable, row_title: str, total: str, hidden: str, people: str | None = None
) -> Table:
    """A dashboard table as counts with its totals; hidden cells carry `hidden`, never a number.
    The last row is named `people` where given (rows that overlap: it is not their sum)."""

    def shown(cell: Cell) -> object:
        return hidden if cell.hidden else cell.count

    out = Table([row_title, *(label for _, label in table.columns), total])
    for (_, label), cells, row_total in zip(table.rows, table.cells, table.row_totals, strict=True):
        out.rows.append([label, *(shown(c) for c in cells), shown(row_total)])
    out.rows.append([people or total, *(shown(c) for c in table.totals), shown(table.grand)])
    return out
