"""Dashboard pages: overview, closed questions, disaggregation and the printable report."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..db import get_session
from ..forms.definition import Question
from ..i18n import autonym
from ..models import AnalysisRun, Partner, Survey
from ..services import dashboard as service
from ..services.dashboard import MISSING, MULTIPLE, Attribute, CrossTable, cross_table
from ..services.exports import cross_table_rows
from ..services.spreadsheet import Table
from ..services.surveys import definition_of
from ..services.themes import latest_run
from . import bp, charts
from .scope import Filters, current_scope

# Breakdowns the report shows besides language and partner, when the survey has them.
REPORT_ATTRIBUTES = ("race_ethnicity", "income_band", "gender", "age_band")


@bp.context_processor
def _charts() -> dict[str, Any]:
    return {"charts": charts}


def _lang() -> str:
    return str(get_locale() or "en")


@bp.app_template_filter("when")
def when(moment: datetime | None) -> str:
    """A timestamp in the partnership's time zone, written the way the reader's language does."""
    if moment is None:
        return "–"
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    return format_datetime(local, format="short", locale=_lang().replace("-", "_"))


def column_label(filters: Filters, attribute: Attribute, key: str) -> str:
    """How a breakdown value is shown: a language by its own name, a partner by name, a choice label."""
    if key == MISSING:
        return _("Not answered")
    if key == MULTIPLE:
        return _("More than one")
    if attribute.key == "language":
        return autonym(key)
    if attribute.key == "partner":
        partner = filters.partners.get(int(key)) if key.isdigit() else None
        return partner.name if partner else key
    choice = attribute.question.choice(key) if attribute.question else None
    return choice.label.get(_lang()) if choice else key


def attribute_label(attribute: Attribute) -> str:
    if attribute.key == "language":
        return _("Language")
    if attribute.key == "partner":
        return _("Partner")
    assert attribute.question is not None
    return attribute.question.label.get(_lang())


def _ordered(keys: set[str]) -> list[str]:
    """Values in a stable order, 'more than one' and 'not answered' last."""
    return sorted(keys - {MULTIPLE, MISSING}) + [k for k in (MULTIPLE, MISSING) if k in keys]


def theme_labels(run: AnalysisRun | None) -> dict[str, str]:
    return {t["id"]: t["label"] for t in ((run.result or {}).get("themes", []) if run else [])}


def themes_table(filters: Filters, run: AnalysisRun, attribute: Attribute) -> CrossTable:
    counts = service.themes_by(get_session(), run, filters.scope, attribute)
    labels = theme_labels(run)
    rows = sorted({t for t, _ in counts}, key=lambda t: -sum(n for (r, _), n in counts.items() if r == t))
    columns = _ordered({c for _, c in counts})
    return cross_table(counts, [(t, labels.get(t, t)) for t in rows],
                       [(c, column_label(filters, attribute, c)) for c in columns], None,
                       current_app.config["SMALL_CELL_MIN"])


def question_table(filters: Filters, question: Question, attribute: Attribute) -> CrossTable:
    counts, people = service.question_by(get_session(), filters.scope, question, attribute)
    return _choice_table(filters, question, attribute, counts, people)


def _choice_table(filters: Filters, question: Question, attribute: Attribute,
                  counts: dict[tuple[str, str], int], people: dict[str, int]) -> CrossTable:
    lang = _lang()
    known = [c.name for c in question.choices]
    extra = sorted({r for r, _ in counts} - set(known))
    rows = [(name, question.choice(name).label.get(lang) if question.choice(name) else name)
            for name in known + extra]
    columns = _ordered(set(people))
    return cross_table(counts, rows, [(c, column_label(filters, attribute, c)) for c in columns],
                       dict(people), current_app.config["SMALL_CELL_MIN"])


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
    """Each answer's share of the people who answered, for the question's chart."""
    total = table.grand_total or 1
    return [(label, (cell.count or 0) / total,
             _("hidden") if cell.hidden else f"{100 * (cell.count or 0) / total:.0f}% ({cell.count})")
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
    run = latest_run(get_session(), filters.survey.id)
    if rows in closed:
        table = question_table(filters, closed[rows], attribute)
    elif run is not None:
        rows, table = "themes", themes_table(filters, run, attribute)
    else:
        rows, table = "themes", None
    rows_label = closed[rows].label.get(_lang()) if rows in closed else _("Themes")
    return render_template("team/disaggregate.html", f=filters, table=table, rows=rows, run=run,
                           rows_label=rows_label,
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
        for attribute in service.attributes(filters.definition):
            if attribute.key in wanted:
                tables.append((attribute, themes_table(filters, view.run, attribute)))
    return render_template("team/report.html", f=filters, data=data, view=view, tables=tables,
                           attribute_label=attribute_label, page="report",
                           small_cell_min=current_app.config["SMALL_CELL_MIN"], **overview_bars(data))


def plain_filters(survey: Survey) -> Filters:
    """Filters of a whole survey, outside a request (the command line)."""
    scope = service.Scope(survey=survey, timezone=current_app.config["TIMEZONE"])
    partners = {p.id: p for p in get_session().scalars(select(Partner))}
    return Filters(scope, None, definition_of(survey.current_version), partners)


def summary_table(survey_or_filters: Survey | Filters, rows: str, by: str) -> Table:
    """A disaggregation table as an export (hidden cells written as 'hidden'); ValueError if unknown."""
    filters = (survey_or_filters if isinstance(survey_or_filters, Filters)
               else plain_filters(survey_or_filters))
    attribute = next((a for a in service.attributes(filters.definition) if a.key == by), None)
    closed = {q.name: q for q in service.closed_questions(filters.definition)}
    if attribute is None:
        raise ValueError(f"cannot break down by {by!r}")
    if rows == "themes":
        run = latest_run(get_session(), filters.survey.id)
        if run is None:
            raise ValueError("no analysis run yet")
        cross = themes_table(filters, run, attribute)
    elif rows in closed:
        cross = question_table(filters, closed[rows], attribute)
    else:
        raise ValueError(f"no closed question {rows!r}")
    return cross_table_rows(cross, rows, _("Total"), _("hidden"))
