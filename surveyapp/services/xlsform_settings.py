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


def _repeats_in_field_lists(book: Workbook) -> list[int]:
    """Rows of `begin repeat` within a field-list group: Enketo's `pages` theme shows the repeat on
    that group's page; ODK Collect, and the app, ask each of its instances on a page (a screen) of its
    own (services/xlsform_paging.py). A loop is no repeat: its groups are on the page, as in both."""
    survey = book.sheet("survey")
    if survey is None:
        return []
    listed: list[bool] = []  # each open group or repeat: whether it or one around it is a field-list
    rows: list[int] = []
    for number, values in survey.rows:
        qtype = " ".join(values.get("type", "").lower().split())
        if qtype in support.BEGIN_GROUP | support.BEGIN_REPEAT:
            if qtype in support.BEGIN_REPEAT and listed and listed[-1]:
                rows.append(number)
            listed.append("field-list" in values.get("appearance", "").split() or bool(listed and listed[-1]))
        elif qtype in support.END_GROUP | support.END_REPEAT and listed:
            listed.pop()
    return rows


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
        if kind == "pages":  # paged as Enketo's pages theme (services/xlsform_paging.py)
            if lifted := _repeats_in_field_lists(book):
                yield Finding(
                    "settings",
                    number,
                    column,
                    _l(
                        "With style pages, Enketo shows a repeat within a field-list group on that "
                        "group's page, but ODK Collect asks a repeat's instances one screen at a time, "
                        "and so does this app: each instance is a page of its own (rows %(rows)s).",
                        rows=rows_text(lifted),
                    ),
                )
            continue
        if kind == "grid":
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
