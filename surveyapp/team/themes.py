"""Themes: the latest analysis run, its curation, its answers, and starting a new run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length

from ..auth.views import client_address
from ..db import get_session
from ..models import AnalysisRun, ThemeAssignment
from ..services import audit, reporting, suppression, theme_codes
from ..services import dashboard as service
from ..services import themes as runs
from ..services.labels import category_label, theme_label
from ..services.suppression import HIDDEN, Cell
from . import bp
from .scope import Filters, current_scope

PER_PAGE = 50


@dataclass
class ThemeRow:
    id: str
    label: str
    kind: str
    category: str | None
    count: Cell  # its share is of the answers in scope
    hidden: bool
    top_terms: dict[str, list[str]]
    quotes: list[dict[str, Any]]
    merged_from: list[str]
    people: Cell = HIDDEN  # people whose answers carry its code; share of the people in scope
    role: str = "barriers"  # "assets": a theme of strengths answers, shown apart


@dataclass
class ThemeView:
    run: AnalysisRun | None
    active: AnalysisRun | None
    history: list[AnalysisRun]
    themes: list[ThemeRow] = field(default_factory=list)
    total: Cell = HIDDEN
    people: Cell = HIDDEN
    sources: dict[str, service.QuoteSource] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # question name -> label, to say where

    @property
    def visible(self) -> list[ThemeRow]:
        """The barrier themes shown (strengths have their own place: `strengths`)."""
        return [t for t in self.themes if not t.hidden and t.role != "assets"]

    @property
    def strengths(self) -> list[ThemeRow]:
        """Themes of the strengths answers (what people bring), shown apart from the barriers."""
        return [t for t in self.themes if not t.hidden and t.role == "assets"]

    @property
    def quotes_in_scope(self) -> set[str]:
        return {doc for doc, source in self.sources.items() if source.in_scope}

    @property
    def bars(self) -> list[tuple[str, float, str]]:
        return self._bars(self.visible)

    @property
    def strength_bars(self) -> list[tuple[str, float, str]]:
        return self._bars(self.strengths)

    @staticmethod
    def _bars(themes: list[ThemeRow]) -> list[tuple[str, float, str]]:
        return [
            (
                t.label,
                t.people.share or 0.0,
                f"{100 * t.people.share:.0f}% ({t.people.count})"
                if t.people.share is not None
                else _("hidden"),
            )
            for t in themes
        ]


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
        return _("waiting to start")
    step = _STEPS.get(message.split(None, 1)[0].lower())
    return str(step) if step is not None else message


def run_error_text(error: str | None) -> str:
    """A failed run's reason: known ones in the reader's language, others as the worker wrote them."""
    return str(_ERRORS.get(error or "", error or ""))


def theme_view(filters: Filters) -> ThemeView:
    """The latest run's themes counted within the filters, sorted by share, with quote sources."""
    db = get_session()
    survey_id = filters.survey.id
    history = list(
        db.scalars(
            select(AnalysisRun)
            .where(AnalysisRun.survey_id == survey_id)
            .order_by(AnalysisRun.id.desc())
            .limit(10)
        )
    )
    active = next((r for r in history if r.status in ("queued", "running") and not runs.is_stalled(r)), None)
    done = next((r for r in history if r.status == "done"), None)
    run = (
        db.scalar(select(AnalysisRun).options(undefer(AnalysisRun.result)).where(AnalysisRun.id == done.id))
        if done
        else None
    )
    view = ThemeView(run, active, history)
    if run is None or not run.result:
        return view
    figures = reporting.theme_figures(db, run, filters.scope)
    view.total = figures.total
    view.people, people = theme_codes.people_figures(db, run, filters.scope)
    for theme in run.result.get("themes", []):
        view.themes.append(
            ThemeRow(
                theme["id"],
                theme_label(theme),
                theme["kind"],
                category_label(theme),
                figures.counts[theme["id"]],
                theme.get("hidden", False),
                theme.get("top_terms", {}),
                theme.get("quotes", []),
                theme.get("merged_from", []),
                people.get(theme["id"], HIDDEN),
                theme.get("role", "barriers"),
            )
        )
    # Hidden sizes after the shown ones, by name: the order gives no hidden size away.
    view.themes.sort(key=lambda t: (t.kind == "other", t.people.hidden, -(t.people.count or 0), t.label))
    quoted = [q["id"] for t in view.themes for q in t.quotes]
    view.sources = service.quote_sources(db, run, filters.scope, quoted)
    _quotes_within_filters(db, run, filters, view)
    view.questions = {q.name: q.label.get(str(get_locale())) for q in filters.definition.questions.values()}
    return view


def _quotes_within_filters(db: Session, run: AnalysisRun, filters: Filters, view: ThemeView) -> None:
    """A theme whose representative quotes all fall outside the filters (say, they answer another
    question) is quoted from its answers within them, if its size there is shown."""
    if not filters.scope.filtered and filters.scope.samples:
        return
    for theme in view.visible + view.strengths:
        if (
            theme.count.hidden
            or not theme.count.count
            or any(q["id"] in view.quotes_in_scope for q in theme.quotes)
        ):
            continue
        docs, _total, _page = service.theme_documents(db, run, filters.scope, theme.id, "", 0, 3)
        theme.quotes = [{"id": d.doc_id, "text": d.text, "lang": d.lang} for d in docs]
        view.sources.update(
            {d.doc_id: service.QuoteSource(d.partner, d.source, True, d.question) for d in docs}
        )


class RunForm(FlaskForm):
    survey = HiddenField(validators=[DataRequired()])


class RenameForm(FlaskForm):
    survey = HiddenField(validators=[DataRequired()])
    label = StringField(
        _l("New name"),
        validators=[
            DataRequired(_l("Please enter a name.")),
            Length(max=80, message=_l("Please keep the name under 80 characters.")),
        ],
    )


class EditForm(FlaskForm):
    """Merge (theme + other), hide (theme), move (doc + theme): ids are checked against the run."""

    survey = HiddenField(validators=[DataRequired()])
    theme = HiddenField()
    other = HiddenField()
    doc = HiddenField()


class CodeForm(FlaskForm):
    """Add or remove one code of one answer (its main theme changes only by a move)."""

    survey = HiddenField(validators=[DataRequired()])
    doc = HiddenField(validators=[DataRequired()])
    theme = HiddenField()
    action = HiddenField(validators=[AnyOf(("add", "remove"))])


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
    run, created = runs.queue_run(db, filters.survey, user=current_user._get_current_object())
    if created:
        audit.record(
            db,
            "analysis.run",
            user=current_user._get_current_object(),
            target=f"survey:{filters.survey.slug}",
            run=run.id,
            ip=client_address(),
        )
    db.commit()
    if created:
        runs.start_worker(current_app._get_current_object(), run.id)
        flash(_("The analysis has started. This page shows its progress."))
    else:
        flash(_("An analysis of this survey is already running."))
    return redirect(url_for("team.themes", **filters.args()))


def _edit(filters: Filters, form: FlaskForm) -> tuple[AnalysisRun | None, set[str]]:
    """The run to edit and its theme ids, or (None, ∅) with a message when the form is not valid."""
    run = runs.latest_run(get_session(), filters.survey.id)
    if run is None or not form.validate() or form.survey.data != filters.survey.slug:
        flash(_("That change could not be made: please reload the page and try again."))
        return None, set()
    return run, runs.theme_ids(run)


def _done(filters: Filters, run: AnalysisRun, change: dict[str, Any], **extra: Any) -> None:
    db = get_session()
    runs.curate(db, run, change, **extra)
    audit.record(
        db,
        "themes.edit",
        user=current_user._get_current_object(),
        target=f"survey:{filters.survey.slug}",
        run=run.id,
        change=change,
        ip=client_address(),
        **extra,
    )
    db.commit()
    flash(_("Saved. The next analysis run keeps this change."))


def _back(filters: Filters, theme_id: str | None = None) -> Any:
    if request.form.get("back") == "answers" and theme_id:
        return redirect(url_for("team.theme_answers", theme_id=theme_id, **filters.args()))
    return redirect(url_for("team.themes", **filters.args()))


@bp.post("/themes/<theme_id>/rename")
def rename(theme_id: str) -> Any:
    filters = current_scope()
    form = RenameForm()
    run, known = _edit(filters, form)
    if run is not None and theme_id in known:
        _done(filters, run, {"renames": {theme_id: form.label.data.strip()}})
    elif run is not None:
        flash(_("That theme is not in the latest analysis run."))
    return _back(filters)


@bp.post("/themes/<theme_id>/hide")
def hide(theme_id: str) -> Any:
    filters = current_scope()
    form = EditForm()
    run, known = _edit(filters, form)
    if run is not None and theme_id in known:
        hidden = any(t["id"] == theme_id and t.get("hidden") for t in run.result["themes"])
        if hidden:
            _done(filters, run, {}, unhide=theme_id)
        else:
            _done(filters, run, {"hidden": [theme_id]})
    elif run is not None:
        flash(_("That theme is not in the latest analysis run."))
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
    filters = current_scope()
    form = EditForm()
    run, known = _edit(filters, form)
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
    filters = current_scope()
    form = EditForm()
    run, known = _edit(filters, form)
    target, doc = form.theme.data, form.doc.data
    exists = (
        run is not None
        and get_session().scalar(
            select(ThemeAssignment.id).where(ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == doc)
        )
        is not None
    )
    if run is not None and target in known and exists:
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
    filters = current_scope()
    form = CodeForm()
    # A select's choice arrives as `theme` (add), a remove button's theme in the hidden field.
    run, known = _edit(filters, form)
    doc, target, action = form.doc.data, form.theme.data, form.action.data
    assignment = (
        None
        if run is None
        else get_session().scalar(
            select(ThemeAssignment).where(ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == doc)
        )
    )
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


@bp.get("/themes/<theme_id>/answers")
def theme_answers(theme_id: str) -> Any:
    filters = current_scope()
    view = theme_view(filters)
    theme = next((t for t in view.themes if t.id == theme_id), None)
    search = request.args.get("q", "").strip()[:200]
    page = max(0, request.args.get("page", 0, type=int) or 0)
    docs, total, matching = [], 0, HIDDEN
    if view.run is not None and theme is not None:
        docs, total, page = service.theme_documents(
            get_session(), view.run, filters.scope, theme_id, search, page, PER_PAGE
        )
        # Every answer carrying the code: more than the theme's size on the themes page, which
        # counts main themes; hidden there, hidden here too.
        matching = (
            HIDDEN
            if theme.count.hidden and not search
            else suppression.single(total, reporting.min_count_of(filters.scope))
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
        matching=matching,
        search=search,
        page_no=page,
        per_page=PER_PAGE,
        edit_form=EditForm(survey=filters.survey.slug),
        codes=codes,
        theme_labels=labels,
        page="themes",
    ), status
