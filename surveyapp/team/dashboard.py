"""Dashboard pages: overview, closed questions, disaggregation and the printable report.

Every figure comes from `services.reporting`, already suppressed; these views only label and
format it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app, render_template, request
from flask_babel import gettext as _

from ..db import get_session
from ..i18n import autonym
from ..services import breakdowns, reporting
from ..services.breakdowns import Attribute
from ..services.labels import attribute_label, labelled, reader_language
from ..services.suppression import Cell, CrossTable
from ..services.themes import latest_run
from . import bp, charts
from .scope import Filters, current_scope
from .theme_view import theme_view

# Breakdowns the report shows besides language and partner, when the survey has them.
REPORT_ATTRIBUTES = ("race_ethnicity", "income_band", "gender", "age_band")
REPORT_THEMES = 8
# Most group columns one printed table holds beside its row labels (and the totals of its last
# part): six fit a Letter or A4 page at 11pt with labels wrapped; a wider table is split.
REPORT_COLUMNS = 5


def column_parts(count: int, most: int = REPORT_COLUMNS) -> list[range]:
    """The columns of a wide table as parts of about equal size, none wider than `most`, so that
    a printed page holds every column (each part repeats the row labels)."""
    if count <= most:
        return [range(count)]
    size = -(-count // -(-count // most))  # ceil(count / number of parts)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


@bp.context_processor
def _charts() -> dict[str, Any]:
    return {
        "charts": charts,
        "figure_text": figure_text,
        "small_cell_min": current_app.config["SMALL_CELL_MIN"],
    }


@bp.app_template_filter("when")
def when(moment: datetime | None) -> str:
    """A timestamp in the partnership's time zone, written the way the reader's language does."""
    if moment is None:
        return "–"
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    try:
        return format_datetime(local, format="short", locale=reader_language().replace("-", "_"))
    except (ValueError, LookupError):  # a language Babel has no calendar data for
        return local.strftime("%Y-%m-%d %H:%M")


def figure_text(cell: Cell, share: bool = False) -> str:
    """A figure as words: its count (and share), or 'hidden'."""
    if cell.hidden:
        return _("hidden")
    if share and cell.share is not None:
        return f"{100 * cell.share:.0f}% ({cell.count})"
    return str(cell.count)


def mode_labels() -> dict[str, str]:
    return {"link": _("Public link"), "kiosk": _("Kiosk"), "assisted": _("Entered by staff")}


def overview_bars(data: reporting.Overview) -> dict[str, Any]:
    """The overview's figures as chart rows (also used by the report); a hidden one is drawn empty."""
    modes = mode_labels()
    top = max(
        [c.count or 0 for _p, c, _t in data.by_partner] + [t or 0 for _p, _c, t in data.by_partner] + [1]
    )

    def partner_text(cell: Cell, target: int | None) -> str:
        if target and not cell.hidden:
            return _("%(done)d of %(target)d", done=cell.count, target=target)
        return figure_text(cell)

    return {
        "mode_labels": modes,
        "partner_max": top,
        "partner_bars": [(p.name, c.count or 0, partner_text(c, t)) for p, c, t in data.by_partner],
        "language_bars": [(autonym(k), c.count or 0, figure_text(c)) for k, c in data.by_language],
        "mode_bars": [(modes.get(k, k), c.count or 0, figure_text(c)) for k, c in data.by_mode],
    }


@bp.get("/")
def overview() -> Any:
    filters = current_scope()
    data = reporting.overview(get_session(), filters.scope)
    return render_template("team/overview.html", f=filters, data=data, page="overview", **overview_bars(data))


def choice_bars(table: CrossTable) -> list[tuple[str, float, str]]:
    """Each answer's share of the people who answered, for the question's chart (a share is
    shown only where its count and the total are)."""
    return [
        (label, cell.share or 0.0, figure_text(cell, share=True) if cell.share is not None else _("hidden"))
        for (_key, label), cell in zip(table.rows, table.row_totals, strict=True)
    ]


def _label(filters: Filters, table: CrossTable, attribute: Attribute, **rows: Any) -> CrossTable:
    return labelled(table, attribute, filters.partners, **rows)


@bp.get("/questions")
def questions() -> Any:
    filters = current_scope()
    closed = breakdowns.closed_questions(filters.definition)
    sections = [
        (
            q,
            _label(filters, by_language, Attribute("language"), question=q),
            _label(filters, by_partner, Attribute("partner"), question=q),
        )
        for q, by_language, by_partner in reporting.question_sections(get_session(), filters.scope, closed)
    ]
    return render_template(
        "team/questions.html",
        f=filters,
        sections=sections,
        page="questions",
        lang=reader_language(),
        choice_bars=choice_bars,
    )


def _attribute(filters: Filters, key: str | None) -> Attribute:
    found = breakdowns.attributes(filters.definition)
    return next((a for a in found if a.key == key), found[0])


@bp.get("/disaggregate")
def disaggregate() -> Any:
    filters = current_scope()
    db = get_session()
    attributes = breakdowns.attributes(filters.definition)
    attribute = _attribute(filters, request.args.get("by"))
    closed = {q.name: q for q in breakdowns.closed_questions(filters.definition)}
    rows = request.args.get("rows", "themes")
    unknown_rows = rows not in closed and rows != "themes"
    unknown_by = request.args.get("by", attribute.key) != attribute.key
    run = latest_run(db, filters.survey.id)
    table: CrossTable | None
    if rows in closed:
        table = _label(
            filters,
            reporting.question_table(db, filters.scope, closed[rows], attribute),
            attribute,
            question=closed[rows],
        )
    elif run is not None:
        rows = "themes"
        table = _label(
            filters, reporting.themes_tables(db, run, filters.scope, [attribute])[0], attribute, run=run
        )
    else:
        rows, table = "themes", None
    rows_label = closed[rows].label.get(reader_language()) if rows in closed else _("Themes")
    return render_template(
        "team/disaggregate.html",
        f=filters,
        table=table,
        rows=rows,
        run=run,
        rows_label=rows_label,
        unknown_rows=unknown_rows,
        unknown_by=unknown_by,
        attribute=attribute,
        attributes=attributes,
        closed=closed.values(),
        attribute_label=attribute_label,
        page="disaggregate",
        lang=reader_language(),
    )


@bp.get("/report")
def report() -> Any:
    filters = current_scope()
    db = get_session()
    data = reporting.overview(db, filters.scope)
    view = theme_view(filters)
    wanted = {"language", "partner", *REPORT_ATTRIBUTES}
    tables = []
    languages: list[tuple[str, Cell]] = []
    if view.run is not None:
        shown = [a for a in breakdowns.attributes(filters.definition) if a.key in wanted]
        built = reporting.themes_tables(db, view.run, filters.scope, shown, top=REPORT_THEMES)
        labelled_tables = [
            (a, _label(filters, t, a, run=view.run)) for a, t in zip(shown, built, strict=True)
        ]
        tables = [(a, t, column_parts(len(t.columns))) for a, t in labelled_tables]
        languages = reporting.run_languages(view.run, reporting.min_count_of(filters.scope))
    return render_template(
        "team/report.html",
        f=filters,
        data=data,
        view=view,
        tables=tables,
        attribute_label=attribute_label,
        page="report",
        run_languages=languages,
        report_themes=REPORT_THEMES,
        **overview_bars(data),
    )
