"""Analysis runs from the page (a separate process, never the web request), the team's curation of
themes, and that curation surviving the next run; `themes refresh` for cron."""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, AuditEvent, ThemeAssignment
from surveyapp.services.themes import queue_run

from ..fixtures.staff import csrf_of
from ..fixtures.team import barriers, run_analysis


def _wait_for(db: Session, run_id: int, seconds: float = 180) -> AnalysisRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.expire_all()
        run = db.get(AnalysisRun, run_id)
        if run is not None and run.status in ("done", "failed"):
            return run
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} did not finish in {seconds} s")


def test_run_analysis_from_the_page_in_a_separate_process(analyst: FlaskClient, demo: Session) -> None:
    page = analyst.get("/team/themes")
    answer = analyst.post("/team/themes/run", data={"csrf_token": csrf_of(page), "survey": "barriers"})
    assert answer.status_code == 302
    run = demo.scalar(select(AnalysisRun))
    assert run is not None
    assert run.started_by == "analyst@demo.test"
    finished = _wait_for(demo, run.id)
    assert finished.status == "done", finished.error
    assert demo.scalar(select(func.count()).select_from(AnalysisRun)) == 1
    assert finished.n_documents == demo.scalar(select(func.count()).where(ThemeAssignment.run_id == run.id))
    body = analyst.get("/team/themes").get_data(as_text=True)
    assert "Childcare" in body
    assert "<blockquote" in body
    status = analyst.get(f"/team/themes/runs/{run.id}.json").get_json()
    assert status["status"] == "done"
    assert demo.scalar(select(func.count()).where(AuditEvent.action == "analysis.run")) >= 1


def test_a_second_click_while_a_run_is_under_way_starts_nothing(analyst: FlaskClient, demo: Session) -> None:
    from surveyapp.services.themes import queue_run

    run, _ = queue_run(demo, barriers(demo), actor="cli:test")  # queued, as a click leaves it
    demo.commit()
    page = analyst.get("/team/themes")
    assert "Analysis started by cli:test:" in page.get_data(as_text=True)
    again = analyst.post(
        "/team/themes/run", data={"csrf_token": csrf_of(page), "survey": "barriers"}, follow_redirects=True
    )
    assert "An analysis of this survey is already running." in again.get_data(as_text=True)
    assert demo.scalars(select(AnalysisRun.id)).all() == [run.id]


def test_a_run_without_a_valid_form_starts_nothing(analyst: FlaskClient, demo: Session) -> None:
    page = analyst.get("/team/themes")
    assert analyst.post("/team/themes/run", data={"survey": "barriers"}).status_code == 400
    answer = analyst.post("/team/themes/run", data={"csrf_token": csrf_of(page), "survey": "other"})
    assert answer.status_code == 302
    assert demo.scalar(select(func.count()).select_from(AnalysisRun)) == 0


def _post(client: FlaskClient, path: str, **data: str) -> None:
    page = client.get("/team/themes")
    answer = client.post(path, data={"csrf_token": csrf_of(page), "survey": "barriers", **data})
    assert answer.status_code == 302, answer.get_data(as_text=True)


def _theme(run: AnalysisRun, theme_id: str) -> dict | None:
    return next((t for t in run.result["themes"] if t["id"] == theme_id), None)


def test_team_edits_apply_at_once_and_survive_the_next_run(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    first = analysed
    emergent = [t["id"] for t in first.result["themes"] if t["kind"] == "emergent"]
    assert emergent, "the demo has emergent themes"
    doc = demo.scalar(
        select(ThemeAssignment.doc_id)
        .where(ThemeAssignment.run_id == first.id, ThemeAssignment.theme_id == "transportation")
        .limit(1)
    )

    _post(analyst, "/team/themes/childcare/rename", label="Child care & babysitting")
    _post(analyst, "/team/themes/other/hide")
    _post(analyst, "/team/themes/merge", theme="transportation", other=emergent[0])
    _post(analyst, "/team/themes/move", theme="housing", doc=doc)

    demo.expire_all()
    shown = demo.get(AnalysisRun, first.id)
    assert _theme(shown, "childcare")["label"] == "Child care & babysitting"
    assert _theme(shown, "other")["hidden"] is True
    assert _theme(shown, emergent[0]) is None
    assert (
        demo.scalar(
            select(ThemeAssignment.theme_id).where(
                ThemeAssignment.run_id == first.id, ThemeAssignment.doc_id == doc
            )
        )
        == "housing"
    )
    page = analyst.get("/team/themes").get_data(as_text=True)
    assert "Child care &amp; babysitting" in page
    assert "Hidden themes" in page
    assert demo.scalar(select(func.count()).where(AuditEvent.action == "themes.edit")) == 4

    second = run_analysis(demo)
    assert second.id != first.id
    assert _theme(second, "childcare")["label"] == "Child care & babysitting"
    assert _theme(second, "other")["hidden"] is True
    assert _theme(second, emergent[0]) is None
    assert (
        demo.scalar(
            select(ThemeAssignment.theme_id).where(
                ThemeAssignment.run_id == second.id, ThemeAssignment.doc_id == doc
            )
        )
        == "housing"
    )

    _post(analyst, "/team/themes/other/hide")  # shown again
    demo.expire_all()
    assert _theme(demo.get(AnalysisRun, second.id), "other")["hidden"] is False


def test_edits_naming_unknown_themes_or_answers_change_nothing(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    before = dict(run.result)
    _post(analyst, "/team/themes/no-such-theme/rename", label="X")
    _post(analyst, "/team/themes/merge", theme="childcare", other="childcare")
    _post(analyst, "/team/themes/move", theme="housing", doc="r:not-a-response:hardest")
    _post(analyst, "/team/themes/move", theme="no-such-theme", doc="r:x:y")
    long = analyst.post(
        "/team/themes/childcare/rename",
        data={"csrf_token": csrf_of(analyst.get("/team/themes")), "survey": "barriers", "label": "x" * 81},
    )
    assert long.status_code == 302
    demo.expire_all()
    assert demo.get(AnalysisRun, run.id).result["themes"] == before["themes"]


def test_themes_refresh_from_the_command_line(app: Flask, demo: Session) -> None:
    result = app.test_cli_runner().invoke(args=["themes", "refresh", "--survey", "barriers"])
    assert result.exit_code == 0, result.output
    assert "themes from" in result.output
    run = demo.scalar(select(AnalysisRun))
    assert run.status == "done"
    assert run.started_by.startswith("cli:")
    missing = app.test_cli_runner().invoke(args=["themes", "refresh", "--survey", "nope"])
    assert missing.exit_code != 0
    assert "no survey" in missing.output


def test_a_run_with_nothing_to_analyse_fails_with_a_reason(app: Flask, db: Session, small_form) -> None:  # type: ignore[no-untyped-def]
    from surveyapp.services.surveys import import_survey
    from surveyapp.services.themes import queue_run, work

    survey = import_survey(db, small_form).survey
    db.commit()
    run, _ = queue_run(db, survey, actor="cli:test")
    db.commit()
    done = work(db, run.id)
    assert done.status == "failed"
    assert done.error == "no answers to analyse yet"


def test_focus_group_notes_are_documents_marked_with_their_source(
    analyst: FlaskClient, demo: Session
) -> None:
    from surveyapp.models import FocusGroup, GroupNote

    group = demo.scalar(select(FocusGroup).where(FocusGroup.token == "demo-group"))
    note = GroupNote(
        group_id=group.id,
        prompt_id="p1",
        language="es",
        text="Varias madres dicen que no hay guardería por la tarde y el autobús no pasa.",
    )
    demo.add(note)
    demo.commit()
    run = run_analysis(demo)
    theme = demo.scalar(
        select(ThemeAssignment.theme_id).where(
            ThemeAssignment.run_id == run.id, ThemeAssignment.note_id == note.id
        )
    )
    assert theme is not None
    page = analyst.get(f"/team/themes/{theme}/answers?q=guarder").get_data(as_text=True)
    assert "no hay guardería por la tarde" in page
    assert "focus-group notes" in page
    # One survey question only: the notes are left out.
    only = analyst.get(f"/team/themes/{theme}/answers?q=guarder&question=hardest").get_data(as_text=True)
    assert "no hay guardería por la tarde" not in only


def test_a_moved_answer_stops_speaking_for_the_theme_it_left(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    quoted = next(t for t in run.result["themes"] if t["quotes"] and t["id"] not in ("other", "housing"))
    doc = quoted["quotes"][0]["id"]
    _post(analyst, "/team/themes/move", theme="housing", doc=doc)
    demo.expire_all()
    shown = demo.get(AnalysisRun, run.id)
    assert doc not in [q["id"] for q in _theme(shown, quoted["id"])["quotes"]]
    page = analyst.get("/team/themes").get_data(as_text=True)
    article = next(
        a
        for a in re.findall(r'<article class="theme".*?</article>', page, re.S)
        if f'href="/team/themes/{quoted["id"]}/answers' in a
    )
    assert escape(quoted["quotes"][0]["text"]) not in article


def test_run_steps_and_reasons_are_shown_in_the_readers_language(analyst: FlaskClient, demo: Session) -> None:
    from surveyapp.services.themes import NO_ANSWERS, queue_run

    run, _ = queue_run(demo, barriers(demo), actor="cli:test")
    run.progress = "preprocessing 321 answers (300 distinct texts)"
    demo.commit()
    spanish = analyst.get("/team/themes?lang=es").get_data(as_text=True)
    assert "Preparando las palabras de cada respuesta" in spanish
    assert analyst.get(f"/team/themes/runs/{run.id}.json?lang=fr").get_json()["progress"] == (
        "Préparation des mots de chaque réponse"
    )
    run.status, run.error = "failed", NO_ANSWERS
    demo.commit()
    assert "Todavía no hay respuestas para analizar." in analyst.get("/team/themes?lang=es").get_data(
        as_text=True
    )


def _merged_lines(page: str) -> list[str]:
    return re.findall(r"combinado con: ([^<]*)</p>", page)


def test_a_merged_theme_is_named_for_the_reader_not_by_its_id(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    """ "Merged with" names the theme merged in as the themes page named it, in the reader's
    language, on the run edited and on the next runs; never by an id the pages do not show."""
    from surveyapp.services.theme_labels import theme_label

    emergent = next(t for t in analysed.result["themes"] if t["kind"] == "emergent")
    _post(analyst, "/team/themes/merge", theme="transportation", other=emergent["id"])
    _post(analyst, "/team/themes/merge", theme="cost", other="food")
    page = analyst.get("/team/themes?lang=es").get_data(as_text=True)
    assert sorted(_merged_lines(page)) == sorted([str(escape(theme_label(emergent, "es"))), "Alimentación"])

    # A codebook category merged in is found again by the next run, which merges it again.
    second = run_analysis(demo)
    assert _theme(second, "cost")["merged_from"] == ["food"]
    assert "Alimentación" in _merged_lines(analyst.get("/team/themes?lang=es").get_data(as_text=True))
    third = run_analysis(demo)
    assert _theme(third, "cost")["merged_from"] == ["food"]
    assert "Alimentación" in _merged_lines(analyst.get("/team/themes?lang=es").get_data(as_text=True))


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("   ", "Por favor, escriba un nombre."),
        ("x" * 81, "Por favor, use un nombre de menos de 80 caracteres."),
    ],
)
def test_a_name_that_cannot_be_given_is_answered_with_its_reason(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun, label: str, reason: str
) -> None:
    """A blank or over-long new name is answered with what is wrong with it, in the reader's
    language, rather than with "please reload the page"."""
    token = csrf_of(analyst.get("/team/themes"))
    answer = analyst.post(
        "/team/themes/childcare/rename?lang=es",
        data={"csrf_token": token, "survey": "barriers", "label": label},
        follow_redirects=True,
    )
    page = answer.get_data(as_text=True)
    assert reason in page
    assert "vuelva a cargar la página" not in page
    demo.expire_all()
    assert _theme(demo.get(AnalysisRun, analysed.id), "childcare")["label"] == "Childcare"


def test_a_queued_run_says_it_waits_in_the_readers_language(analyst: FlaskClient, demo: Session) -> None:
    queue_run(demo, barriers(demo), actor="analyst@demo.test")
    demo.commit()
    page = analyst.get("/team/themes").get_data(as_text=True)
    started = 'Analysis started by analyst@demo.test:\n<span class="progress-text">Waiting to start</span>.'
    assert started in page
    spanish = analyst.get("/team/themes?lang=es").get_data(as_text=True)
    assert '<span class="progress-text">Esperando para empezar</span>' in spanish
