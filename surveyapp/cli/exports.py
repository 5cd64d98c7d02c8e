"""`export ...`: responses, theme codes, summaries and focus-group notes, each audited; every
spreadsheet is safe against formula injection (services/spreadsheet.py)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..db import get_session
from ..services import audit
from .common import cli_actor, current_survey, needs_database, write_out

export_group = AppGroup("export", help="Exports (safe against spreadsheet formula injection).")


@export_group.command("responses")
@click.option("--survey", "slug", required=True, help="Survey slug.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
@click.option("--lang", default=None, help="Language of the choice labels (default: the survey's).")
@click.option("--include-partial", is_flag=True, help="Also unfinished responses.")
@needs_database
def export_responses(slug: str, fmt: str, out: str | None, lang: str | None, include_partial: bool) -> None:
    """One row per response, one column per question: choice codes plus labels."""
    from ..services.exports import response_table, to_csv, to_xlsx
    from ..services.surveys import survey_by_slug

    survey = survey_by_slug(get_session(), slug)
    if survey is None:
        raise click.ClickException(f"no survey {slug!r}")
    table = response_table(
        get_session(), survey, lang, include_partial, timezone=current_app.config["TIMEZONE"]
    )
    data = to_csv(table) if fmt == "csv" else to_xlsx(table)
    audit.record(
        get_session(),
        "export.responses",
        actor=cli_actor(),
        target=f"survey:{slug}",
        format=fmt,
        rows=len(table.rows),
        include_partial=include_partial,
    )
    get_session().commit()
    write_out(data, out, f"{len(table.rows)} responses")


@export_group.command("themes")
@click.option("--survey", "slug", required=True, help="Survey slug.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
@click.option("--lang", default=None, help="Language of the theme names (default: the interface's).")
@needs_database
def export_themes(slug: str, fmt: str, out: str | None, lang: str | None) -> None:
    """Codes of the latest analysis run: one row per code of each answer or note (no text)."""
    from ..services.exports import assignments_table, to_csv, to_xlsx
    from ..services.labels import theme_labels
    from ..services.themes import latest_run

    survey = current_survey(slug)
    run = latest_run(get_session(), survey.id)
    if run is None:
        raise click.ClickException(f"no analysis of {slug!r} yet; run `themes refresh --survey {slug}`")
    table = assignments_table(get_session(), run, theme_labels(run, lang))
    audit.record(
        get_session(),
        "export.themes",
        actor=cli_actor(),
        target=f"survey:{slug}",
        format=fmt,
        rows=len(table.rows),
        run=run.id,
    )
    get_session().commit()
    write_out(to_csv(table) if fmt == "csv" else to_xlsx(table, "themes"), out, f"{len(table.rows)} codes")


@export_group.command("summary")
@click.option("--survey", "slug", required=True, help="Survey slug.")
@click.option(
    "--by",
    "by",
    default="language",
    show_default=True,
    help="language, partner, or a closed question's name (e.g. gender).",
)
@click.option(
    "--rows",
    default="themes",
    show_default=True,
    help="themes, or a closed question's name (e.g. barriers).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
@click.option("--lang", default=None, help="Language of the theme names (default: the interface's).")
@needs_database
def export_summary(slug: str, by: str, rows: str, fmt: str, out: str | None, lang: str | None) -> None:
    """A summary table (rows by a respondent attribute) with small counts hidden."""
    from ..services import reporting
    from ..services.dashboard import Scope
    from ..services.exports import to_csv, to_xlsx
    from ..services.labels import labelled, summary_rows
    from ..services.surveys import definition_of
    from ..services.themes import latest_run

    survey = current_survey(slug)
    scope = Scope(
        survey=survey,
        timezone=current_app.config["TIMEZONE"],
        min_count=current_app.config["SMALL_CELL_MIN"],
    )
    db = get_session()
    try:
        attribute, question, cross = reporting.summary(
            db, scope, definition_of(survey.current_version), rows, by
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    cross = labelled(
        cross,
        attribute,
        reporting.partners_by_id(db),
        run=latest_run(db, survey.id),
        question=question,
        theme_lang=lang,
    )
    table = summary_rows(cross, rows)
    audit.record(
        get_session(),
        "export.summary",
        actor=cli_actor(),
        target=f"survey:{slug}",
        format=fmt,
        rows_by=rows,
        by=by,
    )
    get_session().commit()
    write_out(to_csv(table) if fmt == "csv" else to_xlsx(table, "summary"), out, "the summary")


@export_group.command("notes")
@click.option("--session", "token", default=None, help="One focus-group session (its sign-up token).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout).")
@needs_database
def export_notes(token: str | None, fmt: str, out: str | None) -> None:
    """Focus-group notes as documents for `python -m analysis themes` (id, text, lang, source)."""
    from sqlalchemy import select

    from ..models import FocusGroup
    from ..services.group_files import notes_table
    from ..services.spreadsheet import to_csv, to_xlsx

    group_id = None
    if token:
        group_id = get_session().scalar(select(FocusGroup.id).where(FocusGroup.token == token))
        if group_id is None:
            raise click.ClickException(f"no focus-group session {token!r}")
    table = notes_table(get_session(), group_id)
    audit.record(
        get_session(),
        "export.notes",
        actor=cli_actor(),
        target=f"focus_group:{token or 'all'}",
        format=fmt,
        rows=len(table.rows),
    )
    get_session().commit()
    data = to_csv(table) if fmt == "csv" else to_xlsx(table, sheet="notes")
    write_out(data, out, f"{len(table.rows)} notes")
