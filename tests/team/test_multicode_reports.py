"""The printed report, the cross tables and the exports count a person under every barrier their
answers name (percentages of people, rows that add up past the total, said in words); the themes
export lists every code of an answer."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import defaultdict

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import AnalysisRun, Response, ThemeAssignment, ThemeCode
from surveyapp.services import code_counts, reporting
from surveyapp.services.breakdowns import Attribute
from surveyapp.services.dashboard import Scope
from surveyapp.services.suppression import CrossTable

from ..fixtures.staff import csrf_of
from ..fixtures.team import add_response, barriers, run_analysis

PAIR = ("transportation", "childcare")


def _codes(db: Session, run: AnalysisRun) -> list[tuple[str, str, str, str, str]]:
    """(doc, response, question, code, primary theme) of every survey answer's code, read plainly."""
    return [
        tuple(row)  # type: ignore[misc]
        for row in db.execute(
            select(
                ThemeAssignment.doc_id,
                ThemeAssignment.response_id,
                ThemeAssignment.question,
                ThemeCode.theme_id,
                ThemeAssignment.theme_id,
            )
            .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
            .where(ThemeAssignment.run_id == run.id, ThemeAssignment.response_id.is_not(None))
        )
    ]


def _two_barriers(db: Session) -> tuple[AnalysisRun, str, str, str, str]:
    """A run with one more respondent, whose only answer names a bus and childcare: the run, the
    answer, the person, its main theme and its second one."""
    person = add_response(
        db, {"consent": "yes", "hardest": "The bus takes two hours and I have nobody to watch my kids"}
    )
    run = run_analysis(db)
    doc = f"r:{person}:hardest"
    codes = {code: main for d, _p, _q, code, main in _codes(db, run) if d == doc}
    assert set(PAIR) <= set(codes), codes
    main = codes[PAIR[0]]
    assert main in PAIR
    return run, doc, person, main, PAIR[1] if main == PAIR[0] else PAIR[0]


def _labels(run: AnalysisRun) -> dict[str, str]:
    """Theme id by its English name (a codebook theme's label, or an emergent theme's terms)."""
    out = {}
    for theme in run.result["themes"]:
        out[theme["label"]] = theme["id"]
        out[(theme.get("labels") or {}).get("en", theme["label"])] = theme["id"]
    return out


def _by_language(db: Session, run: AnalysisRun) -> CrossTable:
    return reporting.themes_tables(db, run, Scope(survey=barriers(db)), [Attribute("language")])[0]


def _row_totals(table: CrossTable) -> dict[str, int | None]:
    return {key: cell.count for (key, _l), cell in zip(table.rows, table.row_totals, strict=True)}


def test_a_person_naming_two_barriers_counts_in_both_rows(analyst: FlaskClient, demo: Session) -> None:
    run, doc, person, main, second = _two_barriers(demo)
    table = _by_language(demo, run)
    assert table.overlapping
    # Every row counts the people carrying its code, read plainly from the stored codes.
    people: dict[str, set[str]] = defaultdict(set)
    for _doc, who, question, code, _main in _codes(demo, run):
        if question != "strengths":
            people[code].add(who)
    totals = _row_totals(table)
    for theme_id in PAIR:
        assert person in people[theme_id]
        assert totals[theme_id] == len(people[theme_id])
    everyone = set().union(*people.values())
    assert table.grand.count == len(everyone)
    assert sum(n or 0 for n in totals.values()) > len(everyone)  # rows add up past the people

    # Without its second code, the answer counts under its main theme only.
    page = analyst.get("/team/themes")
    removed = analyst.post(
        "/team/themes/code",
        data={
            "csrf_token": csrf_of(page),
            "survey": "barriers",
            "doc": doc,
            "theme": second,
            "action": "remove",
        },
    )
    assert removed.status_code == 302
    demo.expire_all()
    after = _row_totals(_by_language(demo, demo.get(AnalysisRun, run.id)))
    assert after[second] == totals[second] - 1  # type: ignore[operator]
    assert after[main] == totals[main]
    # In the person's column too, each of the two rows counts them (where the count is shown).
    language = demo.get(Response, person).language
    column = [k for k, _l in table.columns].index(language)
    speakers = set(demo.scalars(select(Response.id).where(Response.language == language)))
    for theme_id in PAIR:
        cell = table.cells[[k for k, _l in table.rows].index(theme_id)][column]
        assert cell.hidden or cell.count == len(people[theme_id] & speakers)


def test_the_report_counts_people_under_every_theme_and_says_so(
    analyst: FlaskClient, demo: Session, analysed: AnalysisRun
) -> None:
    run = analysed
    report = analyst.get("/team/report").get_data(as_text=True)
    top = report.split('id="top-h"', 1)[1].split("</section>", 1)[0]
    assert "also as a second barrier" in top
    assert "Share of people by theme" in top
    people = code_counts.people_per_code(demo, run, Scope(survey=barriers(demo)))
    shown = re.findall(r"<h3>([^<]+) <small>\d+% · (\d+) people</small></h3>", top)
    assert shown, "the top barrier themes give their people"
    labels = _labels(run)
    for label, n in shown:
        assert int(n) == people.per_code[labels[html.unescape(label).strip()]]
    tables = report.split('id="dis-h"', 1)[1].split('id="method-h"', 1)[0]
    assert "All people (a person can be in several rows)" in tables
    assert "can add up to more than its total and to more than one hundred percent" in tables
    assert "Percentages are of each column’s total" not in tables


def _themes_export(client: FlaskClient, query: str = "") -> list[dict[str, str]]:
    page = client.get(f"/team/exports?{query}")
    answer = client.post(f"/team/exports/themes?{query}", data={"csrf_token": csrf_of(page), "fmt": "csv"})
    assert answer.status_code == 200
    return list(csv.DictReader(io.StringIO(answer.get_data().decode("utf-8-sig"))))


def test_the_themes_export_lists_every_code_of_an_answer(analyst: FlaskClient, demo: Session) -> None:
    run, doc, _person, main, second = _two_barriers(demo)
    page = analyst.get("/team/themes")
    renamed = analyst.post(
        f"/team/themes/{second}/rename",
        data={"csrf_token": csrf_of(page), "survey": "barriers", "label": '=HYPERLINK("http://x.test")'},
    )
    assert renamed.status_code == 302
    rows = _themes_export(analyst)
    mine = [r for r in rows if r["document_id"] == doc]
    assert [(r["theme_id"], r["primary"]) for r in mine[:1]] == [(main, "yes")]
    assert (second, "no") in [(r["theme_id"], r["primary"]) for r in mine]
    assert next(r["theme_label"] for r in mine if r["theme_id"] == second) == '\'=HYPERLINK("http://x.test")'
    spanish = _themes_export(analyst, "language=es&samples=include")
    assert spanish
    assert {r["language"] for r in spanish} <= {"es"}
    in_spanish = set(
        demo.scalars(
            select(ThemeAssignment.doc_id)
            .join(Response, Response.id == ThemeAssignment.response_id)
            .where(ThemeAssignment.run_id == run.id, Response.language == "es")
        )
    )
    assert {r["document_id"] for r in spanish} == in_spanish


def test_the_command_line_summary_counts_people(app: Flask, demo: Session, analysed: AnalysisRun) -> None:
    run = analysed
    out = app.test_cli_runner().invoke(args=["export", "summary", "--survey", "barriers", "--by", "gender"])
    assert out.exit_code == 0, out.output
    table = list(csv.reader(io.StringIO(out.output.lstrip("\ufeff"))))
    assert table[-1][0] == "All people (a person can be in several rows)"
    people = code_counts.respondents_per_code(
        demo, run, Scope(survey=barriers(demo)), reporting.strength_ids(run)
    )
    row_total = {_labels(run)[row[0]]: row[-1] for row in table[1:-1] if row[0] in _labels(run)}
    assert row_total["transportation"] == str(people["transportation"])
