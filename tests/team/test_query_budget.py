"""Every dashboard page costs a bounded number of SQL statements, whatever the number of responses:
grouping happens in the database, never one query per response, theme or cell."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, Response
from surveyapp.services.complete_rows import insert_complete

from ..fixtures.team import run_analysis

BUDGET = 20  # the report: overview, themes and one table per breakdown
PAGES = (
    "/team/",
    "/team/themes",
    "/team/themes/transportation/answers?q=bus",
    "/team/disaggregate?rows=themes&by=race_ethnicity",
    "/team/disaggregate?rows=barriers&by=zip_code",
    "/team/questions",
    "/team/report",
    "/team/exports",
    "/team/?language=es&start=2020-01-01&end=2099-01-01",
)


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = app.extensions["db_engine"]

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _per_page(app: Flask, client: FlaskClient) -> dict[str, int]:
    out = {}
    for path in PAGES:
        with counting(app) as statements:
            assert client.get(path).status_code == 200, path
        out[path] = len(statements)
    return out


def _copy_responses(db: Session) -> None:
    """Every complete response once more, with its answers (new ids): twice the data."""
    responses = db.scalars(select(Response).where(Response.status == "complete")).all()
    copies, answers = [], []
    for r in responses:
        new_id = str(uuid.uuid4())
        copies.append(
            {
                "id": new_id,
                "survey_id": r.survey_id,
                "version_id": r.version_id,
                "channel_id": r.channel_id,
                "language": r.language,
                "started_at": r.started_at,
                "updated_at": r.updated_at,
                "completed_at": r.completed_at,
                "is_sample": True,
            }
        )
        answers += [{"response_id": new_id, "question": a.question, "value": a.value} for a in r.answers]
    insert_complete(db, copies, answers)
    db.commit()


def test_dashboard_pages_cost_the_same_few_statements_at_any_size(
    app: Flask, analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    small = _per_page(app, analyst)
    assert max(small.values()) <= BUDGET, small
    _copy_responses(demo)
    run_analysis(demo)
    assert _per_page(app, analyst) == small
