"""The codes of a run's documents (several per answer): stored from the analysis, kept in step
with the team's curation, and counted.

An answer's primary code is its assignment's theme; its other codes are the other barriers it
names. The analysis package decides them on every run (`ThemeResult.codes`); the team's code edits
(`codes_added`, `codes_removed`) are kept with its other edits, so the next run keeps them, and are
applied here at once to the run on screen, the same way as the package applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from analysis.multicode import CLAUSE, TEAM, TERMS

from ..models import AnalysisRun, ThemeAssignment, ThemeCode
from . import code_counts, reporting
from .suppression import Cell, Figures

CHUNK = 5_000
# The evidence's keywords as the package writes them (never shown: pages word them).
CLAUSE_PART = f'; {CLAUSE}"'


@dataclass(frozen=True)
class Evidence:
    """What put a code on an answer, in parts a page words in its own language."""

    terms: str = ""  # the codebook words matched, in the answer's language
    clause: str = ""  # the clause of the answer they were found in, when only there
    team: bool = False  # the team added the code


def evidence_parts(evidence: str) -> Evidence:
    """`terms: a, b; clause: "..."` (or its first part alone, or `team`) as parts; a clause
    cut at the stored length keeps what is left of it."""
    if evidence == TEAM:
        return Evidence(team=True)
    if not evidence.startswith(TERMS):
        return Evidence()
    terms, _sep, clause = evidence[len(TERMS) :].partition(CLAUSE_PART)
    return Evidence(terms.strip(), clause.removesuffix('"').strip())


def store(session: Session, run: AnalysisRun, codes: pd.DataFrame | None) -> None:
    """Every code of the run's documents (after its assignments are stored)."""
    assignment_of = dict(
        session.execute(
            select(ThemeAssignment.doc_id, ThemeAssignment.id).where(ThemeAssignment.run_id == run.id)
        ).all()
    )
    if codes is None:  # a result without codes: each document carries its one theme
        rows = [
            {"assignment_id": a_id, "theme_id": theme, "score": score, "evidence": ""}
            for a_id, theme, score in session.execute(
                select(ThemeAssignment.id, ThemeAssignment.theme_id, ThemeAssignment.score).where(
                    ThemeAssignment.run_id == run.id
                )
            )
        ]
    else:
        rows = [
            {
                "assignment_id": assignment_of[str(doc)],
                "theme_id": str(theme),
                "score": float(score),
                "evidence": str(evidence)[:300],
            }
            for doc, theme, score, evidence in codes[["id", "theme_id", "score", "evidence"]].itertuples(
                index=False, name=None
            )
            if str(doc) in assignment_of
        ]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(ThemeCode), rows[start : start + CHUNK])


def _assignments(run: AnalysisRun) -> Any:
    return select(ThemeAssignment.id).where(ThemeAssignment.run_id == run.id)


def merge(session: Session, run: AnalysisRun, keep: str, others: list[str]) -> None:
    """Codes of merged themes become codes of the kept one (one per answer)."""
    already = select(ThemeCode.assignment_id).where(
        ThemeCode.theme_id == keep, ThemeCode.assignment_id.in_(_assignments(run))
    )
    session.execute(
        delete(ThemeCode).where(ThemeCode.theme_id.in_(others), ThemeCode.assignment_id.in_(already))
    )
    # Two codes of one answer merged together: the lowest id stays.
    first = (
        select(func.min(ThemeCode.id))
        .where(ThemeCode.theme_id.in_(others), ThemeCode.assignment_id.in_(_assignments(run)))
        .group_by(ThemeCode.assignment_id)
    )
    session.execute(
        delete(ThemeCode).where(
            ThemeCode.theme_id.in_(others),
            ThemeCode.assignment_id.in_(_assignments(run)),
            ThemeCode.id.not_in(first),
        )
    )
    session.execute(
        update(ThemeCode)
        .where(ThemeCode.theme_id.in_(others), ThemeCode.assignment_id.in_(_assignments(run)))
        .values(theme_id=keep)
    )


def _add(session: Session, assignment_id: int, theme_id: str) -> None:
    exists = session.scalar(
        select(ThemeCode.id).where(ThemeCode.assignment_id == assignment_id, ThemeCode.theme_id == theme_id)
    )
    if exists is None:
        session.execute(
            insert(ThemeCode).values(assignment_id=assignment_id, theme_id=theme_id, score=1.0, evidence=TEAM)
        )


def move(session: Session, assignment: ThemeAssignment) -> None:
    """A moved answer's primary code, and its only one until the team adds another: a move is the
    team's judgement of where the answer belongs, whatever its words (analysis.multicode does the
    same at the next run)."""
    session.execute(
        delete(ThemeCode).where(
            ThemeCode.assignment_id == assignment.id, ThemeCode.theme_id != assignment.theme_id
        )
    )
    _add(session, assignment.id, assignment.theme_id)


def edit_codes(session: Session, run: AnalysisRun, change: dict[str, Any]) -> None:
    """Add or remove secondary codes; an answer's primary code changes only by a move."""
    for doc_id, themes in change.get("codes_added", {}).items():
        assignment = _assignment(session, run, doc_id)
        if assignment is not None:
            for theme_id in themes:
                _add(session, assignment.id, theme_id)
    for doc_id, themes in change.get("codes_removed", {}).items():
        assignment = _assignment(session, run, doc_id)
        if assignment is not None:
            session.execute(
                delete(ThemeCode).where(
                    ThemeCode.assignment_id == assignment.id,
                    ThemeCode.theme_id.in_(themes),
                    ThemeCode.theme_id != assignment.theme_id,
                )
            )


def _assignment(session: Session, run: AnalysisRun, doc_id: str) -> ThemeAssignment | None:
    return session.scalar(
        select(ThemeAssignment).where(ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id == doc_id)
    )


def codes_of(session: Session, run: AnalysisRun, doc_ids: list[str]) -> dict[str, list[ThemeCode]]:
    """doc id -> its codes, primary first, then by score."""
    rows = session.execute(
        select(ThemeAssignment.doc_id, ThemeAssignment.theme_id, ThemeCode)
        .join(ThemeCode, ThemeCode.assignment_id == ThemeAssignment.id)
        .where(ThemeAssignment.run_id == run.id, ThemeAssignment.doc_id.in_(doc_ids))
    ).all()
    out: dict[str, list[ThemeCode]] = {}
    for doc_id, _primary, code in sorted(
        rows, key=lambda r: (r[0], r[2].theme_id != r[1], -r[2].score, r[2].theme_id)
    ):
        out.setdefault(doc_id, []).append(code)
    return out


def coded_counts(session: Session, run: AnalysisRun) -> dict[str, int]:
    """theme id -> number of documents carrying its code in the run."""
    return dict(
        session.execute(
            select(ThemeCode.theme_id, func.count())
            .join(
                ThemeAssignment,
                and_(ThemeAssignment.id == ThemeCode.assignment_id, ThemeAssignment.run_id == run.id),
            )
            .group_by(ThemeCode.theme_id)
        ).all()
    )


@dataclass
class PeopleFigures:
    """People within a scope, the base of each role's shares, and per theme its people."""

    total: Cell
    bases: dict[str, Cell]  # "barriers"/"assets" -> the people who gave an answer of that role
    per_theme: dict[str, Cell]


def people_figures(session: Session, run: AnalysisRun, scope: Any) -> PeopleFigures:
    """People within the scope and, per theme, those whose answers carry its code, with shares of
    the people who answered a question of the theme's role: barrier themes of the barrier
    answerers, strengths of the strengths answerers (who gave an answer whose primary theme is a
    strength), as `reporting.theme_figures` counts answers; the same base whatever questions the
    scope holds. The themes do not add up (one person may name several), so each figure is tied
    to its base by its complement (the people who do not name it), and each base to the people in
    scope by its own, through the one suppression rule: neither a small group nor a small
    remainder can be shown or worked out."""
    strengths = reporting.strength_ids(run)
    people = code_counts.people_per_code(session, run, scope, strengths)
    total, per_theme = people.total, people.per_code
    f = Figures(reporting.min_count_of(scope))
    f.add("people", total, public=not scope.filtered)
    roles = ("barriers", "assets") if strengths else ("barriers",)
    for role in roles:
        n = people.per_role.get(role, 0)
        f.add(("base", role), n, public=not scope.filtered)
        f.add(("others", role), total - n, shown=False)
        f.line([("base", role), ("others", role)], "people")
    ids = [t["id"] for t in (run.result or {}).get("themes", [])]
    ids += [t for t in per_theme if t not in ids]
    base_of = {t: ("base", "assets" if t in strengths else "barriers") for t in ids}
    for theme_id in ids:
        n = per_theme.get(theme_id, 0)
        f.add(("people", theme_id), n)
        f.add(("without", theme_id), max(f.values[base_of[theme_id]] - n, 0), shown=False)
        f.line([("people", theme_id), ("without", theme_id)], base_of[theme_id])
    return PeopleFigures(
        f.cell("people"),
        {role: f.cell(("base", role), "people") for role in roles},
        {t: f.cell(("people", t), base_of[t]) for t in ids},
    )
