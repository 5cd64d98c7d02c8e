"""Answers and people counted under every code they carry, within a scope: raw counts for
`services.reporting` (which hides small ones), all read from `theme_documents.code_rows`.

A person naming two barriers counts under both, so the themes add up past the people in scope:
tables of themes say so, and their suppression ties each figure to its total through its
complement rather than through a sum (`suppression.cross_tables`, `TableCounts.overlapping`).
Each function is one SQL statement, however many themes and breakdowns a page shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import String, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from ..models import AnalysisRun, Channel, Response
from .breakdowns import Attribute, attribute_expr, column_key, with_attribute
from .dashboard import Scope
from .theme_documents import code_rows

REST = "__rest__"  # the row that folds the themes after the largest ones (and hidden themes)
_ALL = ""  # the row key of the people of a column (a theme id is never empty)


@dataclass
class CodeCounts:
    """Units (answers or people) in scope, per code, and per primary theme (an answer has one)."""

    total: int = 0
    per_code: dict[str, int] = field(default_factory=dict)
    per_primary: dict[str, int] = field(default_factory=dict)
    per_role: dict[str, int] = field(default_factory=dict)  # "barriers"/"assets": by primary theme


def _counts(
    session: Session, run: AnalysisRun, scope: Scope, people: bool, strengths: Collection[str] = ()
) -> CodeCounts:
    rows = code_rows(run, scope).subquery()
    who = func.coalesce(rows.c.response_id, rows.c.doc_id) if people else rows.c.assignment_id
    n = func.count(func.distinct(who))
    # An answer's role is its primary theme's: a person who gave a strengths answer is one of the
    # strengths answerers, whatever else they answered.
    parts = [
        select(literal("code", String).label("kind"), rows.c.theme_id, n).group_by(rows.c.theme_id),
        select(literal("primary", String), rows.c.primary_theme, n).group_by(rows.c.primary_theme),
        select(literal("all", String), literal(_ALL, String), n),
    ]
    if strengths:
        # Grouped by the column of a subquery: PostgreSQL takes a grouped CASE with bound
        # parameters for another expression than the selected one.
        role = case((rows.c.primary_theme.in_(list(strengths)), "assets"), else_="barriers")
        roles = select(who.label("who"), role.label("role")).subquery()
        by_role = func.count(func.distinct(roles.c.who))
        parts.append(select(literal("role", String), roles.c.role, by_role).group_by(roles.c.role))
    statement = union_all(*parts)
    out = CodeCounts()
    for kind, theme, count in session.execute(statement):
        if kind == "all":
            out.total = int(count)
        elif kind == "code":
            out.per_code[str(theme)] = int(count)
        elif kind == "role":
            out.per_role[str(theme)] = int(count)
        else:
            out.per_primary[str(theme)] = int(count)
    if not strengths:
        out.per_role = {"barriers": out.total} if out.total else {}
    return out


def answers_per_code(session: Session, run: AnalysisRun, scope: Scope) -> CodeCounts:
    """Documents (answers and notes) in scope, per code they carry and per primary theme."""
    return _counts(session, run, scope, people=False)


def people_per_code(
    session: Session, run: AnalysisRun, scope: Scope, strengths: Collection[str] = ()
) -> CodeCounts:
    """People in scope (a respondent, or a focus-group note), per code how many of them carry it
    in any of their answers, and per role (`per_role`) how many gave an answer of it: the barrier
    answerers and the strengths answerers (an answer whose primary theme is in `strengths`)."""
    return _counts(session, run, scope, people=True, strengths=strengths)


def respondents_per_code(
    session: Session, run: AnalysisRun, scope: Scope, leave_out: Collection[str]
) -> dict[str, int]:
    """Respondents in scope per code (survey answers only, as in the tables by attribute): the
    size that ranks a table's rows."""
    rows = code_rows(run, scope, leave_out).subquery()
    statement = (
        select(rows.c.theme_id, func.count(func.distinct(rows.c.response_id)))
        .where(rows.c.response_id.is_not(None))
        .group_by(rows.c.theme_id)
    )
    return {str(t): int(n) for t, n in session.execute(statement)}


@dataclass
class PeopleBy:
    """One attribute's table: people per (row, value), and the people of each value who carry any
    of the counted codes (a column's total: its rows add up past it)."""

    counts: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    people: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def people_by(
    session: Session,
    run: AnalysisRun,
    scope: Scope,
    attributes: list[Attribute],
    leave_out: Collection[str] = (),
    fold: Collection[str] = (),
) -> dict[str, PeopleBy]:
    """Respondents per (code, value) for each attribute, codes in `fold` counted as one row (REST:
    a person with two of them is one person there), codes in `leave_out` not counted at all; one
    statement for every attribute. Each respondent has one value of each attribute, so grouping
    by all of them at once and adding up per attribute counts every person once."""
    rows = code_rows(run, scope, leave_out).subquery()
    theme = rows.c.theme_id
    row = case((theme.in_(list(fold)), literal(REST, String)), else_=theme) if fold else theme
    inner = (
        select(row.label("row"), rows.c.response_id.label("who"))
        .select_from(rows)
        .join(Response, Response.id == rows.c.response_id)
        .join(Channel, Channel.id == Response.channel_id)
    )
    for i, attribute in enumerate(attributes):
        expr, alias = attribute_expr(attribute)
        inner = with_attribute(inner, alias, attribute.key).add_columns(expr.label(f"a{i}"))
    coded = inner.cte("coded")
    values = [coded.c[f"a{i}"] for i in range(len(attributes))]
    n = func.count(func.distinct(coded.c.who))
    statement = union_all(
        select(coded.c.row, *values, n).group_by(coded.c.row, *values),
        select(literal(_ALL, String), *values, n).group_by(*values),
    )
    out = {a.key: PeopleBy() for a in attributes}
    for theme, *found, count in session.execute(statement):
        for attribute, value in zip(attributes, found, strict=True):
            column = column_key(value, attribute)
            table = out[attribute.key]
            if theme == _ALL:
                table.people[column] += count
            else:
                table.counts[(str(theme), column)] += count
    return out
