"""The demo a test gets is a copy of the one built at the session's first use
(tests/fixtures/snapshots.py): it must be the demo `load_demo` makes, and new rows must still get
ids of their own after the copy. The demo after its first analysis run and the small survey are
copies too: they must hold what a run writes, and what an import of the test's own workbook writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from surveyapp.models import (
    AnalysisRun,
    AnswerStems,
    Base,
    Channel,
    Partner,
    Response,
    Survey,
    SurveyVersion,
    ThemeAssignment,
    ThemeCode,
    User,
)
from surveyapp.services.demo import load_demo
from surveyapp.services.surveys import import_survey

from .fixtures.snapshots import Snapshots, empty
from .fixtures.staff import PASSWORD, demo_state, set_up_kiosk
from .fixtures.team import run_analysis


def _counts(db: Session) -> dict[str, int]:
    return {
        table.name: db.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def _unbuildable() -> None:
    pytest.fail("the demo was built again instead of copied")


def test_a_copy_of_the_demo_is_the_demo_load_demo_makes(
    app: Flask, db: Session, demo: Session, snapshots: Snapshots, sign_in
) -> None:  # type: ignore[no-untyped-def]
    built = _counts(db)
    assert built["responses"] == 321
    db.close()
    empty(app.extensions["db_engine"])
    snapshots.state("demo", _unbuildable)
    assert _counts(db) == built
    # Loading the demo on the copy finds every row already there, as on the demo itself.
    assert "0 sample responses added (321 in all)" in load_demo(db, PASSWORD)
    db.commit()
    assert _counts(db) == built
    assert sign_in("analyst@demo.test").get("/team/").status_code == 200
    # New rows get ids of their own next to the copied ones.
    partner = Partner(slug="new-partner", name="New", kind="cbo", languages=["en"])
    db.add(partner)
    db.flush()
    channel = Channel(
        token="new-channel",
        name="New",
        partner_id=partner.id,
        survey_id=db.scalar(select(Response.survey_id).limit(1)),
    )
    db.add(channel)
    db.commit()
    assert db.scalar(select(func.count()).select_from(Partner)) == built["partners"] + 1


def test_a_demo_asked_for_after_other_rows_is_loaded_next_to_them(
    small_survey: Channel, demo: Session
) -> None:
    tokens = set(demo.scalars(select(Channel.token)))
    assert {"t1", "demo", "demo-kiosk"} <= tokens
    assert demo.scalar(select(func.count()).select_from(Response)) == 321


def test_the_copy_keeps_the_databases_own_rules(demo: Session) -> None:
    """The triggers were off only for the copy: an answer of a complete response stays frozen."""
    response_id = demo.scalar(select(Response.id).where(Response.status == "complete").limit(1))
    with pytest.raises(DBAPIError, match="answers of a complete response are never changed"):
        demo.execute(text("UPDATE answers SET value = 'x' WHERE response_id = :id"), {"id": response_id})
    demo.rollback()


def _run_rows(db: Session) -> dict[str, object]:
    """What analysis runs wrote, without their ids and times (a copy keeps the first run's times)."""
    runs = db.scalars(select(AnalysisRun).order_by(AnalysisRun.id)).all()
    assignment = (ThemeAssignment.doc_id, ThemeAssignment.response_id, ThemeAssignment.question)
    return {
        "runs": [
            (r.survey_id, r.status, r.started_by, r.progress, r.n_documents, r.result, r.error)
            + (r.codebook_version_id,)
            for r in runs
        ],
        "assignments": sorted(
            db.execute(
                select(
                    *assignment,
                    ThemeAssignment.note_id,
                    ThemeAssignment.theme_id,
                    ThemeAssignment.score,
                    ThemeAssignment.lang,
                )
            ).all()
        ),
        "codes": sorted(
            db.execute(
                select(ThemeAssignment.doc_id, ThemeCode.theme_id, ThemeCode.score, ThemeCode.evidence).join(
                    ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id
                )
            ).all()
        ),
        "stems": sorted(db.execute(select(AnswerStems.digest, AnswerStems.scheme, AnswerStems.stems)).all()),
    }


def test_a_copy_of_the_analysed_demo_holds_what_a_run_on_the_demo_writes(
    app: Flask, db: Session, analysed: AnalysisRun, snapshots: Snapshots
) -> None:
    assert analysed.status == "done"
    copied = _counts(db), _run_rows(db)
    assert copied[0]["theme_assignments"] == analysed.n_documents > 300
    db.close()
    empty(app.extensions["db_engine"])
    demo_state(db, snapshots)
    assert _counts(db)["analysis_runs"] == 0
    run_analysis(db)
    assert (_counts(db), _run_rows(db)) == copied


def _form_rows(db: Session) -> tuple[object, ...]:
    version = db.scalars(select(SurveyVersion)).one()
    survey = db.scalars(select(Survey)).one()
    channel = db.scalars(select(Channel)).one()
    return (
        _counts(db),
        survey.slug,
        version.version,
        version.definition,
        version.published_at is not None,
        survey.current_version_id == version.id,
        (channel.token, channel.mode, channel.survey_id == version.survey_id, channel.partner.slug),
    )


def test_a_copy_of_the_small_survey_is_this_tests_own_workbook_imported(
    app: Flask, db: Session, small_survey: Channel, small_form: Path, channel_for
) -> None:  # type: ignore[no-untyped-def]
    copied = _form_rows(db)
    assert copied[0]["survey_versions"] == 1
    db.close()
    empty(app.extensions["db_engine"])
    channel_for(import_survey(db, small_form).survey.id)
    assert _form_rows(db) == copied


def test_a_copy_of_the_kiosk_is_this_tests_own_kiosk_set_up_again(
    app: Flask, db: Session, kiosk_channel: Channel, small_form: Path, channel_for, sign_in
) -> None:  # type: ignore[no-untyped-def]
    def rows() -> tuple[object, ...]:
        users = db.scalars(select(User).order_by(User.email)).all()
        people = [(u.email, u.role, u.partner.slug if u.partner else None) for u in users]
        languages = db.scalars(select(Channel.languages)).one()
        return _form_rows(db), languages, people

    copied = rows()
    assert copied[2] == [("liaison@p.test", "liaison", "p"), ("other@q.test", "analyst", None)]
    assert sign_in("other@q.test").get("/team/").status_code == 200  # with the password set up
    db.close()
    empty(app.extensions["db_engine"])
    set_up_kiosk(db, small_form, channel_for)
    assert rows() == copied
