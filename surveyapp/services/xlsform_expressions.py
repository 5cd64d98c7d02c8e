"""The importer's checks of the expressions a workbook holds (relevant, constraint, calculation...):
each is compiled as the app will run it, and what cannot run is reported where the author wrote it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from ..expressions import ExpressionError, compile_expression
from .xlsform_report import Finding


def at(where: Finding, message: Any) -> Finding:
    """`message` at the sheet, row and column of `where`."""
    return Finding(where.sheet, where.row, where.column, message)


def checked_expression(source: Any, names: set[str], where: Finding, problems: list[Finding]) -> str | None:
    """The expression as written (None when empty); one the app cannot run is added to `problems`
    at `where`, so that every problem of the workbook is listed at once."""
    if source is None or str(source).strip() == "":
        return None
    try:
        compile_expression(str(source), known_names=names)
    except ExpressionError as exc:
        problems.append(
            at(
                where,
                _l(
                    "The expression %(expression)s cannot be used: %(reason)s",
                    expression=str(source),
                    reason=str(exc),
                ),
            )
        )
    return str(source)


# Where a question's expressions are kept, and the column each came from.
QUESTION_EXPRESSIONS = (
    ("relevant", "relevant"),
    ("constraint", "constraint"),
    ("calculation", "calculation"),
    ("required_when", "required"),
    ("default_expression", "default"),
    ("read_only", "read_only"),
)


def child_steps(pages: list[dict[str, Any]], where: Any) -> Iterator[Finding]:
    """A bare name (`name = ${crop}`) is XPath's child step of the question's own node, which never
    has children: pyxform accepts it and ODK runs it as an empty node-set, and so does the app, but
    the author most likely meant ${name} or 'name'."""
    for page in pages:
        for q in page["questions"]:
            for key, column in QUESTION_EXPRESSIONS:
                source = q.get(key)
                if not isinstance(source, str) or not source.strip():
                    continue
                children = compile_expression(source).children
                if children:
                    yield at(
                        where(q["name"], column),
                        _l(
                            "In %(expression)s, %(names)s is no question: ODK reads it as an empty "
                            "value, and so does this form. Write ${name} for a question or 'text' "
                            "for a text.",
                            expression=source,
                            names=", ".join(sorted(children)),
                        ),
                    )
