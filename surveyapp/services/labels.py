"""Names of what the reports break down, in the reader's language: attributes, their values,
themes and a table's rows and columns. Shared by the dashboard, its exports and the command line
(which runs in the default language), so a table is labelled one way everywhere."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from ..forms.definition import Question
from ..i18n import autonym
from ..models import AnalysisRun, Partner
from .dashboard import MISSING, MULTIPLE, Attribute
from .exports import cross_table_rows
from .reporting import REST, CrossTable
from .spreadsheet import Table


def reader_language() -> str:
    return str(get_locale() or "en")


def column_label(partners: dict[int, Partner], attribute: Attribute, key: str) -> str:
    """How a breakdown value is shown: a language by its own name, a partner by name, a choice label."""
    if key == MISSING:
        return _("Not answered")
    if key == MULTIPLE:
        return _("More than one")
    if attribute.key == "language":
        return autonym(key)
    if attribute.key == "partner":
        partner = partners.get(int(key)) if key.isdigit() else None
        return partner.name if partner else key
    choice = attribute.question.choice(key) if attribute.question else None
    return choice.label.get(reader_language()) if choice else key


def attribute_label(attribute: Attribute) -> str:
    if attribute.key == "language":
        return _("Language")
    if attribute.key == "partner":
        return _("Partner")
    assert attribute.question is not None
    return attribute.question.label.get(reader_language())


def theme_label(theme: dict[str, Any]) -> str:
    """A theme's name in the reader's language: the team's own name as they wrote it, a codebook
    theme's label in this language (English where the codebook has none), an emergent theme's
    top terms (already in the answers' languages)."""
    if theme.get("label_source") == "team":
        return str(theme["label"])
    if theme.get("kind") == "other":
        return _("Other / unclear")
    return str((theme.get("labels") or {}).get(reader_language()) or theme["label"])


def category_label(theme: dict[str, Any]) -> str | None:
    """The codebook category of a theme, named in the reader's language."""
    if not theme.get("category"):
        return None
    labels = theme.get("labels") or {}
    return str(labels.get(reader_language()) or labels.get("en") or theme["category"])


def theme_labels(run: AnalysisRun | None) -> dict[str, str]:
    return {t["id"]: theme_label(t) for t in ((run.result or {}).get("themes", []) if run else [])}


def labelled(
    table: CrossTable,
    attribute: Attribute,
    partners: dict[int, Partner],
    run: AnalysisRun | None = None,
    question: Question | None = None,
) -> CrossTable:
    """The table with its rows (themes of `run`, or `question`'s answers) and columns named."""
    names = theme_labels(run)
    lang = reader_language()

    def row(key: str) -> str:
        if key == REST:
            return ngettext("%(num)d other theme", "%(num)d other themes", table.folded)
        if question is not None:
            choice = question.choice(key)
            return choice.label.get(lang) if choice else key
        return names.get(key, key)

    return dataclasses.replace(
        table,
        rows=[(k, row(k)) for k, _l in table.rows],
        columns=[(k, column_label(partners, attribute, k)) for k, _l in table.columns],
    )


def summary_rows(table: CrossTable, rows: str) -> Table:
    """A labelled table as an export: counts with totals, hidden cells written as 'hidden'; where
    a person can be in several rows, the last row says that it counts each person once."""
    people = _("All people (a person can be in several rows)") if table.overlapping else None
    return cross_table_rows(table, rows, _("Total"), _("hidden"), people)
