"""Several codes per answer in the app: a run stores them, theme pages list every answer carrying a
code, and the team adds or removes a code, kept for the next run."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, ThemeAssignment, ThemeCode
from surveyapp.services import code_counts, dashboard

from ..fixtures.staff import csrf_of
from ..fixtures.team import barriers, run_analysis


def _codes(db: Session, run: AnalysisRun, doc_id: str) -> dict[str, str]:
    return dict(
        db.execute(
            select(ThemeCode.theme_id, ThemeCode.evidence)
            .join(ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id)
            .where(ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == doc_id)
        ).all()
    )


def _two_barrier_doc(db: Session, run: AnalysisRun) -> str:
    """A demo answer coded both transportation and childcare."""
    both = (
        select(ThemeAssignment.doc_id)
        .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
        .where(ThemeAssignment.run_id == run.id, ThemeCode.theme_id.in_(("transportation", "childcare")))
        .group_by(ThemeAssignment.doc_id)
        .having(func.count() == 2)
        .order_by(ThemeAssignment.doc_id)
        .limit(1)
    )
    doc = db.scalar(both)
    if doc is not None:
        return str(doc)
    raise AssertionError("no demo answer carries both transportation and childcare")


def test_a_run_stores_every_code_and_each_answer_has_its_main_theme(demo: Session) -> None:
    run = run_analysis(demo)
    assignments = demo.execute(
        select(ThemeAssignment.id, ThemeAssignment.theme_id).where(ThemeAssignment.run_id == run.id)
    ).all()
    codes = demo.execute(
        select(ThemeCode.assignment_id, ThemeCode.theme_id)
        .join(ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id)
        .where(ThemeAssignment.run_id == run.id)
    ).all()
    assert set(assignments) <= set(codes)  # the main theme is always a code
    assert len(codes) > len(assignments)  # and some answers name more than one barrier
    doc = _two_barrier_doc(demo, run)
    evidence = _codes(demo, run, doc)
    assert evidence["transportation"].startswith("terms: ")
    assert evidence["childcare"].startswith("terms: ")
    childcare = next(t for t in run.result["themes"] if t["id"] == "childcare")
    assert childcare["coded"] > childcare["size"]


def _post(client: FlaskClient, **data: str) -> str:
    page = client.get("/team/themes")
    answer = client.post(
        "/team/themes/code", data={"csrf_token": csrf_of(page), "survey": "barriers", **data}
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client.get(answer.headers["Location"]).get_data(as_text=True)


def test_team_adds_and_removes_codes_and_the_next_run_keeps_them(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    first = analysed
    doc = _two_barrier_doc(demo, first)
    main = demo.scalar(
        select(ThemeAssignment.theme_id).where(
            ThemeAssignment.run_id == first.id, ThemeAssignment.doc_id == doc
        )
    )
    second_code = "childcare" if main == "transportation" else "transportation"
    added = "housing" if "housing" not in _codes(demo, first, doc) else "cost"

    listed = analyst.get(f"/team/themes/{second_code}/answers?q=").get_data(as_text=True)
    assert "Themes of this answer:" in listed

    _post(analyst, doc=doc, theme=added, action="add")
    _post(analyst, doc=doc, theme=second_code, action="remove")
    refused = _post(analyst, doc=doc, theme=main, action="remove")
    assert "main theme cannot be removed" in refused
    _post(analyst, doc="r:not-a-response:hardest", theme=added, action="add")
    bad = analyst.post(
        "/team/themes/code",
        data={
            "csrf_token": csrf_of(analyst.get("/team/themes")),
            "survey": "barriers",
            "doc": doc,
            "theme": added,
            "action": "swap",
        },
    )
    assert bad.status_code == 302
    demo.expire_all()
    now = _codes(demo, first, doc)
    assert now[added] == "team"
    assert second_code not in now
    assert main in now

    second = run_analysis(demo)
    later = _codes(demo, second, doc)
    assert later[added] == "team"
    assert second_code not in later
    assert main in later


def test_the_themes_page_counts_people_under_every_theme_they_name(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    doc = _two_barrier_doc(demo, run)
    people = code_counts.people_per_code(demo, run, dashboard.Scope(survey=barriers(demo)))
    total, per_theme = people.total, people.per_code
    person = doc.split(":")[1]
    for theme_id in ("transportation", "childcare"):
        people = set(
            demo.scalars(
                select(ThemeAssignment.response_id)
                .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
                .where(ThemeAssignment.run_id == run.id, ThemeCode.theme_id == theme_id)
            )
        )
        assert person in people
        assert per_theme[theme_id] == len(people)
    assert sum(per_theme.values()) > total  # one person, several themes
    page = analyst.get("/team/themes").get_data(as_text=True)
    assert "people within these filters" in page
    assert "add up to more than one hundred percent" in page
