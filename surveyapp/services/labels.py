"""Names of what the reports break down, in the reader's language: attributes, their values,
themes and a table's rows and columns. Shared by the dashboard, its exports and the command line
(which runs in the default language), so a table is labelled one way everywhere."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from flask_babel import ngettext

from ..i18n import autonym
from ..models import AnalysisRun, Partner
from ..survey.definition import Question
from .breakdowns import MISSING, MULTIPLE, Attribute
from .code_counts import REST
from .exports import cross_table_rows
from .spreadsheet import Table
from .suppression import CrossTable
from .theme_labels import category_label, reader_language, theme_label, theme_labels

__all__ = [
    "attribute_label",
    "category_label",
    "column_label",
    "labelled",
    "reader_language",
    "summary_rows",
    "theme_label",
    "theme_labels",
]


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


def labelled(
    table: CrossTable,
    attribute: Attribute,
    partners: dict[int, Partner],
    run: AnalysisRun | None = None,
    question: Question | None = None,
    theme_lang: str | None = None,
) -> CrossTable:
    """The table with its rows (themes of `run`, or `question`'s answers) and columns named;
    theme names in `theme_lang` when given (an export's language), else the reader's."""
    names = theme_labels(run, theme_lang)
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
