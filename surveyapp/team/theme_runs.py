"""Analysis runs from the themes page: starting one, its progress for the page, and the status,
step and error of a run in the reader's language."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, jsonify, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auth.staff_events import acting_user, record_event
from ..db import get_session
from ..forms.themes import RunForm
from ..models import AnalysisRun
from ..services import themes as runs
from . import bp
from .scope import current_scope


def run_status_label(run: AnalysisRun) -> str:
    if runs.is_stalled(run):
        return _("stopped (no sign of life for 10 minutes)")
    return {"queued": _("waiting"), "running": _("running"), "done": _("done"), "failed": _("failed")}[
        run.status
    ]


# The worker writes its steps in English (it runs without a request, so without a reader's
# language); the pages name each step in the reader's language by the step's first word.
_STEPS = {
    "collecting": _l("Collecting the answers"),
    "preprocessing": _l("Preparing the words of each answer"),
    "embedding": _l("Comparing the meaning of the English answers"),
    "vectorizing": _l("Comparing the answers"),
    "clustering": _l("Grouping the answers into themes"),
    "labelling": _l("Naming the themes"),
    "saving": _l("Saving the themes"),
}
_ERRORS = {runs.NO_ANSWERS: _l("There are no answers to analyse yet.")}


def run_progress_text(message: str | None) -> str:
    if not message:
        return _("Waiting to start")
    step = _STEPS.get(message.split(None, 1)[0].lower())
    return str(step) if step is not None else message


def run_error_text(error: str | None) -> str:
    """A failed run's reason: known ones in the reader's language, others as the worker wrote them."""
    return str(_ERRORS.get(error or "", error or ""))


@bp.get("/themes/runs/<int:run_id>.json")
def run_status(run_id: int) -> Any:
    """For the page's progress line; the page works without it (a refresh link)."""
    run = get_session().get(AnalysisRun, run_id)
    if run is None:
        return jsonify(error="no such run"), 404
    status = "failed" if runs.is_stalled(run) else run.status
    return jsonify(
        status=status,
        progress=run_progress_text(run.progress),
        error=run_error_text(run.error) if run.error else None,
    )


@bp.post("/themes/run")
def start_run() -> Any:
    filters = current_scope()
    form = RunForm()
    if not form.validate() or form.survey.data != filters.survey.slug:
        flash(_("The analysis could not be started: please reload the page and try again."))
        return redirect(url_for("team.themes", **filters.args()))
    db = get_session()
    run, created = runs.queue_run(db, filters.survey, user=acting_user())
    if created:
        record_event("analysis.run", target=f"survey:{filters.survey.slug}", run=run.id)
    db.commit()
    if created:
        runs.start_worker(current_app._get_current_object(), run.id)
        flash(_("The analysis has started. This page shows its progress."))
    else:
        flash(_("An analysis of this survey is already running."))
    return redirect(url_for("team.themes", **filters.args()))
