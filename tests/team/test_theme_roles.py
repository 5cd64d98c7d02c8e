"""Barriers and strengths apart in the app: the demo's strengths question is an asset question, its
answers are themed against asset categories only, and barrier pages leave them out while the
themes page and the report give them their own section."""

from __future__ import annotations

import io
import re

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import load_codebook
from surveyapp.models import AnalysisRun, ThemeAssignment, ThemeCode, ThemeCuration
from surveyapp.services.theme_labels import theme_label
from surveyapp.services.themes import analysis_roles, documents
from surveyapp.services.xlsform import to_xlsx

from ..fixtures.staff import csrf_of
from ..fixtures.team import barriers


def test_the_survey_gives_each_question_its_role(demo: Session) -> None:
    survey = barriers(demo)
    assert analysis_roles(demo, survey) == {
        "hardest": "barriers",
        "help_most": "barriers",
        "strengths": "assets",
    }
    docs = documents(demo, survey)
    assert set(docs[docs["question"] == "strengths"]["role"]) == {"assets"}
    # The download writes the role back, so the workbook re-imports with it.
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(survey.current_version.definition, "barriers")))[
        "survey"
    ]
    header = [c.value for c in sheet[1]]
    cells = {
        row[header.index("name")]: row[header.index("instance::analysis")]
        for row in sheet.iter_rows(values_only=True)
    }
    assert (cells["hardest"], cells["strengths"]) == ("themes", "assets")


def test_demo_strengths_answers_land_in_no_barrier_category(demo: Session, analysed: AnalysisRun) -> None:
    run = analysed
    barrier = {c.id for c in load_codebook().categories if c.kind != "asset"}
    rows = demo.execute(
        select(ThemeAssignment.doc_id, ThemeCode.theme_id)
        .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
        .where(ThemeAssignment.run_id == run.id, ThemeAssignment.question == "strengths")
    ).all()
    answers = {doc for doc, _ in rows}
    in_barriers = {doc for doc, theme in rows if theme in barrier}
    assert len(answers) > 100
    assert len(in_barriers) / len(answers) <= 0.05
    roles = {t["id"]: t.get("role") for t in run.result["themes"]}
    assert {roles[theme] for _, theme in rows} == {"assets"}
    assert run.result["k_selection"]["roles"]["assets"] == len(answers)


def test_barrier_pages_leave_strengths_out_and_give_them_their_section(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    # Each name as an English reader sees it (`services.theme_labels`).
    strengths = [
        {**t, "label": theme_label(t, "en")}
        for t in run.result["themes"]
        if t.get("role") == "assets" and t["kind"] != "other"
    ]
    assert strengths
    page = analyst.get("/team/themes").get_data(as_text=True)
    barrier_part, _, strength_part = page.partition('id="strengths-h"')
    assert strength_part, "the themes page has no strengths section"
    for theme in strengths:
        assert theme["label"] not in re.sub(r"<select.*?</select>", "", barrier_part, flags=re.S)
        assert theme["label"] in strength_part
    report = analyst.get("/team/report").get_data(as_text=True)
    top = report.split('id="top-h"', 1)[1].split("</section>", 1)[0]
    bring = report.split('id="bring-h"', 1)[1].split("</section>", 1)[0]
    assert "What people bring" in report
    for theme in strengths:
        assert theme["label"] not in top
    assert any(theme["label"] in bring for theme in strengths)
    table = analyst.get("/team/disaggregate?rows=themes&by=partner").get_data(as_text=True)
    for theme in strengths:
        assert theme["label"] not in table


def _post(client: FlaskClient, url: str, **data: str) -> str:
    token = csrf_of(client.get("/team/themes"))
    page = client.post(url, data={"csrf_token": token, "survey": "barriers", **data}, follow_redirects=True)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_team_edits_keep_strengths_and_barriers_apart(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    strength = next(
        t["id"] for t in run.result["themes"] if t.get("role") == "assets" and t["kind"] != "other"
    )
    answer = demo.scalar(
        select(ThemeAssignment.doc_id)
        .where(ThemeAssignment.run_id == run.id, ThemeAssignment.question == "strengths")
        .limit(1)
    )
    apart = "A strengths theme and a barrier theme stay apart"
    assert apart in _post(analyst, "/team/themes/merge", theme="transportation", other=strength)
    assert apart in _post(analyst, "/team/themes/move", theme="transportation", doc=answer)
    assert apart in _post(analyst, "/team/themes/code", theme="transportation", doc=answer, action="add")
    demo.expire_all()
    assigned = demo.scalar(
        select(ThemeAssignment.theme_id).where(
            ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == answer
        )
    )
    assert roles_of(demo, run.id)[assigned] == "assets"
    assert not demo.scalar(select(ThemeCuration.edits).where(ThemeCuration.survey_id == run.survey_id))
    other = next(t["id"] for t in run.result["themes"] if t.get("role") == "assets" and t["id"] != assigned)
    assert "Saved." in _post(analyst, "/team/themes/move", theme=other, doc=answer)


def roles_of(db: Session, run_id: int) -> dict[str, str]:
    run = db.get(AnalysisRun, run_id)
    assert run is not None
    return {t["id"]: t.get("role", "barriers") for t in run.result["themes"]}


def test_a_strengths_themes_answers_speak_of_strengths_not_barriers(
    analyst: FlaskClient, analysed: AnalysisRun
) -> None:
    """A strengths theme's page says its answers can name several strengths; a barrier theme's,
    several barriers; in the reader's language too."""
    strengths = next(t["id"] for t in analysed.result["themes"] if t.get("role") == "assets")
    barrier = next(t["id"] for t in analysed.result["themes"] if t.get("role") != "assets")
    page = analyst.get(f"/team/themes/{strengths}/answers").get_data(as_text=True)
    assert "an answer can name several strengths" in page
    assert "several barriers" not in page
    spanish = analyst.get(f"/team/themes/{strengths}/answers?lang=es").get_data(as_text=True)
    assert "varias fortalezas" in spanish
    page = analyst.get(f"/team/themes/{barrier}/answers?lang=en").get_data(as_text=True)
    assert "an answer can name several barriers" in page
