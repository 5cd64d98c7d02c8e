"""Every figure shown for a subgroup, counted and put through the one suppression rule
(`services/suppression.py`).

The dashboard, its exports, the partner view and the command line take their figures from here,
already suppressed (`Cell`: a count or hidden); they only format them. Queries stay in
`services.dashboard`, `services.breakdowns`, `services.code_counts` and `services.counts`; labels in
`services.labels`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AnalysisRun, Channel, Partner
from ..models.org import CHANNEL_MODES
from ..survey.definition import FormDefinition, Question
from . import breakdowns, code_counts, dashboard
from .breakdowns import MISSING, MULTIPLE, Attribute
from .code_counts import REST
from .counts import channel_counts
from .dashboard import Scope
from .suppression import HIDDEN, SMALL_CELL_MIN, Cell, CrossTable, Figures, Key, TableCounts, cross_tables
from .surveys import definition_of


def min_count_of(scope: Scope) -> int:
    return scope.min_count or SMALL_CELL_MIN


# --- Overview: responses, by partner, language, channel mode and day --------------------------


@dataclass
class Overview:
    complete: Cell = HIDDEN
    partial: Cell = HIDDEN
    completion_rate: float | None = None
    median_minutes: int | None = None
    by_partner: list[tuple[Partner, Cell, int | None]] = field(default_factory=list)
    by_language: list[tuple[str, Cell]] = field(default_factory=list)
    by_mode: list[tuple[str, Cell]] = field(default_factory=list)
    per_day: list[tuple[date, Cell]] = field(default_factory=list)


def overview(session: Session, scope: Scope) -> Overview:
    """The overview's figures: every breakdown adds up to the complete responses, and complete
    plus partial to the responses started (not shown; the completion rate is their ratio).

    A breakdown lists the values that occur; one whose hidden figure its shown ones would still
    give away (one partner's 6 of 6 public responses, the others at 0) is listed with every value
    it can take instead, zeros included, so that a zero is hidden beside it."""
    raw = dashboard.overview(session, scope)
    groups: dict[str, list[tuple[Any, int]]] = {
        "partner": [(p.id, n) for p, n, _t in raw.by_partner],
        "language": list(raw.by_language.items()),
        "mode": list(raw.by_mode.items()),
        "day": list(raw.per_day),
    }
    f = _overview_figures(raw, groups, scope)
    exposed = {k[0] for k in f.exposed if isinstance(k, tuple)}
    if exposed:
        _every_value(session, scope, raw, groups, exposed)
        f = _overview_figures(raw, groups, scope)
    out = Overview(complete=f.cell("complete"), partial=f.cell("partial"))
    if not f.is_hidden("complete") and not f.is_hidden("partial"):
        out.completion_rate = raw.completion_rate
    if not out.complete.hidden:  # a median of a handful of people describes them
        out.median_minutes = raw.median_minutes
    out.by_partner = [(p, f.cell(("partner", p.id), "complete"), target) for p, _n, target in raw.by_partner]
    out.by_language = [(k, f.cell(("language", k), "complete")) for k, _n in groups["language"]]
    out.by_mode = [(k, f.cell(("mode", k), "complete")) for k, _n in groups["mode"]]
    out.per_day = [(d, f.cell(("day", d))) for d, _n in groups["day"]]
    return out


def _overview_figures(
    raw: dashboard.Overview, groups: dict[str, list[tuple[Any, int]]], scope: Scope
) -> Figures:
    public = not scope.responses_filtered
    f = Figures(min_count_of(scope))
    f.add("complete", raw.complete, public=public)
    f.add("partial", raw.partial, public=public)
    f.add("started", raw.complete + raw.partial, public=public, shown=False)
    f.line(["complete", "partial"], "started")
    for name, items in groups.items():
        f.line([f.add((name, k), n) for k, n in items], "complete")
    return f


def _in_order(items: list[tuple[Any, int]], every: Sequence[Any]) -> list[tuple[Any, int]]:
    """Every value in its fixed order, zeros included, then any other: not largest first, which
    would tell the value that occurs from the zeros hidden beside it."""
    n = dict(items)
    return [(k, n.get(k, 0)) for k in every] + [(k, v) for k, v in items if k not in every]


def _every_value(
    session: Session,
    scope: Scope,
    raw: dashboard.Overview,
    groups: dict[str, list[tuple[Any, int]]],
    names: set[str],
) -> None:
    """Add the values a breakdown can take and does not list, at zero: every partner with a channel
    or a target in the survey, every language of the form, every channel mode, the day before the
    first (a chart of days runs from the first completion to the last). A filter keeps its value."""
    if "partner" in names:
        listed = {p.id for p, _n, _t in raw.by_partner}
        query = select(Partner).where(
            Partner.id.in_(select(Channel.partner_id).where(Channel.survey_id == scope.survey.id)),
            Partner.id.not_in(listed),
        )
        if scope.partner_id:
            query = query.where(Partner.id == scope.partner_id)
        raw.by_partner = sorted(
            [*raw.by_partner, *((p, 0, None) for p in session.scalars(query))], key=lambda row: row[0].name
        )
        groups["partner"] = [(p.id, n) for p, n, _t in raw.by_partner]
    if "language" in names:
        version = scope.survey.current_version
        languages = list(definition_of(version).languages) if version is not None else []
        if scope.language:
            languages = [scope.language]
        groups["language"] = _in_order(groups["language"], languages)
    if "mode" in names:
        groups["mode"] = _in_order(groups["mode"], CHANNEL_MODES)
    if "day" in names and groups["day"]:
        groups["day"].insert(0, (groups["day"][0][0] - timedelta(days=1), 0))


# --- Themes: each theme's size within the filters ---------------------------------------------


@dataclass
class ThemeFigures:
    total: Cell
    counts: dict[str, Cell]


def theme_figures(session: Session, run: AnalysisRun, scope: Scope) -> ThemeFigures:
    """Answers per theme within the scope, an answer counted under every code it carries; the
    answers in scope are not a subgroup when nothing is filtered. Barrier themes are shares of the
    barrier answers, strengths of the strengths answers (an answer's role is its primary theme's).
    The themes overlap, so each is tied to its total by its complement, not by a sum."""
    raw = code_counts.answers_per_code(session, run, scope)
    ids = [t["id"] for t in (run.result or {}).get("themes", [])]
    ids += [t for t in raw.per_code if t not in ids]
    strengths = strength_ids(run)
    f = Figures(min_count_of(scope))
    f.add("total", raw.total, public=not scope.filtered)
    part = {t: "strengths" if t in strengths else "barriers" for t in ids}
    if strengths:
        for name in ("barriers", "strengths"):
            n = sum(v for t, v in raw.per_primary.items() if (t in strengths) == (name == "strengths"))
            f.add(name, n, public=not scope.filtered)
        f.line(["barriers", "strengths"], "total")
    else:
        part = dict.fromkeys(ids, "total")
    for t in ids:
        n = raw.per_code.get(t, 0)
        f.add(("theme", t), n)
        f.add(("without", t), max(f.values[part[t]] - n, 0), shown=False)
        f.line([("theme", t), ("without", t)], part[t])
    return ThemeFigures(f.cell("total"), {t: f.cell(("theme", t), part[t]) for t in ids})


def run_languages(run: AnalysisRun, min_count: int) -> list[tuple[str, Cell]]:
    """Documents of a run per language (the run's total is of every answer, not a subgroup)."""
    languages = (run.result or {}).get("languages") or {}
    counts = {
        code: int(info.get("documents", 0)) for code, info in languages.items() if isinstance(info, dict)
    }
    f = Figures(min_count)
    f.add("total", sum(counts.values()), public=True)
    f.line([f.add(code, n) for code, n in counts.items()], "total")
    return [(code, f.cell(code)) for code in sorted(counts)]


def _ordered(keys: Iterable[str]) -> list[str]:
    """Values in a stable order, 'more than one' and 'not answered' last."""
    found = set(keys)
    return sorted(found - {MULTIPLE, MISSING}) + [k for k in (MULTIPLE, MISSING) if k in found]


def strength_ids(run: AnalysisRun) -> set[str]:
    """Themes of strengths answers (`instance::analysis` = assets), kept off every barrier table."""
    return {t["id"] for t in (run.result or {}).get("themes", []) if t.get("role") == "assets"}


def _theme_rows(run: AnalysisRun, size: dict[str, int], top: int | None) -> tuple[list[str], set[str]]:
    """A table's theme rows, largest first, and the themes folded into one last row (REST): the
    hidden themes, and those after the `top` largest."""
    curated_out = {t["id"] for t in (run.result or {}).get("themes", []) if t.get("hidden")}
    ranked = sorted((t for t in size if t not in curated_out), key=lambda t: (t == "other", -size[t], t))
    kept = ranked[:top] if top else ranked
    return kept, set(size) - set(kept)


def themes_tables(
    session: Session, run: AnalysisRun, scope: Scope, attributes: list[Attribute], top: int | None = None
) -> list[CrossTable]:
    """Barrier themes by each attribute, suppressed together: people, each counted under every
    theme their answers name (so a column's rows add up past its people). Strengths stay off
    (`strength_ids`). Two statements however many attributes: the themes' sizes, then the tables."""
    strengths = strength_ids(run)
    kept, folded = _theme_rows(run, code_counts.respondents_per_code(session, run, scope, strengths), top)
    by = code_counts.people_by(session, run, scope, attributes, strengths, folded)
    tables = []
    for a in attributes:
        counts = dict(by[a.key].counts)
        rows = kept + ([REST] if any(theme == REST for theme, _col in counts) else [])
        columns = _ordered(by[a.key].people)
        tables.append(TableCounts(counts, rows, columns, dict(by[a.key].people), len(folded), True))
    return cross_tables(tables, min_count_of(scope))


def _choice_counts(
    question: Question, counts: dict[tuple[str, str], int], people: dict[str, int]
) -> TableCounts:
    known = [c.name for c in question.choices]
    extra = sorted({r for r, _ in counts} - set(known))
    # A checklist's choices overlap like themes: a person who ticks two is in both rows.
    overlapping = question.type == "select_multiple"
    return TableCounts(dict(counts), known + extra, _ordered(people), dict(people), 0, overlapping)


def question_table(session: Session, scope: Scope, question: Question, attribute: Attribute) -> CrossTable:
    """A closed question's answers by an attribute."""
    counts, people = breakdowns.question_by(session, scope, question, attribute)
    return cross_tables([_choice_counts(question, counts, people)], min_count_of(scope))[0]


def question_sections(
    session: Session, scope: Scope, questions: list[Question]
) -> list[tuple[Question, CrossTable, CrossTable]]:
    """Each closed question by language and by partner (one query for all), each pair
    suppressed together (they share the answers' totals)."""
    answers = breakdowns.closed_answers(session, scope, questions)
    out = []
    for question in questions:
        rows = answers.get(question.name, [])
        by_language, by_partner = cross_tables(
            [
                _choice_counts(question, *breakdowns.split_by(rows, 1)),
                _choice_counts(question, *breakdowns.split_by(rows, 2)),
            ],
            min_count_of(scope),
        )
        out.append((question, by_language, by_partner))
    return out


def summary(
    session: Session, scope: Scope, definition: FormDefinition, rows: str, by: str
) -> tuple[Attribute, Question | None, CrossTable]:
    """The table a summary export writes (themes or a closed question, by an attribute);
    ValueError when the rows, the breakdown or the analysis run does not exist."""
    from .themes import latest_run

    attribute = next((a for a in breakdowns.attributes(definition) if a.key == by), None)
    closed = {q.name: q for q in breakdowns.closed_questions(definition)}
    if attribute is None:
        raise ValueError(f"cannot break down by {by!r}")
    if rows == "themes":
        run = latest_run(session, scope.survey.id)
        if run is None:
            raise ValueError("no analysis run yet")
        return attribute, None, themes_tables(session, run, scope, [attribute])[0]
    if rows in closed:
        return attribute, closed[rows], question_table(session, scope, closed[rows], attribute)
    raise ValueError(f"no closed question {rows!r}")


# --- The partner view: each channel's responses -----------------------------------------------


@dataclass
class ChannelFigures:
    complete: Cell
    partial: Cell
    today: Cell
    by_language: list[tuple[str, Cell]]


def partner_figures(
    session: Session, channels: Sequence[Channel], since: datetime, min_count: int
) -> tuple[dict[int, ChannelFigures], dict[int, Cell]]:
    """Each channel's complete, partial, today and by-language figures, and each survey's
    complete responses over the partner's channels (the sum of its channels)."""
    raw = channel_counts(session, [c.id for c in channels], since)
    f = Figures(min_count)
    by_survey: dict[int, list[Key]] = defaultdict(list)
    for c in channels:
        n = raw[c.id]
        complete = f.add((c.id, "complete"), n.complete)
        f.add((c.id, "partial"), n.partial)
        f.add((c.id, "started"), n.complete + n.partial, shown=False)
        f.line([complete, (c.id, "partial")], (c.id, "started"))
        f.add((c.id, "today"), n.today)
        f.add((c.id, "earlier"), n.complete - n.today, shown=False)
        f.line([(c.id, "today"), (c.id, "earlier")], complete)
        f.line([f.add((c.id, "lang", k), v) for k, v in n.by_language.items()], complete)
        by_survey[c.survey_id].append(complete)
    for survey_id, parts in by_survey.items():
        f.add(("survey", survey_id), sum(f.values[k] for k in parts))
        f.line(parts, ("survey", survey_id))
    figures = {
        c.id: ChannelFigures(
            f.cell((c.id, "complete")),
            f.cell((c.id, "partial")),
            f.cell((c.id, "today")),
            [(k, f.cell((c.id, "lang", k))) for k in sorted(raw[c.id].by_language)],
        )
        for c in channels
    }
    return figures, {survey_id: f.cell(("survey", survey_id)) for survey_id in by_survey}


def partners_by_id(session: Session) -> dict[int, Partner]:
    return {p.id: p for p in session.scalars(select(Partner))}
