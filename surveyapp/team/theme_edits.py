"""The team's edits of the latest run: rename, hide, merge, move an answer, add or remove a code.

Each is checked against the run, audit-logged, and kept for later runs (`services.themes.curate`).
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..auth.staff_events import record_event
from ..db import get_session
from ..forms.themes import CodeForm, EditForm, RenameForm
from ..models import AnalysisRun, ThemeAssignment
from ..services import themes as runs
from . import bp
from .scope import Filters, current_scope


def _edit(form: FlaskForm) -> tuple[Filters, AnalysisRun | None, set[str]]:
    """The filters, the run to edit and its theme ids; the run is None (with a message) when the form
    is not valid."""
    filters = current_scope()
    run = runs.latest_run(get_session(), filters.survey.id)
    if run is None or not form.validate() or form.survey.data != filters.survey.slug:
        # What the person typed that cannot be saved (a blank or over-long name) says why; a stale
        # page (no run, a lost CSRF token, another survey) is to be reloaded.
        typed = [str(m) for name, errors in form.errors.items() if name == "label" for m in errors]
        stale = _("That change could not be made: please reload the page and try again.")
        flash(typed[0] if typed else stale)
        return filters, None, set()
    return filters, run, runs.theme_ids(run)


def _done(filters: Filters, run: AnalysisRun, change: dict[str, Any], **extra: Any) -> None:
    db = get_session()
    runs.curate(db, run, change, **extra)
    record_event("themes.edit", target=f"survey:{filters.survey.slug}", run=run.id, change=change, **extra)
    db.commit()
    flash(_("Saved. The next analysis run keeps this change."))


def _known_theme(form: FlaskForm, theme_id: str) -> tuple[Filters, AnalysisRun | None]:
    """The filters and the run to edit when `theme_id` is one of its themes (else None, with a message)."""
    filters, run, known = _edit(form)
    if run is not None and theme_id not in known:
        flash(_("That theme is not in the latest analysis run."))
        return filters, None
    return filters, run


def _assignment(run: AnalysisRun | None, doc: str) -> ThemeAssignment | None:
    """The run's answer (or note) `doc`, if the run has it."""
    if run is None:
        return None
    return get_session().scalar(
        select(ThemeAssignment).where(ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == doc)
    )


def _back(filters: Filters, theme_id: str | None = None) -> Any:
    if request.form.get("back") == "answers" and theme_id:
        return redirect(url_for("team.theme_answers", theme_id=theme_id, **filters.args()))
    return redirect(url_for("team.themes", **filters.args()))


@bp.post("/themes/<theme_id>/rename")
def rename(theme_id: str) -> Any:
    form = RenameForm()
    filters, run = _known_theme(form, theme_id)
    if run is not None:
        _done(filters, run, {"renames": {theme_id: form.label.data.strip()}})
    return _back(filters)


@bp.post("/themes/<theme_id>/hide")
def hide(theme_id: str) -> Any:
    filters, run = _known_theme(EditForm(), theme_id)
    if run is not None:
        hidden = any(t["id"] == theme_id and t.get("hidden") for t in run.result["themes"])
        if hidden:
            _done(filters, run, {}, unhide=theme_id)
        else:
            _done(filters, run, {"hidden": [theme_id]})
    return _back(filters)


# Strengths answers are themed apart from barrier answers (analysis.roles); edits keep them apart.
ROLES_APART = _l(
    "A strengths theme and a barrier theme stay apart: strengths answers belong in strengths themes, "
    "barrier answers in barrier themes."
)


def _same_role(run: AnalysisRun, doc: str, target: str) -> bool:
    """Whether an answer's theme and the target theme are of one role (both barriers, or both strengths)."""
    current = get_session().scalar(
        select(ThemeAssignment.theme_id).where(
            ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == doc
        )
    )
    roles = runs.theme_roles(run)
    return roles.get(current or "", "barriers") == roles.get(target, "barriers")


@bp.post("/themes/merge")
def merge() -> Any:
    form = EditForm()
    filters, run, known = _edit(form)
    keep, other = form.theme.data, form.other.data
    if run is not None and keep in known and other in known and keep != other:
        if runs.theme_roles(run)[keep] != runs.theme_roles(run)[other]:
            flash(str(ROLES_APART))
        else:
            _done(filters, run, {"merges": [[keep, other]]})
    elif run is not None:
        flash(_("Please choose two different themes of the latest analysis run."))
    return _back(filters)


@bp.post("/themes/move")
def move() -> Any:
    form = EditForm()
    filters, run, known = _edit(form)
    target, doc = form.theme.data, form.doc.data
    if run is not None and target in known and _assignment(run, doc) is not None:
        if not _same_role(run, doc, target):
            flash(str(ROLES_APART))
        else:
            _done(filters, run, {"moves": {doc: target}})
    elif run is not None:
        flash(_("Please choose an answer and a theme of the latest analysis run."))
    return _back(filters, request.form.get("from_theme") or target)


@bp.post("/themes/code")
def code() -> Any:
    """The team adds a code an answer names or removes one it does not; kept for later runs."""
    form = CodeForm()
    # A select's choice arrives as `theme` (add), a remove button's theme in the hidden field.
    filters, run, known = _edit(form)
    doc, target, action = form.doc.data, form.theme.data, form.action.data
    assignment = _assignment(run, doc)
    if run is None:
        pass
    elif assignment is None or target not in known:
        flash(_("Please choose an answer and a theme of the latest analysis run."))
    elif action == "remove" and target == assignment.theme_id:
        flash(_("An answer's main theme cannot be removed: move the answer to another theme."))
    elif not _same_role(run, doc, target):
        flash(str(ROLES_APART))
    else:
        key = "codes_added" if action == "add" else "codes_removed"
        _done(filters, run, {key: {doc: [target]}})
    return _back(filters, request.form.get("from_theme") or target)
