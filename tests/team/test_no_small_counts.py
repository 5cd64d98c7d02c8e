"""No count of a small group anywhere: every dashboard page, export and the partner view, with
filters that make small groups, shows no count from 1 to SMALL_CELL_MIN - 1 (hidden or zero)."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterable

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Partner
from surveyapp.services import breakdowns
from surveyapp.services.surveys import definition_of

from ..fixtures.staff import csrf_of
from ..fixtures.team import add_response, barriers, run_analysis

# words, money in answer labels, how many themes or cells are folded or hidden, minutes, how many
# languages or partners, which part of a table split to fit the printed page.
NOT_COUNTS = (
    r"\d{4}-\d{2}-\d{2}",
    r"\d{1,2}/\d{1,2}/\d{2,4}",
    r"\d{1,2}:\d{2}",
    r"\d+(\.\d+)?\s*%",
    r"from 1 to \d+",
    r"\d+ other themes?",
    r"\d+ cells? hidden",
    r"\d+ minutes?",
    r"<dt>Languages</dt><dd>\d+</dd>",
    r"<dt>Partners</dt><dd>\d+</dd>",
    r"Analysis run \d+",
    r"(?<=of )\d+",
    r"\$[\d,]+…?",
    r"\(part \d+ of \d*",
)
SMALL = range(1, 10)


def _main(body: str) -> str:
    """The page's own content, without forms, navigation, quotes and their metadata."""
    main = body[body.index('<main id="main">') : body.index("</main>")]
    for pattern in (
        r"<form\b.*?</form>",
        r"<nav\b.*?</nav>",
        r"<blockquote\b.*?</blockquote>",
        r"<figcaption>.*?</figcaption>",
        r'<p class="meta">.*?</p>',
        r'<span class="meta evidence">.*?</span>',  # a code's words: the answer's, not counts
        r'<section aria-labelledby="runs-h".*?</section>',
        r'<section class="run.*?</section>',
        r"<progress\b[^>]*>",
    ):
        main = re.sub(pattern, " ", main, flags=re.S)
    return main


def counts_in(body: str) -> list[int]:
    """Every number shown as text, in a table cell, a chart label or an SVG title/description."""
    text = _main(body)
    for pattern in NOT_COUNTS:
        text = re.sub(pattern, " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for pattern in NOT_COUNTS:
        text = re.sub(pattern, " ", text)
    return [int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", text)]


def small_counts(body: str) -> list[int]:
    return [n for n in counts_in(body) if n in SMALL]


def _small_data(db: Session) -> None:
    """A few Somali answers about childcare, and a handful in a language no one else uses."""
    for _ in range(3):
        add_response(
            db,
            {
                "consent": "OK",
                "hardest": "no childcare for my kids at night",
                "barriers": "childcare",
                "gender": "woman",
            },
            language="so",
        )
    for _ in range(2):
        add_response(
            db,
            {"consent": "OK", "hardest": "the bus does not come", "barriers": "transportation"},
            language="ne",
        )


def _filters(db: Session) -> list[str]:
    """The small groups among the demo's answers: its sample answers counted (once real answers
    exist they are left out by default, and the real ones alone are the unfiltered total)."""
    first = [p.id for p in db.scalars(select(Partner).order_by(Partner.id))]
    return [
        "samples=include" + (f"&{query}" if query else "")
        for query in (
            "",
            "language=so",
            "language=ne",
            "language=vi",
            f"partner={first[0]}",
            f"partner={first[-1]}&language=ar",
            "question=strengths",
            "language=so&question=hardest",
        )
    ]


def _walk(client: FlaskClient, paths: Iterable[str]) -> dict[str, list[int]]:
    found = {}
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        small = small_counts(page.get_data(as_text=True))
        if small:
            found[path] = small
    return found


def _sep(path: str) -> str:
    return "&" if "?" in path else "?"


def test_the_parser_finds_small_counts() -> None:
    assert small_counts('<main id="main"><td>4</td><svg><title>a: 3</title></svg></main>') == [4, 3]
    assert small_counts('<main id="main"><p>2026-05-01 · 30% · counts from 1 to 9</p></main>') == []


def test_no_page_shows_a_small_count_under_any_filter(
    app: Flask, analyst: FlaskClient, demo: Session, sign_in: Callable[..., FlaskClient]
) -> None:
    _small_data(demo)
    run = run_analysis(demo)
    definition = definition_of(barriers(demo).current_version)
    attributes = [a.key for a in breakdowns.attributes(definition)]
    closed = ["themes", *(q.name for q in breakdowns.closed_questions(definition))]
    themes = [t["id"] for t in run.result["themes"]][:4]
    filters = _filters(demo)
    paths = []
    for query in filters:
        q = f"?{query}" if query else ""
        paths += [f"/team/{q}", f"/team/themes{q}", f"/team/questions{q}", f"/team/report{q}"]
        paths += [f"/team/themes/{t}/answers{q}" for t in themes]
        paths += [f"/team/themes/childcare/answers{q}{_sep(q)}q=night"]
        paths += [
            f"/team/disaggregate{q}{_sep(q)}rows={rows}&by={by}"
            for rows in ("themes", "barriers")
            for by in attributes
        ]
    paths += [f"/team/disaggregate?samples=include&language=so&rows={rows}&by=partner" for rows in closed]
    found = _walk(analyst, paths)
    liaison = sign_in("liaison@demo.test")
    found.update(_walk(liaison, ["/p/demo-partner/"]))
    assert not found, found


def _export_cells(client: FlaskClient, query: str, fmt: str, rows: str, by: str) -> list[object]:
    page = client.get(f"/team/exports?{query}")
    answer = client.post(
        f"/team/exports/summary?{query}",
        data={"csrf_token": csrf_of(page), "fmt": fmt, "rows": rows, "by": by},
    )
    assert answer.status_code == 200, (query, rows, by)
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(answer.data)).active
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [cell for row in table[1:] for cell in row[1:]]


def test_no_export_holds_a_small_count_under_any_filter(
    app: Flask, analyst: FlaskClient, demo: Session
) -> None:
    _small_data(demo)
    run_analysis(demo)
    definition = definition_of(barriers(demo).current_version)
    found = []
    for query in _filters(demo)[:6]:
        for fmt in ("csv", "xlsx"):
            for rows, by in (
                ("themes", "language"),
                ("themes", "partner"),
                ("barriers", "language"),
                ("themes", "gender"),
                ("barriers", "partner"),
            ):
                for cell in _export_cells(analyst, query, fmt, rows, by):
                    if str(cell).isdigit() and int(str(cell)) in SMALL:
                        found.append((query, fmt, rows, by, cell))
    assert not found, found
    assert breakdowns.attributes(definition)


def test_command_line_summary_holds_no_small_count(app: Flask, demo: Session) -> None:
    _small_data(demo)
    run_analysis(demo)
    runner = app.test_cli_runner()
    for by in ("language", "partner", "gender"):
        out = runner.invoke(args=["export", "summary", "--survey", "barriers", "--by", by])
        assert out.exit_code == 0, out.output
        cells = [c for row in csv.reader(io.StringIO(out.output.lstrip("\ufeff"))) for c in row[1:]]
        assert "hidden" in cells
        assert not [c for c in cells if c.isdigit() and int(c) in SMALL], by
