"""The one rule that hides small counts of subgroups, wherever a figure is shown.

The rule (statistical disclosure control, as census offices publish tables): a count from 1 to
`min_count - 1` is hidden (primary suppression), because a small group can point at a person. A
hidden count must not come back by subtraction, so wherever figures shown together add up to another
one shown beside them (a row and its total, the languages and the number of responses), a sum with
exactly one hidden member gets a second one hidden (complementary suppression). Where one person can
be in several figures of a group (the themes a person names, the choices of a checklist), those do
not add up to the group's total: each is tied to the total by its complement instead, the people not
in it, which is never shown and protected when small (`cross_tables`). The second figure is, in this
order of preference, the smallest non-zero part of the sum, else all of its zero parts, else the
sum's total: a zero is never hidden for itself, but it is hidden as a complement when nothing else
is left, since a hidden zero cannot be told from a hidden small count (6 complete responses, three
partners at 0 and the fourth hidden would say 6); all of them, so that the pattern does not point at
the small one. A figure that is not a subgroup (the number of all responses, unfiltered) is never
hidden, nor is one that is never shown. Where a sum still has one hidden member and nothing left to
hide (a one-row breakdown of a public total), the figure is `exposed`: the caller shows the
breakdown with all of its categories, zero rows included, so that a zero can be the complement. A
share is shown only when its count and the total it is a share of are both shown.

Every figure the app shows for a subgroup comes through here, from `services/reporting.py` and
`services/theme_codes.py`; callers only format the `Cell`s they get.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# The rule itself is the package's (one place for it); re-exported for the app's callers.
from analysis.disclosure import Key as Key
from analysis.disclosure import exposed as exposed
from analysis.disclosure import suppress as suppress

SMALL_CELL_MIN = 10  # the default of the SMALL_CELL_MIN setting


@dataclass(frozen=True)
class Cell:
    """A figure as it may be shown: a count (with its share, where one is shown) or hidden."""

    count: int | None
    share: float | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None


HIDDEN = Cell(None)


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

    @property
    def exposed(self) -> set[Key]:
        """Hidden figures that a line with nothing left to hide still gives away (see `exposed`)."""
        return exposed(self.lines, self.hidden, self.unshown)

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
