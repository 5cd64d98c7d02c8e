"""Suppression where a person can be in several rows (the themes a person names, a checklist): a
column's rows add up past its total, so the rule ties each cell to its complement instead, and
no hidden count, nor a small remainder, can be worked out from what is shown.

The check does not trust the rule's own lines: it writes every figure as a sum over the kinds of
person that could exist (a column and a set of rows), and a hidden figure is given away exactly
when it is a linear combination of the shown ones."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from surveyapp.services.suppression import CrossTable, TableCounts, cross_tables

MIN = 10

Person = tuple[str, frozenset[str]]  # a column and the rows they are in (at least one)


def _table(people: list[Person], rows: list[str], columns: list[str]) -> tuple[TableCounts, dict]:
    counts = {(r, c): sum(1 for col, rs in people if col == c and r in rs) for r in rows for c in columns}
    totals = {c: sum(1 for col, _rs in people if col == c) for c in columns}
    return TableCounts(counts, rows, columns, totals, overlapping=True), counts


def _kinds(rows: list[str], columns: list[str]) -> list[Person]:
    subsets = [frozenset(s) for k in range(1, len(rows) + 1) for s in itertools.combinations(rows, k)]
    return [(c, s) for c in columns for s in subsets]


def _given_away(table: CrossTable, rows: list[str], columns: list[str]) -> list[str]:
    """Hidden figures (and small complements) that are linear combinations of the shown figures."""
    kinds = _kinds(rows, columns)

    def vector(test) -> np.ndarray:  # type: ignore[no-untyped-def]
        return np.array([1.0 if test(c, s) else 0.0 for c, s in kinds])

    figures = {}
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            figures[f"cell {r}/{c}"] = (
                table.cells[i][j],
                vector(lambda col, s, r=r, c=c: col == c and r in s),
            )
        figures[f"row {r}"] = (table.row_totals[i], vector(lambda col, s, r=r: r in s))
    for j, c in enumerate(columns):
        figures[f"column {c}"] = (table.totals[j], vector(lambda col, s, c=c: col == c))
    figures["grand"] = (table.grand, vector(lambda col, s: True))
    shown = [v for cell, v in figures.values() if not cell.hidden]
    known = np.array(shown) if shown else np.zeros((0, len(kinds)))
    rank = np.linalg.matrix_rank(known) if shown else 0

    def determined(v: np.ndarray) -> bool:
        return bool(np.linalg.matrix_rank(np.vstack([known, v])) == rank)

    found = [name for name, (cell, v) in figures.items() if cell.hidden and determined(v)]
    return found


def _small_remainders_shown(
    table: CrossTable, counts: dict, rows: list[str], columns: list[str], totals: dict
) -> list[str]:
    """A shown cell and its shown column total whose difference is small: they tell that a few
    people of the column are not in the row."""
    out = []
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            cell, total = table.cells[i][j], table.totals[j]
            if not cell.hidden and not total.hidden and 0 < totals[c] - counts[(r, c)] < MIN:
                out.append(f"{r}/{c}")
    return out


def _check(people: list[Person], rows: list[str], columns: list[str]) -> CrossTable:
    counts_table, counts = _table(people, rows, columns)
    (table,) = cross_tables([counts_table], MIN)
    shown = [c.count for row in table.cells for c in row] + [c.count for c in table.totals]
    shown += [c.count for c in table.row_totals] + [table.grand.count]
    assert not [n for n in shown if n is not None and 0 < n < MIN]
    assert not _given_away(table, rows, columns), people
    totals = {c: sum(1 for col, _rs in people if col == c) for c in columns}
    assert not _small_remainders_shown(table, counts, rows, columns, totals)
    return table


def _people(spec: dict[tuple[str, tuple[str, ...]], int]) -> list[Person]:
    return [(c, frozenset(rs)) for (c, rs), n in spec.items() for _ in range(n)]


def test_a_column_that_does_not_add_up_hides_nothing_more_than_it_must() -> None:
    """Transport 3 of 40 in column x is hidden; its row then needs a second hidden cell, but its
    column does not (x's 40 is not a sum of its rows, so 40 - 30 - 25 says nothing about it)."""
    people = _people(
        {
            ("x", ("bus", "care")): 3,
            ("x", ("care",)): 22,
            ("x", ("cost",)): 15,
            ("y", ("bus",)): 30,
            ("y", ("bus", "cost")): 12,
            ("y", ("care",)): 20,
        }
    )
    rows, columns = ["bus", "care", "cost"], ["x", "y"]
    table = _check(people, rows, columns)
    assert table.cells[0][0].hidden  # bus in x: 3
    assert table.cells[0][1].hidden  # bus in y: the row's partner
    assert [c.count for c in table.cells[1]] == [25, 20]  # care: nothing hidden beside it
    assert table.cells[2][0].count == 15
    assert table.totals[0].count == 40  # x's rows (3 + 25 + 15) add up past it
    assert table.overlapping


def test_a_small_remainder_is_protected_like_a_small_count() -> None:
    """37 of the 39 people of column x name cost: showing 37 and 39 would tell that two did not.
    (Every count of x is large: a rule that took x's rows for a sum would hide none of them.)"""
    people = _people(
        {
            ("x", ("cost",)): 27,
            ("x", ("cost", "bus")): 10,
            ("x", ("bus",)): 2,
            ("y", ("cost",)): 20,
            ("y", ("bus",)): 25,
        }
    )
    table = _check(people, ["cost", "bus"], ["x", "y"])
    assert table.cells[0][0].hidden  # 37 hidden: its remainder 2 is small
    assert table.cells[1][0].count == 12
    assert not table.totals[0].hidden


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_figure_of_a_table_with_overlapping_rows_can_be_worked_out(seed: int) -> None:
    rng = random.Random(seed)
    rows = ["a", "b", "c"][: rng.choice((2, 3))]
    columns = ["x", "y", "z"][: rng.choice((1, 2, 3))]
    people: list[Person] = []
    for c in columns:
        for _ in range(rng.choice((4, 12, 25, 60))):
            chosen = frozenset(r for r in rows if rng.random() < rng.choice((0.1, 0.5, 0.95)))
            people.append((c, chosen or frozenset(rows[:1])))
    _check(people, rows, columns)
