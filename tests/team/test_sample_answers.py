"""The demo's sample answers beside real ones: counted while they are all there is, left out by default
once anyone has answered for real, and counted again when the reader asks (a filter like the others)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import Response

from ..fixtures.team import add_response, barriers


def _complete(body: str) -> str:
    return re.search(r"<dt>Complete responses</dt><dd>([^<]+)</dd>", body)[1]  # type: ignore[index]


def test_samples_count_until_real_answers_exist_then_are_left_out(
    analyst: FlaskClient, demo: Session
) -> None:
    survey = barriers(demo)
    samples = demo.scalar(
        select(func.count()).where(Response.survey_id == survey.id, Response.status == "complete")
    )
    body = analyst.get("/team/").get_data(as_text=True)
    assert _complete(body) == str(samples)
    assert '<option selected value="include">Counted</option>' in body
    for _ in range(12):
        add_response(demo, {"consent": "OK", "hardest": "the bus", "barriers": "transportation"})
    body = analyst.get("/team/").get_data(as_text=True)
    assert _complete(body) == "12"
    assert '<option selected value="exclude">Left out</option>' in body
    body = analyst.get("/team/?samples=include").get_data(as_text=True)
    assert _complete(body) == str(samples + 12)


def test_left_out_samples_leave_the_themes_and_exports_too(analyst: FlaskClient, demo: Session) -> None:
    import csv
    import io

    from surveyapp.services import code_counts, dashboard

    from ..fixtures.staff import csrf_of
    from ..fixtures.team import run_analysis

    for _ in range(12):
        add_response(demo, {"consent": "OK", "hardest": "the bus never comes", "barriers": "transportation"})
    run = run_analysis(demo)
    page = analyst.get("/team/exports")
    answer = analyst.post(
        "/team/exports/responses", data={"csrf_token": csrf_of(page), "fmt": "csv", "lang": "en"}
    )
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 12
    assert {row["sample_data"] for row in rows} == {"no"}
    survey = barriers(demo)
    real = code_counts.answers_per_code(demo, run, dashboard.Scope(survey=survey, samples=False))
    everyone = code_counts.answers_per_code(demo, run, dashboard.Scope(survey=survey))
    assert 0 < real.total < everyone.total


def test_a_run_of_sample_answers_says_why_none_is_within_the_filters(
    analyst: FlaskClient, demo: Session
) -> None:
    from ..fixtures.team import run_analysis

    run_analysis(demo)  # the demo's sample answers only
    for _ in range(12):
        add_response(demo, {"consent": "OK", "hardest": "the bus never comes", "barriers": "transportation"})
    body = analyst.get("/team/themes").get_data(as_text=True)
    assert "0 answers within these filters." in body
    assert "are all sample answers, and sample answers are left out." in body
    assert "Responses have arrived since this run" in body
    link = re.search(r'href="(/team/themes\?[^"]*samples=include[^"]*)">Count the sample answers', body)
    assert link is not None
    counted = analyst.get(link[1].replace("&amp;", "&")).get_data(as_text=True)
    assert "0 answers within these filters." not in counted
    assert "are all sample answers" not in counted

    run_analysis(demo)  # the real responses are themed now
    again = analyst.get("/team/themes").get_data(as_text=True)
    assert "0 answers within these filters." not in again
    assert "Responses have arrived since this run" not in again
