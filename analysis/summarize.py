"""Theme prevalence by a respondent attribute, with small-cell and complementary suppression.

Counts from 1 to `min_count - 1` are hidden (primary suppression) because small groups can identify
people. Row and column totals are published, so a row or column with a single hidden entry would
give it away by subtraction: complementary suppression hides a second entry of that line (its
smallest non-zero one, else its zeros, else its total) until no hidden count can be worked out.
The rule is the app's too (`analysis.disclosure`, one place for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from analysis import disclosure

TOTAL = "Total"


@dataclass
class Prevalence:
    """Counts and within-group shares (NA where suppressed), the suppression mask and the rule."""

    attribute: str
    counts: pd.DataFrame
    shares: pd.DataFrame
    suppressed: pd.DataFrame
    rule: str

    def to_json(self) -> dict[str, object]:
        """JSON-safe form for the app: rows are themes, columns attribute values, null = hidden."""

        def plain(frame: pd.DataFrame) -> dict[str, dict[str, object]]:
            return {
                str(r): {
                    str(c): (None if pd.isna(v) else v.item() if hasattr(v, "item") else v)
                    for c, v in row.items()
                }
                for r, row in frame.iterrows()
            }

        return {
            "attribute": self.attribute,
            "rule": self.rule,
            "counts": plain(self.counts),
            "shares": plain(self.shares),
        }


def suppress(table: np.ndarray, min_count: int) -> np.ndarray:
    """Mask of hidden cells for a table whose last row and column are totals, by the project's
    one rule (`analysis.disclosure`): every row and every column is a sum of its cells."""
    n_rows, n_cols = table.shape
    values: dict[disclosure.Key, int] = {
        (i, j): int(table[i, j]) for i in range(n_rows) for j in range(n_cols)
    }
    lines: list[tuple[list[disclosure.Key], disclosure.Key]] = [
        ([(i, j) for j in range(n_cols - 1)], (i, n_cols - 1)) for i in range(n_rows)
    ]
    lines += [([(i, j) for i in range(n_rows - 1)], (n_rows - 1, j)) for j in range(n_cols)]
    hidden = np.zeros(table.shape, dtype=bool)
    for cell in disclosure.suppress(values, lines, min_count):
        row, col = cast(tuple[int, int], cell)
        hidden[row, col] = True
    return hidden


def rule_text(min_count: int, n_hidden: int) -> str:
    """The suppression rule in words, for every table that applies it."""
    return (
        f"counts from 1 to {min_count - 1} hidden (primary suppression); in any row or column "
        f"with one hidden count, a second one is hidden too, the smallest other count, else its "
        f"zeros, else its total (complementary suppression), so no hidden count can be recovered "
        f"from published totals; "
        f"{n_hidden} cell(s) hidden"
    )


def prevalence(
    assignments: pd.DataFrame,
    attributes: pd.DataFrame,
    by: str,
    *,
    id_col: str = "id",
    min_count: int = 10,
    theme_labels: dict[str, str] | None = None,
) -> Prevalence:
    """Themes x values of `by` (e.g. gender, partner, period) with suppression applied.

    `assignments` is `ThemeResult.assignments`; `attributes` has one row per respondent answer
    with `id_col` and `by`. Missing attribute values are counted as "(missing)".
    """
    if by not in attributes.columns:
        raise ValueError(f"missing attribute column '{by}'")
    if id_col not in attributes.columns:
        raise ValueError(f"missing column '{id_col}' in attributes")
    left = assignments[["id", "theme_id"]].astype({"id": str})
    right = attributes[[id_col, by]].rename(columns={id_col: "id"}).astype({"id": str})
    joined = left.merge(right, on="id", how="left")
    joined[by] = joined[by].astype(object).where(joined[by].notna(), "(missing)").astype(str)
    table = pd.crosstab(joined["theme_id"], joined[by], margins=True, margins_name=TOTAL)
    if theme_labels:
        table.index = [theme_labels.get(i, i) if i != TOTAL else TOTAL for i in table.index]
    values = table.to_numpy()
    hidden = suppress(values, min_count)
    counts = table.astype("Int64").mask(hidden)
    col_totals = table.loc[TOTAL].replace(0, np.nan)
    shares = (table / col_totals).round(4).astype("Float64").mask(hidden)
    rule = rule_text(min_count, int(hidden.sum()))
    return Prevalence(
        by, counts, shares, pd.DataFrame(hidden, index=table.index, columns=table.columns), rule
    )
