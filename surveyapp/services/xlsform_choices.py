"""A select's choice list on import and export: the choices' own columns, `choice_filter` and
`parameters: randomize=true seed=...`.

A filter is checked when the form is imported, as the path pyxform builds from it
(`instance('list')/root/item[FILTER]`): its ${references} must be questions of the form, and each
column it reads must be a column of that list in the choices sheet, so an author learns of a typo before
anyone answers (a filter that reads no column would otherwise keep nothing, silently).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from ..expressions import ExpressionError, compile_expression
from ..survey.choice_filter import filter_columns, filter_source
from .xlsform_report import Finding
from .xlsform_support import YES

# Keys of pyxform's choice JSON that are not the choices' own data.
_OWN_KEYS = frozenset({"name", "label", "media"})


def choice_columns(choice: dict[str, Any]) -> dict[str, str]:
    """A choice's other columns (e.g. `county`), as text; media and translations are not data."""
    return {
        str(key): str(value)
        for key, value in choice.items()
        if key not in _OWN_KEYS and isinstance(value, (str, int, float)) and str(value) != ""
    }


def select_options(
    q: dict[str, Any], names: set[str], where: Finding, problems: list[Finding]
) -> dict[str, Any]:
    """`choice_filter`, `randomize` and `seed` of a select as pyxform read them (checked later, once
    the lists are known, by check_filter)."""
    if "list_name" not in q and "itemset" not in q:
        return {}
    parameters = q.get("parameters") or {}
    randomize = str(parameters.get("randomize", "")).strip().lower() in YES
    seed = str(parameters.get("seed", "")).strip() or None
    if seed is not None:
        try:
            compile_expression(seed, known_names=names)
        except ExpressionError as exc:
            problems.append(
                Finding(
                    where.sheet,
                    where.row,
                    where.column,
                    _l("The seed %(seed)s cannot be used: %(reason)s", seed=seed, reason=str(exc)),
                )
            )
    choice_filter = str(q.get("choice_filter") or "").strip() or None
    return {
        key: value
        for key, value in (("choice_filter", choice_filter), ("randomize", randomize or None), ("seed", seed))
        if value is not None
    }


def check_filter(
    q: dict[str, Any], choices: dict[str, list[dict[str, Any]]], names: set[str], where: Finding
) -> Iterator[Finding]:
    """Problems of a question's choice_filter: the supported expressions, known questions, and
    columns its list has."""
    source = q.get("choice_filter")
    if not source:
        return
    list_name = q.get("list_name") or ""
    try:
        tree = compile_expression(filter_source(list_name, source), known_names=names).tree
    except ExpressionError as exc:
        yield Finding(
            where.sheet,
            where.row,
            where.column,
            _l(
                "The expression %(expression)s cannot be used: %(reason)s", expression=source, reason=str(exc)
            ),
        )
        return
    items = choices.get(list_name, [])
    columns = {"name", "label"} | {key for c in items for key in c.get("columns") or {}}
    for column in sorted(filter_columns(tree) - columns):
        yield Finding(
            where.sheet,
            where.row,
            where.column,
            _l(
                "The choice_filter reads the column %(column)s, which the choices sheet does not have "
                "for the list %(list)s.",
                column=column,
                list=list_name,
            ),
        )


def select_parameters(q: dict[str, Any]) -> str:
    """A select's `parameters` cell as an author writes it (`randomize=true seed=${n}`)."""
    if not q.get("randomize"):
        return ""
    return "randomize=true" + (f" seed={q['seed']}" if q.get("seed") else "")
