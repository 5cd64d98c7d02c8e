"""The one suppression rule: small counts hidden, and nothing hidden recoverable by subtraction."""

from __future__ import annotations

import itertools

from surveyapp.services.suppression import Figures, TableCounts, cross_table, cross_tables, suppress

from ..fixtures.disclosure import recoverable


def test_small_counts_are_hidden_and_zero_stays_zero() -> None:
    values = {"a": 4, "b": 0, "c": 25, "d": 30, "total": 59}
    lines = [(["a", "b", "c", "d"], "total")]
    hidden = suppress(values, lines, 10)
    assert hidden == {"a", "c"}  # the next smallest, not the total
    assert not recoverable(values, lines, hidden)


def test_a_figure_that_is_not_a_subgroup_is_never_hidden() -> None:
    values = {"en": 200, "so": 4, "total": 204}
    hidden = suppress(values, [(["en", "so"], "total")], 10, public={"total"})
    assert hidden == {"so", "en"}


def test_a_small_figure_that_is_never_shown_is_protected_too() -> None:
    # Completions today and before today add up to the complete responses; "before" is not shown.
    values = {"today": 10, "before": 3, "complete": 13}
    lines = [(["today", "before"], "complete")]
    assert suppress(values, lines, 10, unshown={"before"}) == {"today"}
    large = {"today": 0, "before": 184, "complete": 184}
    assert suppress(large, lines, 10, unshown={"before"}) == set()


def test_no_hidden_cell_of_any_table_can_be_worked_out() -> None:
    for a, b, c, d in itertools.product((0, 3, 12, 40), repeat=4):
        counts = {("r1", "x"): a, ("r1", "y"): b, ("r2", "x"): c, ("r2", "y"): d}
        table = cross_table(counts, ["r1", "r2"], ["x", "y"], None, 10)
        grid = [[cell.count for cell in row] for row in table.cells]
        rows = [cell.count for cell in table.row_totals]
        cols = [cell.count for cell in table.totals]
        shown = [n for n in [*sum(grid, []), *rows, *cols, table.grand.count] if n is not None]
        assert not [n for n in shown if 0 < n < 10], counts
        values = {
            ("c", i, j): counts[(r, k)] for i, r in enumerate(["r1", "r2"]) for j, k in enumerate(["x", "y"])
        }
        values |= {("r", i): sum(counts[(r, k)] for k in "xy") for i, r in enumerate(["r1", "r2"])}
        values |= {("k", j): sum(counts[(r, k)] for r in ["r1", "r2"]) for j, k in enumerate("xy")}
        values["g"] = sum(counts.values())
        hidden = {("c", i, j) for i in range(2) for j in range(2) if grid[i][j] is None}
        hidden |= {("r", i) for i in range(2) if rows[i] is None}
        hidden |= {("k", j) for j in range(2) if cols[j] is None}
        hidden |= {"g"} if table.grand.hidden else set()
        lines = [([("c", i, 0), ("c", i, 1)], ("r", i)) for i in range(2)]
        lines += [([("c", 0, j), ("c", 1, j)], ("k", j)) for j in range(2)]
        lines += [([("r", 0), ("r", 1)], "g"), ([("k", 0), ("k", 1)], "g")]
        assert not recoverable(values, lines, hidden), counts


def test_a_share_of_a_hidden_total_is_not_shown() -> None:
    table = cross_table(
        {("a", "x"): 12, ("b", "x"): 3, ("a", "y"): 40, ("b", "y"): 30}, ["a", "b"], ["x", "y"], None, 10
    )
    assert table.cells[1][0].hidden
    # y's total (18) is hidden with x's (3), since the grand total would give it away; b's 12 in y
    # is shown, without a share of the hidden 18.
    table = cross_table(
        {("a", "x"): 0, ("b", "x"): 0, ("c", "x"): 3, ("a", "y"): 3, ("b", "y"): 12, ("c", "y"): 3},
        ["a", "b", "c"],
        ["x", "y"],
        None,
        10,
    )
    shown_of_hidden = [
        cell
        for row in table.cells
        for cell, total in zip(row, table.totals, strict=True)
        if total.hidden and not cell.hidden and cell.count
    ]
    assert [cell.count for cell in shown_of_hidden] == [12]
    assert shown_of_hidden[0].share is None
    figures = Figures(10)
    figures.add("n", 12)
    figures.add("of", 4)
    assert figures.cell("n", "of").share is None


def test_tables_of_the_same_people_hide_the_same_totals() -> None:
    by_language = TableCounts(
        {("a", "en"): 30, ("a", "so"): 4, ("b", "en"): 20, ("b", "so"): 15}, ["a", "b"], ["en", "so"]
    )
    by_partner = TableCounts({("a", "p"): 34, ("b", "p"): 35}, ["a", "b"], ["p"])
    first, second = cross_tables([by_language, by_partner], 10)
    assert [c.hidden for c in first.row_totals] == [c.hidden for c in second.row_totals]
    assert first.grand.hidden == second.grand.hidden


def test_a_hidden_figure_beside_an_unshown_one_hides_nothing_more():
    """today + earlier = complete, earlier never shown: a small `today` alone is hidden, the
    complete count stays (nothing shown gives `today` away)."""
    values = {"complete": 184, "today": 3, "earlier": 181}
    lines = [(["today", "earlier"], "complete")]
    assert suppress(values, lines, 10, unshown=["earlier"]) == {"today"}


def test_an_unshown_figure_that_another_line_gives_away_counts_as_shown():
    """earlier = complete - today is also the sum of shown days: then a small `today` needs a partner."""
    values = {"complete": 184, "today": 3, "earlier": 181, "mon": 90, "tue": 91}
    lines = [(["today", "earlier"], "complete"), (["mon", "tue"], "earlier")]
    hidden = suppress(values, lines, 10, unshown=["earlier"])
    assert "today" in hidden
    assert len(hidden) == 2
