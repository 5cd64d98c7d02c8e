"""The dashboard's tables with their labels: themes or a question's answers by an attribute.

Used by the pages, the exports and the command line, so a table is built one way everywhere. Small
cells are hidden by `services.dashboard.cross_table` (the analysis package's rule).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import current_app
from flask_babel import get_locale, ngettext
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
from .scope import Filters

REST = "__rest__"


def _lang() -> str:
    return str(get_locale() or "en")


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


def theme_label(theme: dict[str, Any]) -> str:
    """A theme's name in the reader's language: the team's own name as they wrote it, a codebook
    theme's label in this language (English where the codebook has none), an emergent theme's
    top terms (already in the answers' languages)."""
    if theme.get("label_source") == "team":
        return str(theme["label"])
    if theme.get("kind") == "other":
        return _("Other / unclear")
    return str((theme.get("labels") or {}).get(_lang()) or theme["label"])


def category_label(theme: dict[str, Any]) -> str | None:
    """The codebook category of a theme, named in the reader's language."""
    if not theme.get("category"):
        return None
    labels = theme.get("labels") or {}
    return str(labels.get(_lang()) or labels.get("en") or theme["category"])


def theme_labels(run: AnalysisRun | None) -> dict[str, str]:
    return {t["id"]: theme_label(t) for t in ((run.result or {}).get("themes", []) if run else [])}


def themes_tables(filters: Filters, run: AnalysisRun, attributes: list[Attribute],
                  top: int | None = None) -> list[CrossTable]:
    """Themes by each attribute (one query for all of them)."""
    counts = service.themes_by(get_session(), run, filters.scope, attributes)
    return [themes_table(filters, run, a, counts[a.key], top) for a in attributes]


def themes_table(filters: Filters, run: AnalysisRun, attribute: Attribute,
                 counts: dict[tuple[str, str], int] | None = None,
                 top: int | None = None) -> CrossTable:
    """Themes by an attribute; hidden themes, and themes after the `top` largest, in one last row."""
    if counts is None:
        counts = service.themes_by(get_session(), run, filters.scope, [attribute])[attribute.key]
    themes = (run.result or {}).get("themes", [])
    labels = {t["id"]: t["label"] for t in themes}
    hidden = {t["id"] for t in themes if t.get("hidden")}
    size: dict[str, int] = defaultdict(int)
    for (theme, _col), n in counts.items():
        size[theme] += n
    ranked = sorted((t for t in size if t not in hidden), key=lambda t: (t == "other", -size[t], t))
    kept = ranked[:top] if top else ranked
    rest = set(size) - set(kept)
    if rest:
        folded: dict[tuple[str, str], int] = defaultdict(int)
        for (theme, col), n in counts.items():
            folded[(REST if theme in rest else theme, col)] += n
        counts = folded
    rows = [(t, labels.get(t, t)) for t in kept]
    if rest:
        rows.append((REST, ngettext("%(num)d other theme", "%(num)d other themes", len(rest))))
    columns = _ordered({c for _, c in counts})
    return cross_table(counts, rows, [(c, column_label(filters, attribute, c)) for c in columns],
                       None, current_app.config["SMALL_CELL_MIN"])


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
