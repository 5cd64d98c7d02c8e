"""Theme prevalence by a respondent attribute, with small-cell and complementary suppression.

Counts from 1 to `min_count - 1` are hidden (primary suppression) because small groups can identify
people. Row and column totals are published, so a row or column with a single hidden entry would
give it away by subtraction: complementary suppression hides the next smallest entry of that line
until every line with a hidden entry has at least two. Zeros are shown (they are not disclosive
here and hiding them would hide most of a sparse table).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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
    """Mask of hidden cells for a table whose last row and column are totals."""
    hidden = (table > 0) & (table < min_count)
    changed = True
    while changed:
        changed = False
        lines = [hidden[i, :] for i in range(table.shape[0])]
        lines += [hidden[:, j] for j in range(table.shape[1])]
        for axis_index, line in enumerate(lines):
            if line.sum() != 1:
                continue
            if axis_index < table.shape[0]:
                values = table[axis_index, :].astype(float)
                cells = [(axis_index, j) for j in range(table.shape[1])]
            else:
                j = axis_index - table.shape[0]
                values = table[:, j].astype(float)
                cells = [(i, j) for i in range(table.shape[0])]
            # Prefer an interior cell (not a total) with the smallest non-zero count.
            candidates = [
                (
                    cells[n][0] == table.shape[0] - 1 or cells[n][1] == table.shape[1] - 1,
                    values[n],
                    n,
                )
                for n in range(len(cells))
                if not hidden[cells[n]] and values[n] > 0
            ]
            if not candidates:
                continue
            _, _, n = min(candidates)
            hidden[cells[n]] = True
            changed = True
    return hidden


def rule_text(min_count: int, n_hidden: int) -> str:
    """The suppression rule in words, for every table that applies it."""
    return (
        f"counts from 1 to {min_count - 1} hidden (primary suppression); in any row or column "
        f"with one hidden count, the next smallest count is hidden too (complementary "
        f"suppression), so no hidden count can be recovered from published totals; "
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
