"""The themes pages: the latest analysis run's themes within the filters, and one theme's answers.

Runs are started in `theme_runs`, edited in `theme_edits`; what the pages show is `theme_view`.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from ..db import get_session
from ..forms.themes import EditForm, RenameForm, RunForm
from ..services import theme_codes
from ..services.theme_documents import theme_documents
from . import bp
from .scope import current_scope
from .theme_runs import run_error_text, run_progress_text, run_status_label
from .theme_view import theme_view

PER_PAGE = 50


@bp.get("/themes")
def themes() -> Any:
    filters = current_scope()
    view = theme_view(filters)
    return render_template(
        "team/themes.html",
        f=filters,
        view=view,
        page="themes",
        run_status_label=run_status_label,
        run_error_text=run_error_text,
        run_progress_text=run_progress_text,
        run_form=RunForm(survey=filters.survey.slug),
        rename_form=RenameForm(survey=filters.survey.slug),
    )


@bp.get("/themes/<theme_id>/answers")
def theme_answers(theme_id: str) -> Any:
    filters = current_scope()
    view = theme_view(filters)
    theme = next((t for t in view.themes if t.id == theme_id), None)
    search = request.args.get("q", "").strip()[:200]
    page = max(0, request.args.get("page", 0, type=int) or 0)
    docs, total = [], 0
    if view.run is not None and theme is not None:
        docs, total, page = theme_documents(
            get_session(), view.run, filters.scope, theme_id, search, page, PER_PAGE
        )
    codes = (
        theme_codes.codes_of(get_session(), view.run, [d.doc_id for d in docs])
        if view.run is not None
        else {}
    )
    labels = {t.id: t.label for t in view.themes}
    status = 200 if theme is not None else 404
    return render_template(
        "team/theme_answers.html",
        f=filters,
        view=view,
        theme=theme,
        docs=docs,
        total=total,
        search=search,
        page_no=page,
        per_page=PER_PAGE,
        edit_form=EditForm(survey=filters.survey.slug),
        codes=codes,
        theme_labels=labels,
        evidence_parts=theme_codes.evidence_parts,
        page="themes",
    ), status
