"""The dashboard pages as an analyst uses them: figures that match the database, filters that every
page respects, bad filter values answered, small cells hidden, free text escaped."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, Channel, Partner, Response, ThemeAssignment, ThemeCode

from ..fixtures.team import add_response, barriers, run_analysis

PAGES = ("/team/", "/team/themes", "/team/disaggregate", "/team/questions", "/team/report", "/team/exports")


def _fact(body: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", body)
    assert match, f"no fact {label!r}"
    return match[1].strip()


def test_every_page_answers_before_any_analysis(analyst: FlaskClient) -> None:
    for path in PAGES:
        page = analyst.get(path)
        assert page.status_code == 200, path
    assert "No analysis yet" in analyst.get("/team/themes").get_data(as_text=True)


def test_overview_counts_match_the_database_within_the_filters(analyst: FlaskClient, demo: Session) -> None:
    survey = barriers(demo)
    complete = Response.status == "complete"
    everyone = demo.scalar(select(func.count()).where(Response.survey_id == survey.id, complete))
    body = analyst.get("/team/").get_data(as_text=True)
    assert _fact(body, "Complete responses") == str(everyone)

    spanish = demo.scalar(
        select(func.count()).where(Response.survey_id == survey.id, complete, Response.language == "es")
    )
    assert 0 < spanish < everyone
    body = analyst.get("/team/?language=es").get_data(as_text=True)
    assert _fact(body, "Complete responses") == str(spanish)

    partner = demo.scalar(select(Partner).where(Partner.slug == "demo-partner"))
    theirs = demo.scalar(
        select(func.count())
        .select_from(Response)
        .join(Channel)
        .where(Response.survey_id == survey.id, complete, Channel.partner_id == partner.id)
    )
    body = analyst.get(f"/team/?partner={partner.id}").get_data(as_text=True)
    assert _fact(body, "Complete responses") == str(theirs)
    # The filters follow the analyst to the other pages.
    assert f'href="/team/themes?partner={partner.id}"' in body


def test_dates_restrict_to_the_days_people_started(analyst: FlaskClient, demo: Session) -> None:
    from datetime import timedelta

    first = demo.scalar(select(func.min(Response.started_at))).date()
    last = first + timedelta(days=9)
    body = analyst.get(f"/team/?start={first}&end={last}").get_data(as_text=True)
    started = demo.scalars(select(Response.started_at).where(Response.status == "complete"))
    started_those_days = sum(1 for moment in started if first <= moment.date() <= last)
    assert started_those_days >= 10  # a smaller number would be hidden
    assert _fact(body, "Complete responses") == str(started_those_days)
    one_day = analyst.get(f"/team/?start={first}&end={first}").get_data(as_text=True)
    assert re.search(r"<dt>Complete responses</dt><dd><abbr[^>]*hidden-cell", one_day)


def test_bad_filter_values_are_answered_next_to_their_field(analyst: FlaskClient) -> None:
    everyone = _fact(analyst.get("/team/").get_data(as_text=True), "Complete responses")
    for query in (
        "start=not-a-date",
        "partner=99999",
        "language=xx",
        "survey=nope",
        "start=2026-05-02&end=2026-05-01",
        "partner=%3Cscript%3E",
    ):
        page = analyst.get(f"/team/?{query}")
        body = page.get_data(as_text=True)
        assert page.status_code == 200, query
        assert 'class="error"' in body, query
        assert "<script>" not in body
        assert _fact(body, "Complete responses") == everyone, query


def test_small_cells_are_hidden_and_the_rule_is_stated(analyst: FlaskClient) -> None:
    body = analyst.get("/team/disaggregate?rows=barriers&by=race_ethnicity").get_data(as_text=True)
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    shown = [int(n) for n in re.findall(r"<td>(\d+) <small>", table)]
    assert shown, "some counts are shown"
    assert not [n for n in shown if 0 < n < 10], "counts from 1 to 9 must be hidden"
    assert 'class="hidden-cell"' in table
    assert "counts from 1 to 9 are not shown" in body


def test_themes_by_partner_count_the_people_who_named_a_barrier(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    body = analyst.get("/team/disaggregate?rows=themes&by=partner").get_data(as_text=True)
    grand = re.search(r"<tfoot>.*?<td>(\d+)</td></tr></tfoot>", body, re.S)
    # Strengths answers are themed apart and counted in no barrier table; focus-group notes have
    # no partner column; a person who answered two barrier questions is one person.
    people = demo.scalar(
        select(func.count(func.distinct(ThemeAssignment.response_id))).where(
            ThemeAssignment.run_id == run.id,
            ThemeAssignment.response_id.is_not(None),
            ThemeAssignment.question != "strengths",
        )
    )
    assert people
    assert int(grand[1]) == people
    assert "All people (a person can be in several rows)" in body
    assert "can add up to more than its people" in body


def test_free_text_from_the_public_is_escaped_on_every_page(analyst: FlaskClient, demo: Session) -> None:
    response_id = add_response(
        demo,
        {
            "consent": "yes",
            "hardest": '<script>alert("x")</script> no bus to class',
            "help_most": "<img src=x onerror=alert(1)> a ride",
        },
    )
    run = run_analysis(demo)
    for question, escaped in (("hardest", "&lt;script&gt;alert"), ("help_most", "&lt;img src=x")):
        theme = demo.scalar(
            select(ThemeAssignment.theme_id).where(
                ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == f"r:{response_id}:{question}"
            )
        )
        page = analyst.get(f"/team/themes/{theme}/answers?q=alert").get_data(as_text=True)
        # The answers that match are listed; no count of them is shown (a search is no figure).
        assert "Answers containing “alert”" in page
        assert not re.search(r"\d+ answers? containing", page)
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert escaped in page


def test_themes_of_one_question(analyst: FlaskClient, demo: Session, analysed: AnalysisRun) -> None:
    run = analysed
    strengths = demo.scalar(
        select(func.count()).where(ThemeAssignment.run_id == run.id, ThemeAssignment.question == "strengths")
    )
    body = analyst.get("/team/themes?question=strengths").get_data(as_text=True)
    assert f"{strengths} answers within these filters" in body
    # The barrier themes belong to other questions: no row of them at 0 % among the strengths.
    barriers = [t for t in run.result["themes"] if t.get("role") != "assets" and t["kind"] != "other"]
    assert barriers
    assert not [t["id"] for t in barriers if f'href="/team/themes/{t["id"]}/answers' in body]
    assert "0% (0)" not in body
    assert "0% (0)" not in analyst.get("/team/report?question=strengths").get_data(as_text=True)
    wrong = analyst.get("/team/themes?question=zip_code").get_data(as_text=True)
    assert 'class="error"' in wrong
    assert f"{run.n_documents} answers within" in wrong


def test_the_per_day_chart_counts_every_complete_response_once(analyst: FlaskClient, demo: Session) -> None:
    body = analyst.get("/team/").get_data(as_text=True)
    days = re.findall(r"<title>(\d{4}-\d{2}-\d{2}): (\d+|hidden)</title>", body)
    assert len(days) > 20
    shown = [int(n) for _, n in days if n != "hidden"]
    hidden = [d for d, n in days if n == "hidden"]
    assert hidden, "the demo has days with fewer than 10 completions"
    assert len(hidden) != 1, "one hidden day would be the total minus the others"
    assert not [n for n in shown if 0 < n < 10]
    assert sum(shown) < int(_fact(body, "Complete responses"))
    completed = demo.scalars(select(Response.completed_at).where(Response.status == "complete"))
    assert {d for d, n in days if n != "0"} >= {moment.date().isoformat() for moment in completed}


def test_the_interface_language_is_not_a_filter(analyst: FlaskClient) -> None:
    everyone = _fact(analyst.get("/team/").get_data(as_text=True), "Complete responses")
    arabic_interface = analyst.get("/team/?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic_interface
    assert re.search(r"<dd>" + everyone + "</dd>", arabic_interface)


def test_dates_out_of_range_are_answered_not_a_500(analyst: FlaskClient) -> None:
    everyone = _fact(analyst.get("/team/").get_data(as_text=True), "Complete responses")
    for path in PAGES:
        for query in ("end=9999-12-31", "start=0001-01-01"):
            page = analyst.get(f"{path}?{query}")
            assert page.status_code == 200, (path, query)
            assert "Please enter a date between 1900-01-01 and 2999-12-31." in page.get_data(as_text=True)
    assert (
        _fact(analyst.get("/team/?end=9999-12-31").get_data(as_text=True), "Complete responses") == everyone
    )


def test_a_page_of_answers_past_the_last_shows_the_last(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    # The page lists every answer carrying the code, not only those whose main theme it is.
    n = demo.scalar(
        select(func.count())
        .select_from(ThemeCode)
        .join(ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id)
        .where(ThemeAssignment.run_id == run.id, ThemeCode.theme_id == "transportation")
    )
    quotes = r"<blockquote[^>]*>([^<]+)</blockquote>"
    last = analyst.get(f"/team/themes/transportation/answers?page={(n - 1) // 50}")
    far = analyst.get(f"/team/themes/transportation/answers?page={10**30}")
    assert far.status_code == 200
    assert re.findall(quotes, far.get_data(as_text=True)) == re.findall(quotes, last.get_data(as_text=True))
    assert re.findall(quotes, far.get_data(as_text=True))


def test_an_unknown_breakdown_is_answered_next_to_its_field(analyst: FlaskClient) -> None:
    page = analyst.get("/team/disaggregate?rows=barriers&by=shoe_size").get_data(as_text=True)
    assert 'id="by-error"' in page
    assert 'aria-describedby="by-error"' in page
    assert "<caption>" in page  # a table is still shown, by the first attribute
    rows = analyst.get("/team/disaggregate?rows=nope&by=gender").get_data(as_text=True)
    assert 'id="rows-error"' in rows


def test_disaggregation_and_closed_questions_draw_their_tables_as_charts(analyst: FlaskClient) -> None:
    body = analyst.get("/team/disaggregate?rows=barriers&by=language").get_data(as_text=True)
    chart = re.search(r'<svg class="chart grid" role="img".*?</svg>', body, re.S)
    assert chart, "a chart beside the table"
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart[0], re.S)[1]
    # Every row of the table is described, with a share per column or the word "hidden".
    tbody = body[body.index("<tbody>") : body.index("</tbody>")]
    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>', tbody)
    assert rows
    for label in rows:
        assert f"{label}: " in desc.replace("&amp;", "&"), label
    assert re.search(r"\d+%", desc)
    assert "hidden" in desc  # the demo has small cells by language
    interior = [re.findall(r"<td>(.*?)</td>", row, re.S)[:-1] for row in tbody.split("</tr>")]
    hidden_cells = sum('class="hidden-cell"' in cell for row in interior for cell in row)
    assert chart[0].count('class="grid-hidden"') == hidden_cells > 0
    questions = analyst.get("/team/questions").get_data(as_text=True)
    assert questions.count('<svg class="chart') >= 3 * questions.count('class="question-result"')


def test_a_hidden_total_is_hidden_in_the_footer_and_the_export(analyst: FlaskClient, demo: Session) -> None:
    from surveyapp.services.exports import cross_table_rows
    from surveyapp.services.suppression import cross_table

    table = cross_table({("a", "x"): 3, ("b", "x"): 2}, ["a", "b"], ["x"], None, 10)
    assert table.grand.hidden
    rows = cross_table_rows(table, "row", "Total", "hidden").rows
    assert rows[-1] == ["Total", "hidden", "hidden"]
    assert 5 not in [cell for row in rows for cell in row]


def test_codebook_themes_are_named_in_the_readers_language(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    spanish = analyst.get("/team/themes?lang=es").get_data(as_text=True)
    assert "Cuidado de niños" in spanish
    assert "Categoría del libro de códigos: Cuidado de niños" in spanish
    assert "Codebook category: childcare" not in analyst.get("/team/themes").get_data(as_text=True)


def test_the_report_names_the_languages_a_run_analysed(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    """The run's languages and how many answers of each, through the one rule (a run's total is
    every answer, not a subgroup)."""
    page = analyst.get("/team/report?samples=include").get_data(as_text=True)
    line = re.search(r"Languages analysed: (.*?)\.", page, flags=re.S)
    assert line is not None
    shown = re.sub(r"<[^>]+>", "", line.group(1))
    documents = {code: info["documents"] for code, info in analysed.result["languages"].items()}
    assert f"English ({documents['en']})" in shown
    assert "Español" in shown


def test_a_themes_page_shows_its_people_as_the_themes_page_does(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    """A theme's page gives the figure of the themes page (people, through the one rule), not a
    count of its answers: the two side by side would tell how many people name it twice."""
    themes = analyst.get("/team/themes?samples=include").get_data(as_text=True)
    heading = re.search(r'<h2 id="theme-1">(.*?)</h2>', themes, flags=re.S)
    assert heading is not None
    link = re.search(r'href="/team/themes/([^/"]+)/answers', themes[heading.start() :])
    assert link is not None
    figure = re.sub(r"<[^>]+>", "", re.search(r"<small>(.*?)</small>", heading.group(1), flags=re.S).group(1))
    page = analyst.get(f"/team/themes/{link.group(1)}/answers?samples=include").get_data(as_text=True)
    status = re.search(r'<p role="status">(.*?)</p>', page, flags=re.S)
    assert status is not None
    assert re.sub(r"<[^>]+>", "", status.group(1)).strip() == figure.strip()
    assert "answers" not in status.group(1)
