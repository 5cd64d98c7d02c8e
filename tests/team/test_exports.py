"""Exports from the dashboard and the command line: within the filters, safe in a spreadsheet,
no personal data, small cells hidden, every one audit-logged."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import AuditEvent, Response, ThemeAssignment, ThemeCode

from ..fixtures.staff import csrf_of
from ..fixtures.team import add_response, run_analysis


def _export(client: FlaskClient, kind: str, query: str = "", **data: str):  # type: ignore[no-untyped-def]
    page = client.get(f"/team/exports?{query}")
    return client.post(f"/team/exports/{kind}?{query}", data={"csrf_token": csrf_of(page), **data})


def _rows(answer) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))


def test_responses_within_the_filters_with_labels_in_the_chosen_language(
    analyst: FlaskClient, demo: Session
) -> None:
    rows = _rows(_export(analyst, "responses", "language=es", fmt="csv", lang="es"))
    header, body = rows[0], rows[1:]
    spanish = demo.scalar(
        select(func.count()).where(Response.language == "es", Response.status == "complete")
    )
    assert len(body) == spanish
    assert {row[header.index("language")] for row in body} == {"es"}
    labels = {row[header.index("barriers__label")] for row in body}
    assert any("Transporte" in label for label in labels)
    event = demo.scalar(select(AuditEvent).where(AuditEvent.action == "export.responses"))
    assert event.detail["filters"]["language"] == "es"
    assert event.detail["rows"] == spanish


def test_cells_a_spreadsheet_would_run_are_neutralized(analyst: FlaskClient, demo: Session) -> None:
    add_response(
        demo,
        {
            "consent": "yes",
            "hardest": '=HYPERLINK("http://x.test","bus")',
            "goal": "+1 nurse",
            "zip_code": "@SUM(A1)",
        },
    )
    rows = _rows(_export(analyst, "responses", fmt="csv", lang="en"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x.test","bus")' in cells
    assert "'+1 nurse" in cells
    assert "'@SUM(A1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


def test_theme_assignments_and_summary_tables(analyst: FlaskClient, demo: Session) -> None:
    assert _export(analyst, "themes", fmt="csv").status_code == 302  # no run yet: told so
    run = run_analysis(demo)
    rows = _rows(_export(analyst, "themes", fmt="csv"))
    header, body = rows[0], rows[1:]
    assert header[:7] == [
        "document_id",
        "response_id",
        "question",
        "source",
        "theme_id",
        "theme_label",
        "primary",
    ]
    assert "text" not in header
    # One row per code: every document once as its primary code, and once more per other code.
    codes = demo.scalar(
        select(func.count(ThemeCode.id))
        .join(ThemeAssignment, ThemeAssignment.id == ThemeCode.assignment_id)
        .where(ThemeAssignment.run_id == run.id)
    )
    assert len(body) == codes > run.n_documents
    primary = [row[0] for row in body if row[6] == "yes"]
    assert len(primary) == len(set(primary)) == run.n_documents == len({row[0] for row in body})

    table = _rows(_export(analyst, "summary", fmt="csv", rows="themes", by="race_ethnicity"))
    numbers = [cell for row in table[1:-1] for cell in row[1:-1]]
    assert "hidden" in numbers
    assert not [n for n in numbers if n.isdigit() and 0 < int(n) < 10]
    xlsx = _export(analyst, "summary", fmt="xlsx", rows="barriers", by="gender")
    assert xlsx.status_code == 200
    assert xlsx.data[:2] == b"PK"
    actions = demo.scalars(select(AuditEvent.action).where(AuditEvent.action.like("export.%"))).all()
    assert sorted(actions) == ["export.summary", "export.summary", "export.themes"]


def test_tampered_export_forms_are_refused_with_a_message(analyst: FlaskClient, demo: Session) -> None:
    for kind, data in (
        ("responses", {"fmt": "pdf", "lang": "en"}),
        ("responses", {"fmt": "csv", "lang": "xx"}),
        ("summary", {"fmt": "csv", "rows": "nope", "by": "gender"}),
        ("nothing", {"fmt": "csv"}),
    ):
        answer = _export(analyst, kind, **data)
        assert answer.status_code == 302, kind
        page = analyst.get(answer.headers["Location"]).get_data(as_text=True)
        assert "could not be made" in page
    assert analyst.post("/team/exports/responses", data={"fmt": "csv"}).status_code == 400
    assert demo.scalar(select(func.count()).where(AuditEvent.action.like("export.%"))) == 0


def test_command_line_exports(app: Flask, demo: Session) -> None:
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["export", "themes", "--survey", "barriers"])
    assert refused.exit_code != 0
    assert "themes refresh" in refused.output
    run_analysis(demo)
    themes = runner.invoke(args=["export", "themes", "--survey", "barriers"])
    assert themes.exit_code == 0
    assert themes.output.lstrip("\ufeff").startswith("document_id,")
    summary = runner.invoke(args=["export", "summary", "--survey", "barriers", "--by", "language"])
    assert summary.exit_code == 0, summary.output
    # Themes overlap: the last row counts each person once, and says so.
    assert re.search(r"^All people \(a person can be in several rows\),", summary.output, re.M)
    assert re.search(r"^themes,.*,Total$", summary.output.lstrip("\ufeff"), re.M)
    wrong = runner.invoke(args=["export", "summary", "--survey", "barriers", "--by", "shoe_size"])
    assert wrong.exit_code != 0
    assert "cannot break down by" in wrong.output


def test_an_xlsx_export_reads_well_in_a_spreadsheet(
    analyst: FlaskClient, demo: Session, app: Flask, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The header row frozen, columns wide enough to read (a long answer does not push the rest off
    the screen), and times as real dates in the configured time zone, named in the header."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import openpyxl

    monkeypatch.setitem(app.config, "TIMEZONE", "America/Chicago")
    answer = _export(analyst, "responses", fmt="xlsx", lang="en")
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.data)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    column = header.index("started_at (America/Chicago)") + 1
    cell = sheet.cell(row=2, column=column)
    assert isinstance(cell.value, datetime)
    assert cell.number_format == "yyyy-mm-dd hh:mm:ss"
    first = demo.scalars(
        select(Response).where(Response.status == "complete").order_by(Response.started_at, Response.id)
    ).first()
    assert cell.value == first.started_at.astimezone(ZoneInfo("America/Chicago")).replace(
        tzinfo=None, microsecond=0
    )
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    assert widths["A"] >= len("response_id")
    assert all(8 <= width <= 52 for width in widths.values())
    # The CSV keeps the moment with its offset.
    rows = _rows(_export(analyst, "responses", fmt="csv", lang="en"))
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", rows[1][rows[0].index("started_at")]
    )


def test_a_workbook_keeps_formula_like_answers_as_typed_text(analyst: FlaskClient, demo: Session) -> None:
    """In XLSX a cell has a type: a formula-like answer is a text cell with Excel's quote prefix,
    the respondent's words unchanged (no visible quote), never a formula."""
    add_response(demo, {"consent": "yes", "hardest": '=HYPERLINK("http://x.test","bus")', "goal": "+1 nurse"})
    answer = _export(analyst, "responses", fmt="xlsx", lang="en")
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in xml for xml in sheets)
    sheet = load_workbook(io.BytesIO(answer.data)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ('=HYPERLINK("http://x.test","bus")', "+1 nurse"):
        assert (cells[text].data_type, cells[text].quotePrefix) == ("s", True)
    assert not [v for v in cells if v.startswith("'")]
