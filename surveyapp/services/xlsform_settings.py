"""Checks of the settings sheet's `instance_name` and `style` (run with xlsform_report's checks).

`instance_name` is an expression over the answers (survey/instance_name.py): checked as the survey
sheet's expressions are, at its settings cell. `style` names Enketo themes; what each does, and what
the app makes of it, is in xlsform_support.STYLES.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from ..expressions import ExpressionError, compile_expression
from . import xlsform_support as support

if TYPE_CHECKING:
    from .xlsform_report import Finding, Workbook


def _settings_row(book: Workbook) -> tuple[int, dict[str, str]] | None:
    settings = book.sheet("settings")
    return settings.rows[0] if settings and settings.rows else None


def _header(book: Workbook, key: str) -> str:
    settings = book.sheet("settings")
    return settings.headers.get(key, key) if settings else key


def check_settings(book: Workbook) -> Iterator[Finding]:
    """`instance_name` is an expression of the supported subset over the survey's questions."""
    from .xlsform_report import REFERENCE, Finding

    row = _settings_row(book)
    if row is None or not row[1].get("instance_name"):
        return
    number, values = row
    source, column = values["instance_name"], _header(book, "instance_name")
    names = book.question_names()
    references = REFERENCE.findall(source)
    for name in dict.fromkeys(references):
        if name not in names:
            yield Finding(
                "settings",
                number,
                column,
                _l("${%(name)s} refers to a question that is not in the survey sheet.", name=name),
            )
    try:
        compile_expression(source, known_names=names | set(references))
    except ExpressionError as exc:
        yield Finding(
            "settings",
            number,
            column,
            _l(
                "The expression %(expression)s cannot be used: %(reason)s", expression=source, reason=str(exc)
            ),
        )


def _shared_pages(book: Workbook) -> list[int]:
    """Rows of questions in a repeat, outside any field-list group, that share their page with
    another question: where Enketo's `pages` theme would show one question per page and the app
    asks a repeat's instance on its pages (services/xlsform_paging.py pages the others as Enketo)."""
    survey = book.sheet("survey")
    if survey is None:
        return []
    # Each open group or repeat: (its row, whether it or one around it is a field-list, a repeat).
    groups: list[tuple[int, bool, bool]] = []
    loose: dict[int, list[int]] = {}  # page (its group's row) -> question rows
    for number, values in survey.rows:
        qtype = " ".join(values.get("type", "").lower().split())
        if qtype in support.BEGIN_GROUP | support.BEGIN_REPEAT:
            field_list = "field-list" in values.get("appearance", "").split()
            outer_list, outer_repeat = (groups[-1][1], groups[-1][2]) if groups else (False, False)
            groups.append((number, field_list or outer_list, qtype in support.BEGIN_REPEAT or outer_repeat))
        elif qtype in support.END_GROUP | support.END_REPEAT:
            if groups:
                groups.pop()
        elif qtype and qtype not in support.METADATA_TYPES and qtype != "calculate":
            if groups and groups[-1][2] and not groups[-1][1]:
                loose.setdefault(groups[-1][0], []).append(number)
    return sorted(n for rows in loose.values() if len(rows) > 1 for n in rows)


def warn_style(book: Workbook) -> Iterator[Finding]:
    """Each word of `style` the app does not honour as Enketo does, with the reason."""
    from .xlsform_report import Finding
    from .xlsform_report import _rows_text as rows_text

    row = _settings_row(book)
    if row is None or not row[1].get("style"):
        return
    number, values = row
    column = _header(book, "style")
    for word in dict.fromkeys(values["style"].split()):
        kind = support.STYLES.get(word)
        if kind == "pages":
            shared = _shared_pages(book)
            if shared:
                yield Finding(
                    "settings",
                    number,
                    column,
                    _l(
                        "With style pages, Enketo shows each question outside a field-list group on a "
                        "page of its own; this app asks the questions of a repeat together on the "
                        "repeat's page (rows %(rows)s). Give the repeat's groups the appearance "
                        "field-list to have the same pages in both.",
                        rows=rows_text(shared),
                    ),
                )
        elif kind == "grid":
            yield Finding(
                "settings",
                number,
                column,
                _l(
                    "The style theme-grid (questions side by side, as on a paper form, by their w1 to "
                    "w10 widths) is not used: the app's pages keep one question under another, which "
                    "reads well on phones and with screen readers."
                ),
            )
        elif kind is None:
            yield Finding(
                "settings",
                number,
                column,
                _l("The style %(style)s is not used by this app and is left out.", style=word),
            )
