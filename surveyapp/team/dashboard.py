"""Dashboard pages: overview, closed questions, disaggregation and the printable report."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app, render_template, request
from flask_babel import gettext as _

from ..db import get_session
from ..i18n import autonym
from ..services import dashboard as service
from ..services.dashboard import Attribute, CrossTable
from ..services.themes import latest_run
from . import bp, charts
from .scope import Filters, current_scope
from .tables import _choice_table, _lang, attribute_label, question_table, themes_table, themes_tables

# Breakdowns the report shows besides language and partner, when the survey has them.
REPORT_ATTRIBUTES = ("race_ethnicity", "income_band", "gender", "age_band")
REPORT_THEMES = 8


@bp.context_processor
def _charts() -> dict[str, Any]:
    return {"charts": charts}


@bp.app_template_filter("when")
def when(moment: datetime | None) -> str:
    """A timestamp in the partnership's time zone, written the way the reader's language does."""
    if moment is None:
        return "–"
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    try:
        return format_datetime(local, format="short", locale=_lang().replace("-", "_"))
    except (ValueError, LookupError):  # a language Babel has no calendar data for
        return local.strftime("%Y-%m-%d %H:%M")


def mode_labels() -> dict[str, str]:
    return {"link": _("Public link"), "kiosk": _("Kiosk"), "assisted": _("Entered by staff")}


def overview_bars(data: service.Overview) -> dict[str, Any]:
    """The overview's figures as chart rows (also used by the report)."""
    modes = mode_labels()
    top = max([done for _p, done, _t in data.by_partner] + [t or 0 for _p, _d, t in data.by_partner] + [1])
    return {
        "mode_labels": modes, "partner_max": top,
        "partner_bars": [(p.name, done, _("%(done)d of %(target)d", done=done, target=target)
                          if target else str(done)) for p, done, target in data.by_partner],
        "language_bars": [(autonym(k), n, str(n)) for k, n in data.by_language.items()],
        "mode_bars": [(modes.get(k, k), n, str(n)) for k, n in data.by_mode.items()],
    }


@bp.get("/")
def overview() -> Any:
    filters = current_scope()
    data = service.overview(get_session(), filters.scope)
    return render_template("team/overview.html", f=filters, data=data,
                           page="overview", **overview_bars(data))


def choice_bars(table: CrossTable) -> list[tuple[str, float, str]]:
    """Each answer's share of the people who answered, for the question's chart; nothing of a table
    whose total is hidden (its shares would give the total away)."""
    total = table.grand_total or 1
    return [(label, 0.0 if table.grand.hidden else (cell.count or 0) / total,
             _("hidden") if cell.hidden or table.grand.hidden
             else f"{100 * (cell.count or 0) / total:.0f}% ({cell.count})")
            for (_key, label), cell in zip(table.rows, table.row_totals, strict=True)]


@bp.get("/questions")
def questions() -> Any:
    filters = current_scope()
    closed = service.closed_questions(filters.definition)
    answers = service.closed_answers(get_session(), filters.scope, closed)
    sections = []
    for question in closed:
        rows = answers.get(question.name, [])
        by_language = _choice_table(filters, question, Attribute("language"), *service.split_by(rows, 1))
        by_partner = _choice_table(filters, question, Attribute("partner"), *service.split_by(rows, 2))
        sections.append((question, by_language, by_partner))
    return render_template("team/questions.html", f=filters, sections=sections,
                           page="questions", lang=_lang(), choice_bars=choice_bars)


def _attribute(filters: Filters, key: str | None) -> Attribute:
    found = service.attributes(filters.definition)
    return next((a for a in found if a.key == key), found[0])


@bp.get("/disaggregate")
def disaggregate() -> Any:
    filters = current_scope()
    attributes = service.attributes(filters.definition)
    attribute = _attribute(filters, request.args.get("by"))
    closed = {q.name: q for q in service.closed_questions(filters.definition)}
    rows = request.args.get("rows", "themes")
    unknown_rows = rows not in closed and rows != "themes"
    unknown_by = request.args.get("by", attribute.key) != attribute.key
    run = latest_run(get_session(), filters.survey.id)
    if rows in closed:
        table = question_table(filters, closed[rows], attribute)
    elif run is not None:
        rows, table = "themes", themes_table(filters, run, attribute)
    else:
        rows, table = "themes", None
    rows_label = closed[rows].label.get(_lang()) if rows in closed else _("Themes")
    return render_template("team/disaggregate.html", f=filters, table=table, rows=rows, run=run,
                           rows_label=rows_label, unknown_rows=unknown_rows, unknown_by=unknown_by,
                           attribute=attribute, attributes=attributes, closed=closed.values(),
                           attribute_label=attribute_label, page="disaggregate",
                           lang=_lang())


@bp.get("/report")
def report() -> Any:
    from .themes import theme_view

    filters = current_scope()
    data = service.overview(get_session(), filters.scope)
    view = theme_view(filters)
    wanted = {"language", "partner", *REPORT_ATTRIBUTES}
    tables = []
    if view.run is not None:
        shown = [a for a in service.attributes(filters.definition) if a.key in wanted]
        tables = list(zip(shown, themes_tables(filters, view.run, shown, top=REPORT_THEMES),
                          strict=True))
    return render_template("team/report.html", f=filters, data=data, view=view, tables=tables,
                           attribute_label=attribute_label, page="report",
                           small_cell_min=current_app.config["SMALL_CELL_MIN"], report_themes=REPORT_THEMES,
                           **overview_bars(data))


