"""Prevalence tables with primary and complementary suppression."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.summarize import TOTAL, prevalence, suppress


def _frames(cells: dict[tuple[str, str], int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for (theme, group), n in cells.items():
        rows += [{"theme_id": theme, "group": group}] * n
    frame = pd.DataFrame(rows)
    frame["id"] = [f"a{i}" for i in range(len(frame))]
    return frame[["id", "theme_id"]], frame[["id", "group"]]


def _recoverable(counts: pd.DataFrame) -> bool:
    """True if some hidden cell is the only unknown in a row or column with a shown total."""
    values = counts.to_numpy(dtype=object)
    for line in itertools.chain(values, values.T):
        unknown = [v for v in line if pd.isna(v)]
        if len(unknown) == 1:
            return True
    return False


def test_small_cells_and_their_complements_are_hidden() -> None:
    assignments, attrs = _frames(
        {
            ("childcare", "A"): 30,
            ("childcare", "B"): 4,
            ("transport", "A"): 25,
            ("transport", "B"): 20,
            ("food", "A"): 12,
            ("food", "B"): 15,
        }
    )
    table = prevalence(assignments, attrs, "group", min_count=10)
    assert pd.isna(table.counts.loc["childcare", "B"])
    assert not _recoverable(table.counts)
    assert int(table.suppressed.to_numpy().sum()) >= 4
    assert table.counts.loc["transport", "A"] == 25 or pd.isna(table.counts.loc["transport", "A"])
    assert "complementary" in table.rule
    assert "1 to 9" in table.rule
    assert pd.isna(table.shares.loc["childcare", "B"])


def test_threshold_is_configurable_and_nothing_hidden_when_all_large() -> None:
    assignments, attrs = _frames(
        {
            ("childcare", "A"): 30,
            ("childcare", "B"): 4,
            ("transport", "A"): 25,
            ("transport", "B"): 20,
        }
    )
    table = prevalence(assignments, attrs, "group", min_count=3)
    assert not table.suppressed.to_numpy().any()
    assert table.counts.loc[TOTAL, TOTAL] == 79
    assert table.shares.loc["childcare", "A"] == pytest.approx(30 / 55, abs=1e-4)


def test_suppress_never_leaves_a_single_hidden_cell_in_a_line() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        inner = rng.integers(0, 25, size=(4, 3))
        table = np.zeros((5, 4), dtype=int)
        table[:4, :3] = inner
        table[4, :3] = inner.sum(axis=0)
        table[:4, 3] = inner.sum(axis=1)
        table[4, 3] = inner.sum()
        hidden = suppress(table, 10)
        assert (hidden == ((table > 0) & (table < 10)) | hidden).all()
        for line in itertools.chain(hidden, hidden.T):
            assert line.sum() != 1


def test_missing_attribute_values_are_counted_and_json_is_plain() -> None:
    assignments, attrs = _frames({("childcare", "A"): 12, ("transport", "A"): 11})
    attrs.loc[attrs.index[:10], "group"] = None
    table = prevalence(assignments, attrs, "group", min_count=5)
    assert "(missing)" in table.counts.columns
    data = table.to_json()
    assert data["counts"][TOTAL][TOTAL] == 23


def test_missing_attribute_column_is_a_value_error() -> None:
    assignments, attrs = _frames({("childcare", "A"): 12})
    with pytest.raises(ValueError, match="missing attribute column"):
        prevalence(assignments, attrs, "income")
