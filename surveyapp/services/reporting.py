"""Every figure shown for a subgroup, with small counts hidden by one rule.

The rule (statistical disclosure control, as census offices publish tables): a count from 1 to
`min_count - 1` is hidden (primary suppression), because a small group can point at a person. A
hidden count must not come back by subtraction, so wherever figures shown together add up to another
one shown beside them (a row and its total, the languages and the number of responses), a sum with
exactly one hidden member gets a second one hidden: its smallest other count, a total only when
nothing else is left (complementary suppression). Where one person can be in several figures of a
group (the themes a person names, the choices of a checklist), those do not add up to the group's
total: each is tied to the total by its complement instead, the people not in it, which is never
shown and protected when small (`cross_tables`). A zero stays zero (it reveals nothing); a figure
that is not a subgroup (the number of all responses, unfiltered) is never hidden. A share is shown
only when its count and the total it is a share of are both shown.

The dashboard, its exports, the partner view and the command line take their figures from here,
already suppressed (`Cell`: a count or hidden); they only format them. Queries stay in
`services.dashboard`, `services.code_counts` and `services.counts`; labels in `services.labels`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AnalysisRun, Channel, Partner
from ..survey.definition import FormDefinition, Question
from . import code_counts, dashboard
from .code_counts import REST
from .counts import channel_counts
from .dashboard import MISSING, MULTIPLE, Attribute, Scope

SMALL_CELL_MIN = 10  # the default of the SMALL_CELL_MIN setting

Key = Hashable


@dataclass(frozen=True)
class Cell:
    """A figure as it may be shown: a count (with its share, where one is shown) or hidden."""

    count: int | None
    share: float | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None


HIDDEN = Cell(None)


def min_count_of(scope: Scope) -> int:
    return scope.min_count or SMALL_CELL_MIN


def suppress(
    values: dict[Key, int],
    lines: Sequence[tuple[Sequence[Key], Key]],
    min_count: int,
    public: Iterable[Key] = (),
    unshown: Iterable[Key] = (),
) -> set[Key]:
    """The keys to hide: primary suppression of 1..min_count-1, then complementary suppression
    until no line (parts that add up to a total) lets a hidden figure be worked out.

    `public` figures are never hidden (not a subgroup). `unshown` ones are part of a sum but never
    displayed: the viewer does not know them, so a line holding one and a hidden figure reveals
    neither, unless the unshown one can itself be worked out from another line. One that is small is
    protected like a shown one (subtraction would reveal it); hiding one protects nothing, so it is
    never the complementary choice."""
    fixed = set(public)
    unseen = set(unshown)
    hidden = {k for k, n in values.items() if 0 < n < min_count and k not in fixed}
    order = {k: i for i, k in enumerate(values)}
    lines_of: dict[Key, list[int]] = defaultdict(list)
    for i, (parts, total) in enumerate(lines):
        for k in {*parts, total}:
            lines_of[k].append(i)
    changed = True
    while changed:
        changed = False
        # Which unshown figures the shown ones give away, afresh after every figure hidden: one
        # that only a figure hidden since gave away is unknown again.
        unknown = _unknown(lines, lines_of, hidden, unseen)
        for parts, total in lines:
            members = [*parts, total]
            lone = [k for k in members if k in unknown]
            if len(lone) != 1 or lone[0] not in hidden:
                continue
            candidates = [
                (k == total, values.get(k, 0), order.get(k, 0), k)
                for k in members
                if k not in unknown and k not in fixed and k not in unseen and values.get(k, 0) > 0
            ]
            if candidates:
                hidden.add(min(candidates, key=lambda c: c[:3])[3])
                unknown = _unknown(lines, lines_of, hidden, unseen)
                changed = True
    return hidden - unseen


def _unknown(
    lines: Sequence[tuple[Sequence[Key], Key]],
    lines_of: dict[Key, list[int]],
    hidden: set[Key],
    unseen: set[Key],
) -> set[Key]:
    """The figures a viewer does not know: the hidden ones, and the unshown ones that no line
    gives away (a line whose other members are all known), found line by line as they resolve."""
    unknown = hidden | unseen
    if not unseen:
        return unknown
    open_members = [sum(1 for k in {*parts, total} if k in unknown) for parts, total in lines]
    queue = [i for i, n in enumerate(open_members) if n == 1]
    while queue:
        i = queue.pop()
        parts, total = lines[i]
        lone = [k for k in {*parts, total} if k in unknown]
        if len(lone) != 1 or lone[0] in hidden:
            continue
        unknown.discard(lone[0])
        for j in lines_of[lone[0]]:
            open_members[j] -= 1
            if open_members[j] == 1:
                queue.append(j)
    return unknown


class Figures:
    """Counts shown together on one page, and the sums that tie them: suppressed all at once."""

    def __init__(self, min_count: int) -> None:
        self.min_count = min_count
        self.values: dict[Key, int] = {}
        self.lines: list[tuple[list[Key], Key]] = []
        self.public: set[Key] = set()
        self.unshown: set[Key] = set()
        self._hidden: set[Key] | None = None

    def add(self, key: Key, n: int, *, public: bool = False, shown: bool = True) -> Key:
        self.values[key] = int(n)
        if public:
            self.public.add(key)
        if not shown:
            self.unshown.add(key)
        return key

    def line(self, parts: Iterable[Key], total: Key) -> None:
        self.lines.append((list(parts), total))

    @property
    def hidden(self) -> set[Key]:
        if self._hidden is None:
            self._hidden = suppress(self.values, self.lines, self.min_count, self.public, self.unshown)
        return self._hidden

    def is_hidden(self, key: Key) -> bool:
        return key in self.hidden or key in self.unshown

    def cell(self, key: Key, of: Key | None = None) -> Cell:
        """The figure, with its share of `of` when both are shown."""
        if self.is_hidden(key):
            return HIDDEN
        n = self.values[key]
        if of is None or self.is_hidden(of) or not self.values.get(of):
            return Cell(n)
        return Cell(n, n / self.values[of])


def single(n: int, min_count: int, public: bool = False) -> Cell:
    """One figure alone (nothing shown beside it adds up with it)."""
    figures = Figures(min_count)
    figures.add("n", n, public=public)
    return figures.cell("n")


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
    plus partial to the responses started (not shown; the completion rate is their ratio)."""
    raw = dashboard.overview(session, scope)
    public = not scope.responses_filtered
    f = Figures(min_count_of(scope))
    f.add("complete", raw.complete, public=public)
    f.add("partial", raw.partial, public=public)
    f.add("started", raw.complete + raw.partial, public=public, shown=False)
    f.line(["complete", "partial"], "started")
    groups: dict[str, list[tuple[Any, int]]] = {
        "partner": [(p.id, n) for p, n, _t in raw.by_partner],
        "language": list(raw.by_language.items()),
        "mode": list(raw.by_mode.items()),
        "day": list(raw.per_day),
    }
    for name, items in groups.items():
        f.line([f.add((name, k), n) for k, n in items], "complete")
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
    counts = (run.result or {}).get("languages", {}).get("counts", {})
    f = Figures(min_count)
    f.add("total", sum(counts.values()), public=True)
    f.line([f.add(code, n) for code, n in counts.items()], "total")
    return [(code, f.cell(code)) for code in sorted(counts)]


# --- Cross tables -----------------------------------------------------------------------------


@dataclass
class CrossTable:
    """Rows x columns plus totals, each cell a `Cell`; shares are within each column (row totals:
    of the grand total). `rows` and `columns` are (key, label) pairs; labels are set by
    `services.labels`."""

    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: list[list[Cell]]
    totals: list[Cell]
    row_totals: list[Cell]
    grand: Cell
    n_hidden: int
    min_count: int
    folded: int = 0  # themes folded into the REST row
    overlapping: bool = False  # a person can be in several rows: a column's rows add up past it

    @property
    def empty(self) -> bool:
        return not self.rows or not self.columns


@dataclass
class TableCounts:
    """Counts by (row key, column key); `column_totals` are the people of each column when a
    person can count in several rows (a checklist, the themes a person names: `overlapping`),
    else a column's total is its rows' sum."""

    counts: dict[tuple[str, str], int]
    rows: list[str]
    columns: list[str]
    column_totals: dict[str, int] | None = None
    folded: int = 0
    overlapping: bool = False


def cross_tables(tables: Sequence[TableCounts], min_count: int) -> list[CrossTable]:
    """Tables shown together, suppressed together: where they have the same row totals and grand
    total (the same people by other attributes), those are one figure, hidden in all or none.

    Each person has one value of the breakdown, so a row always adds up to its total and the
    columns to the grand total. Where a person can be in several rows (`overlapping`), a column's
    rows do not add up to its total: a hidden cell cannot be had as the total minus the others,
    and no such line is drawn. What does hold is each cell with its complement, the people of the
    column not in that row (and each row total with the people in no such row of the grand total):
    the complement is never shown, so a line of a hidden cell and its complement reveals neither,
    unless the complement is small, which then is protected like a shown count (it would tell
    that a few people of the column are not in the row)."""
    f = Figures(min_count)
    shared: dict[Key, int] = {}

    def total_key(key: tuple[Any, ...], n: int, t: int) -> Key:
        if shared.setdefault(key, n) == n:
            return key
        return (t, *key)  # a different figure under the same name: this table's own

    keys = []
    for t, table in enumerate(tables):
        interior = {
            (r, c): f.add((t, r, c), table.counts.get((r, c), 0)) for r in table.rows for c in table.columns
        }
        row_n = {r: sum(table.counts.get((r, c), 0) for c in table.columns) for r in table.rows}
        row_total = {r: total_key(("row", r), row_n[r], t) for r in table.rows}
        col_sums = {c: sum(table.counts.get((r, c), 0) for r in table.rows) for c in table.columns}
        col_n = table.column_totals if table.column_totals is not None else col_sums
        col_total = {c: f.add((t, "col", c), col_n.get(c, 0)) for c in table.columns}
        grand_n = sum(col_n.get(c, 0) for c in table.columns)
        grand = total_key(("grand",), grand_n, t)
        for r in table.rows:
            f.add(row_total[r], row_n[r])
            f.line([interior[(r, c)] for c in table.columns], row_total[r])
        f.add(grand, grand_n)
        f.line(list(col_total.values()), grand)
        if table.overlapping:
            _complements(f, t, table, interior, row_total, col_total, grand)
        else:
            for c in table.columns:
                f.line([interior[(r, c)] for r in table.rows], col_total[c])
            f.line(list(row_total.values()), grand)
        keys.append((interior, row_total, col_total, grand))
    out = []
    for table, (interior, row_total, col_total, grand) in zip(tables, keys, strict=True):
        shown = [*interior.values(), *row_total.values(), *col_total.values(), grand]
        out.append(
            CrossTable(
                rows=[(r, r) for r in table.rows],
                columns=[(c, c) for c in table.columns],
                cells=[[f.cell(interior[(r, c)], col_total[c]) for c in table.columns] for r in table.rows],
                totals=[f.cell(col_total[c], grand) for c in table.columns],
                row_totals=[f.cell(row_total[r], grand) for r in table.rows],
                grand=f.cell(grand),
                n_hidden=sum(1 for k in shown if f.is_hidden(k)),
                min_count=min_count,
                folded=table.folded,
                overlapping=table.overlapping,
            )
        )
    return out


def _complements(
    f: Figures,
    t: int,
    table: TableCounts,
    interior: dict[tuple[str, str], Key],
    row_total: dict[str, Key],
    col_total: dict[str, Key],
    grand: Key,
) -> None:
    """The lines of a table whose rows overlap: each cell and the people of its column not in its
    row add up to the column; each row total and the people in no cell of its row, to the grand
    total; a row's complements add up to its total's complement (implied by the others, drawn so
    that the rule sees it in one step)."""
    for r in table.rows:
        outside = f.add(
            ("without", row_total[r], grand), max(f.values[grand] - f.values[row_total[r]], 0), shown=False
        )
        f.line([row_total[r], outside], grand)
        parts = []
        for c in table.columns:
            n = max(f.values[col_total[c]] - f.values[interior[(r, c)]], 0)
            parts.append(f.add((t, "without", r, c), n, shown=False))
            f.line([interior[(r, c)], parts[-1]], col_total[c])
        f.line(parts, outside)


def cross_table(
    counts: dict[tuple[str, str], int],
    rows: list[str],
    columns: list[str],
    column_totals: dict[str, int] | None,
    min_count: int,
) -> CrossTable:
    """One table alone."""
    return cross_tables([TableCounts(counts, rows, columns, column_totals)], min_count)[0]


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
    counts, people = dashboard.question_by(session, scope, question, attribute)
    return cross_tables([_choice_counts(question, counts, people)], min_count_of(scope))[0]


def question_sections(
    session: Session, scope: Scope, questions: list[Question]
) -> list[tuple[Question, CrossTable, CrossTable]]:
    """Each closed question by language and by partner (one query for all), each pair
    suppressed together (they share the answers' totals)."""
    answers = dashboard.closed_answers(session, scope, questions)
    out = []
    for question in questions:
        rows = answers.get(question.name, [])
        by_language, by_partner = cross_tables(
            [
                _choice_counts(question, *dashboard.split_by(rows, 1)),
                _choice_counts(question, *dashboard.split_by(rows, 2)),
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

    attribute = next((a for a in dashboard.attributes(definition) if a.key == by), None)
    closed = {q.name: q for q in dashboard.closed_questions(definition)}
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
