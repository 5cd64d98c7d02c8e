"""Dashboard fixtures: the demo, an analyst's browser, and an analysis run done as the worker does it."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, Response, Survey
from surveyapp.services.responses import insert_complete
from surveyapp.services.themes import queue_run, work

from ..staff.conftest import PASSWORD, csrf_of, demo, sign_in  # noqa: F401  (fixtures)

__all__ = ["PASSWORD", "csrf_of"]


@pytest.fixture
def analyst(demo: Session, sign_in: Callable[..., FlaskClient]) -> FlaskClient:  # noqa: F811
    return sign_in("analyst@demo.test")


def barriers(db: Session) -> Survey:
    survey = db.scalar(select(Survey).where(Survey.slug == "barriers"))
    assert survey is not None
    return survey


def run_analysis(db: Session, actor: str = "cli:test") -> AnalysisRun:
    """Queue and do a run in this process, exactly as `flask themes refresh` does."""
    run, created = queue_run(db, barriers(db), actor=actor)
    db.commit()
    assert created
    done = work(db, run.id)
    assert done is not None
    assert done.status == "done", done.error
    return done


@pytest.fixture
def analysed(demo: Session) -> AnalysisRun:  # noqa: F811
    return run_analysis(demo)


def add_response(db: Session, answers: dict[str, str], language: str = "en") -> str:
    """One more complete response like the demo's public-link ones, with the given answers."""
    from surveyapp.models import utcnow

    template = db.scalar(select(Response).where(Response.is_sample.is_(True)).limit(1))
    assert template is not None
    response_id = str(uuid.uuid4())
    now = utcnow()
    insert_complete(db, [{"id": response_id, "survey_id": template.survey_id,
                          "version_id": template.version_id, "channel_id": template.channel_id,
                          "language": language, "started_at": now, "updated_at": now,
                          "completed_at": now}],
                    [{"response_id": response_id, "question": q, "value": v} for q, v in answers.items()])
    db.commit()
    return response_id
