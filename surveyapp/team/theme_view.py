"""The themes as the team's pages show them: the latest run's themes counted within the filters,
sorted by share, with where each quote comes from."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from ..db import get_session
from ..models import AnalysisRun, Response
from ..services import reporting, theme_codes
from ..services import themes as runs
from ..services.labels import category_label, theme_label
from ..services.suppression import HIDDEN, Cell
from ..services.theme_documents import QuoteSource, quote_sources, theme_documents
from ..services.theme_labels import merged_label
from .scope import Filters


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
    people: Cell = HIDDEN  # people whose answers carry its code; share of its role's answerers
    role: str = "barriers"  # "assets": a theme of strengths answers, shown apart
    team_name: str = ""  # the name the team gave it (shown to every reader), if any


@dataclass
class ThemeView:
    run: AnalysisRun | None
    active: AnalysisRun | None
    history: list[AnalysisRun]
    themes: list[ThemeRow] = field(default_factory=list)
    total: Cell = HIDDEN
    people: Cell = HIDDEN
    bases: dict[str, Cell] = field(default_factory=dict)  # role -> the people its shares are of
    sources: dict[str, QuoteSource] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # question name -> label, to say where
    # Why no answer of the run is within the filters, when none is (see `_why_empty`).
    only_samples: bool = False
    newer_responses: bool = False

    def _shown(self, t: ThemeRow) -> bool:
        """Not hidden by the team, and named by someone in the scope: a theme nobody within the
        filters names (of one question, the themes of the others) is no row of 0 %. A hidden
        size is not zero (zero is never hidden), so it stays."""
        return not t.hidden and (t.people.hidden or bool(t.people.count))

    @property
    def visible(self) -> list[ThemeRow]:
        """The barrier themes shown (strengths have their own place: `strengths`)."""
        return [t for t in self.themes if self._shown(t) and t.role != "assets"]

    @property
    def strengths(self) -> list[ThemeRow]:
        """Themes of the strengths answers (what people bring), shown apart from the barriers."""
        return [t for t in self.themes if self._shown(t) and t.role == "assets"]

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
    if not figures.total.hidden and figures.total.count == 0:
        _why_empty(db, run, filters, view)
    people_figures = theme_codes.people_figures(db, run, filters.scope)
    view.people, view.bases, people = people_figures.total, people_figures.bases, people_figures.per_theme
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
                [merged_label(run, m) for m in theme.get("merged_from", [])],
                people.get(theme["id"], HIDDEN),
                theme.get("role", "barriers"),
                str(theme["label"]) if theme.get("label_source") == "team" else "",
            )
        )
    # Hidden sizes after the shown ones, by name: the order gives no hidden size away; themes
    # nobody names last (they are not shown, but the merge lists follow this order).
    view.themes.sort(
        key=lambda t: (
            t.kind == "other",
            t.people.count == 0,
            t.people.hidden,
            -(t.people.count or 0),
            t.label,
        )
    )
    quoted = [q["id"] for t in view.themes for q in t.quotes]
    view.sources = quote_sources(db, run, filters.scope, quoted)
    _quotes_within_filters(db, run, filters, view)
    view.questions = {q.name: q.label.get(str(get_locale())) for q in filters.definition.questions.values()}
    return view


def _why_empty(db: Session, run: AnalysisRun, filters: Filters, view: ThemeView) -> None:
    """A run none of whose answers is within the filters says why: its answers are sample answers
    the filters leave out (a run made before the first real responses), or responses came after
    it. Both are told without a number: the second is survey-wide, never of a subgroup."""
    if not filters.scope.samples:
        with_samples = reporting.theme_figures(db, run, replace(filters.scope, samples=True)).total
        view.only_samples = with_samples.hidden or bool(with_samples.count)
    after = select(Response.id).where(
        Response.survey_id == filters.survey.id,
        Response.is_sample.is_(False),
        Response.status == "complete",
        Response.completed_at > run.created_at,
    )
    view.newer_responses = db.scalar(after.limit(1)) is not None


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
        docs, _total, _page = theme_documents(db, run, filters.scope, theme.id, "", 0, 3)
        theme.quotes = [{"id": d.doc_id, "text": d.text, "lang": d.lang} for d in docs]
        view.sources.update({d.doc_id: QuoteSource(d.partner, d.source, True, d.question) for d in docs})
