"""Exports from the dashboard: responses, theme assignments and summary tables, within the filters.

Every file is written by services.spreadsheet (formula injection neutralized), holds no personal
data, and is audit-logged with the filters it was made with. Downloads are POST forms (CSRF).
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.views import client_address
from ..db import get_session
from ..forms.staff import Choice, StaffForm, options
from ..i18n import autonym
from ..services import audit, breakdowns, reporting
from ..services.exports import assignments_table, response_table, to_csv, to_xlsx
from ..services.labels import attribute_label, labelled, reader_language, summary_rows, theme_labels
from ..services.spreadsheet import Table
from ..services.themes import latest_run
from . import bp
from .scope import Filters, current_scope

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportForm(StaffForm):
    fmt = Choice(choices=options([("csv", "CSV"), ("xlsx", "Excel (.xlsx)")]))
    lang = Choice()
    rows = Choice()
    by = Choice()


def _form(filters: Filters) -> ExportForm:
    form = ExportForm()
    form.lang.choices = options((code, autonym(code)) for code in filters.definition.languages)
    closed = breakdowns.closed_questions(filters.definition)
    lang = reader_language()
    form.rows.choices = options([("themes", _("Themes"))] + [(q.name, q.label.get(lang)) for q in closed])
    form.by.choices = options((a.key, attribute_label(a)) for a in breakdowns.attributes(filters.definition))
    for unused in (form.lang, form.rows, form.by):  # each export posts only the fields it needs
        if unused.name not in request.form:
            unused.data = unused.choices[0].value
    return form


@bp.get("/exports")
def exports() -> Any:
    filters = current_scope()
    form = _form(filters)
    return render_template(
        "team/exports.html",
        f=filters,
        form=form,
        page="exports",
        run=latest_run(get_session(), filters.survey.id),
    )


def _send(filters: Filters, kind: str, table: Table, fmt: str, **detail: Any) -> Response:
    db = get_session()
    scope = filters.scope
    audit.record(
        db,
        f"export.{kind}",
        user=current_user._get_current_object(),
        target=f"survey:{filters.survey.slug}",
        format=fmt,
        rows=len(table.rows),
        ip=client_address(),
        filters={
            "start": scope.start.isoformat() if scope.start else None,
            "end": scope.end.isoformat() if scope.end else None,
            "partner": scope.partner_id,
            "language": scope.language,
        },
        **detail,
    )
    db.commit()
    data = to_csv(table) if fmt == "csv" else to_xlsx(table, kind)
    name = f"{filters.survey.slug}-{kind}.{fmt}"
    return Response(
        data,
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.post("/exports/<kind>")
def export(kind: str) -> Any:
    filters = current_scope()
    form = _form(filters)
    back = redirect(url_for("team.exports", **filters.args()))
    if kind not in ("responses", "themes", "summary") or not form.validate():
        flash(_("That export could not be made: please choose from the lists and try again."))
        return back
    db = get_session()
    if kind == "responses":
        table = response_table(
            db,
            filters.survey,
            form.lang.data,
            where=filters.scope.responses(),
            timezone=current_app.config["TIMEZONE"],
        )
        return _send(filters, kind, table, form.fmt.data, lang=form.lang.data)
    run = latest_run(db, filters.survey.id)
    if run is None and (kind == "themes" or form.rows.data == "themes"):
        flash(_("There are no themes yet: run the analysis first."))
        return back
    # Theme names in the export's language when one was chosen, else in the reader's.
    theme_lang = form.lang.data if "lang" in request.form else None
    if kind == "themes":
        table = assignments_table(db, run, theme_labels(run, theme_lang), filters.scope)
        return _send(filters, kind, table, form.fmt.data, run=run.id)
    attribute, question, cross = reporting.summary(
        db, filters.scope, filters.definition, form.rows.data, form.by.data
    )
    cross = labelled(cross, attribute, filters.partners, run=run, question=question, theme_lang=theme_lang)
    table = summary_rows(cross, form.rows.data)
    return _send(
        filters,
        kind,
        table,
        form.fmt.data,
        rows_by=form.rows.data,
        by=form.by.data,
        small_cell_min=current_app.config["SMALL_CELL_MIN"],
    )


@bp.app_template_global()
def export_action(kind: str, filters: Filters) -> str:
    return url_for("team.export", kind=kind, **filters.args())
