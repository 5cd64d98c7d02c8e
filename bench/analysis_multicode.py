"""Multi-coding on real messages: answers that name two needs, made by joining two real messages
with different labels, analysed among the single messages (default configuration, k=8).

    .venv/bin/python bench/analysis_multicode.py [--pairs 300] [--seeds 0,1,2] [--column text_en]

A joined answer "has both" when its codes include the themes its two halves get on their own in
the same run (halves in "other" or in the same theme are left out: nothing to find twice); codes
correct is the share of its codes that are one of those two themes. Nothing is fitted to these
figures: the rule for a second code is fixed in `analysis/multicode.py`. Prints figures only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import ThemeOptions, find_themes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "disaster-needs" / "dev.csv"


def joined(frame: pd.DataFrame, column: str, n: int, seed: int) -> pd.DataFrame:
    """`n` answers, each two messages of different labels joined with a space."""
    rng = np.random.default_rng(seed)
    rows = []
    while len(rows) < n:
        a, b = rng.integers(0, len(frame), size=2)
        if frame["label"].iat[a] != frame["label"].iat[b]:
            rows.append(
                {
                    "id": f"pair-{len(rows)}",
                    "a": str(frame["id"].iat[a]),
                    "b": str(frame["id"].iat[b]),
                    "text": f"{frame[column].iat[a]} {frame[column].iat[b]}",
                }
            )
    return pd.DataFrame(rows)


def measure(frame: pd.DataFrame, column: str, n: int, seed: int) -> tuple[float, float, int]:
    pairs = joined(frame, column, n, seed)
    docs = pd.concat(
        [frame[["id", column]].rename(columns={column: "text"}).astype(str), pairs[["id", "text"]]],
        ignore_index=True,
    )
    result = find_themes(docs, ThemeOptions(k=8, seed=seed, lang_col=None))
    assert result.codes is not None
    alone = dict(zip(result.assignments["id"], result.assignments["theme_id"], strict=True))
    codes = result.codes.groupby("id")["theme_id"].apply(set)
    both = correct = given = counted = 0
    for row in pairs.itertuples():
        want = {alone[row.a], alone[row.b]}
        if "other" in want or len(want) < 2:
            continue
        got = codes[row.id]
        counted += 1
        both += want <= got
        correct += len(got & want)
        given += len(got)
    return both / max(counted, 1), correct / max(given, 1), counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--column", default="text_en")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"skipped: {DATA} not found (the shared data set lives beside the repository)")
        return 0
    frame = pd.read_csv(DATA).dropna(subset=[args.column]).reset_index(drop=True)
    frame["id"] = frame["id"].astype(str)
    print(f"data: {DATA} ({len(frame)} messages, {args.pairs} joined answers, {args.column})")
    figures = []
    for seed in (int(s) for s in args.seeds.split(",")):
        both, correct, counted = measure(frame, args.column, args.pairs, seed)
        figures.append((both, correct))
        print(
            f"seed {seed}: both found {both:.3f}, codes correct {correct:.3f} "
            f"({counted} answers whose halves fall in two themes)",
            flush=True,
        )
    mean = np.mean(figures, axis=0)
    print(f"mean: both found {mean[0]:.3f}, codes correct {mean[1]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
