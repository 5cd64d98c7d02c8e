"""The themes page and the report as the analyst reads them: strength shares of the strengths
answerers whatever questions are shown, no theme at 0 %, no empty section, the words of a code's
evidence in the reader's language, and a rename box that fixes no reader's name for everyone."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, ThemeAssignment, ThemeCode
from surveyapp.services import code_counts, reporting, theme_codes
from surveyapp.services.dashboard import Scope
from surveyapp.services.theme_codes import Evidence, evidence_parts

from ..fixtures.team import barriers

HEADING = re.compile(r'<h2 id="theme-\d+">(.*?) <small>(.*?)</small></h2>', re.S)
SECOND_BARRIER = "also as a second barrier"


def _figures(page: str) -> dict[str, str]:
    return {html.unescape(name): html.unescape(fig) for name, fig in HEADING.findall(page)}


def test_strength_shares_are_of_the_strengths_answerers_in_every_view(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    every = analyst.get("/team/themes?lang=en").get_data(as_text=True)
    alone = analyst.get("/team/themes?lang=en&question=strengths").get_data(as_text=True)
    strengths = {t["id"] for t in analysed.result["themes"] if t.get("role") == "assets"}
    people = code_counts.people_per_code(demo, analysed, Scope(survey=barriers(demo)), strengths)
    answerers = people.per_role["assets"]
    assert answerers < people.total  # not everyone answered the strengths question
    shown_every, shown_alone = _figures(every), _figures(alone)
    skills = shown_every["Skills"]
    assert skills == shown_alone["Skills"]
    n = people.per_code["skills"] if "skills" in people.per_code else int(skills.split("· ")[1].split()[0])
    assert skills == f"{100 * n / answerers:.0f}% · {n} people"
    assert f"People who answered a question about strengths: {answerers}." in every
    assert f"People who answered a question about strengths: {answerers}." in alone
    # Barrier shares stay shares of the barrier answerers.
    figures = theme_codes.people_figures(demo, analysed, Scope(survey=barriers(demo)))
    assert figures.bases["barriers"].count == people.per_role["barriers"]
    cost = figures.per_theme["cost"]
    assert cost.share == cost.count / people.per_role["barriers"]


def test_the_strengths_base_is_protected_by_the_one_rule(demo: Session, analysed: AnalysisRun) -> None:
    """A filtered scope where the strengths answerers are all but a handful: their number would
    give the handful away, so it is hidden, and the strengths' shares with it."""
    scope = Scope(survey=barriers(demo), language="so")
    figures = theme_codes.people_figures(demo, analysed, scope)
    strengths = reporting.strength_ids(analysed)
    raw = code_counts.people_per_code(demo, analysed, scope, strengths)
    n = raw.per_role.get("assets", 0)
    if 0 < raw.total - n < reporting.min_count_of(scope) or 0 < n < reporting.min_count_of(scope):
        assert figures.bases["assets"].hidden
        assert all(figures.per_theme[t].share is None for t in strengths)


def test_no_theme_at_zero_is_listed_or_given_a_section(analyst: FlaskClient, analysed: AnalysisRun) -> None:
    for url in ("/team/report?lang=en&language=so", "/team/themes?lang=en&language=so"):
        page = analyst.get(url).get_data(as_text=True)
        assert "0% · 0 people" not in page, url
        assert "0% (0)" not in page, url
        assert "number of people hidden" in page, url  # small themes are there, hidden
    themes = analyst.get("/team/themes?lang=en&language=so").get_data(as_text=True)
    figures = list(_figures(themes).values())
    hidden = [i for i, f in enumerate(figures) if "hidden" in f]
    assert hidden


def test_the_strengths_report_has_no_empty_barrier_section(
    analyst: FlaskClient, analysed: AnalysisRun
) -> None:
    report = analyst.get("/team/report?lang=en&question=strengths").get_data(as_text=True)
    assert 'id="top-h"' not in report
    assert SECOND_BARRIER not in report
    assert 'id="bring-h"' in report
    assert "also beside another strength" in report
    themes = analyst.get("/team/themes?lang=en&question=strengths").get_data(as_text=True)
    assert SECOND_BARRIER not in themes
    assert "also beside another strength" in themes
    every = analyst.get("/team/report?lang=en").get_data(as_text=True)
    assert 'id="top-h"' in every
    assert SECOND_BARRIER in every


def test_evidence_is_read_into_its_parts() -> None:
    assert evidence_parts('terms: daycare; clause: "and the daycare had to let me go"') == Evidence(
        "daycare", "and the daycare had to let me go"
    )
    assert evidence_parts("terms: bus, daycare") == Evidence("bus, daycare")
    assert evidence_parts('terms: bus; clause: "cut at the stored len') == Evidence(
        "bus", "cut at the stored len"
    )
    assert evidence_parts("team") == Evidence(team=True)
    assert evidence_parts("similarity: 0.42") == Evidence()


def _clause_code(demo: Session, run: AnalysisRun) -> tuple[str, str, str]:
    row = demo.execute(
        select(ThemeAssignment.doc_id, ThemeCode.theme_id, ThemeCode.evidence)
        .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
        .where(ThemeAssignment.run_id == run.id, ThemeCode.evidence.like('%; clause: "%'))
        .limit(1)
    ).first()
    if row is None:  # a run whose codes quote no clause: give one the words of its clause
        row = demo.execute(
            select(ThemeAssignment.doc_id, ThemeCode.theme_id, ThemeCode.id)
            .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
            .where(ThemeAssignment.run_id == run.id, ThemeCode.evidence.like("terms: %"))
            .limit(1)
        ).one()
        code = demo.get(ThemeCode, row[2])
        assert code is not None
        code.evidence = 'terms: daycare; clause: "and the daycare had to let me go"'
        demo.commit()
        return str(row[0]), str(row[1]), code.evidence
    return str(row[0]), str(row[1]), str(row[2])


def test_the_evidence_of_a_code_is_worded_in_the_readers_language(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    _doc, theme, evidence = _clause_code(demo, analysed)
    parts = evidence_parts(evidence)
    for lang, clause_word in (("es", "en la frase «"), ("ar", "في العبارة «"), ("en", "in the clause “")):
        page = html.unescape(
            analyst.get(f"/team/themes/{theme}/answers?lang={lang}&q={parts.clause[:30]}").get_data(
                as_text=True
            )
        )
        assert "clause:" not in page, lang
        assert "terms:" not in page, lang
        assert clause_word + '<bdi lang="' in page, lang
        assert f'dir="auto">{parts.clause}</bdi>' in page, lang


def test_the_rename_box_offers_no_name_of_one_language(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    page = analyst.get("/team/themes?lang=es").get_data(as_text=True)
    assert "Costo y dinero" in page
    assert not re.search(r'name="label"[^>]*value="Costo y dinero"', page)
    assert "Nombre nuevo, que verán todos los lectores en todos los idiomas" in page
