"""Stability of themes when answers arrive: the CLI (k=8) on the real messages, then on those plus
10 % more answers with `--previous`, and the share of earlier answers that keep their theme.

    .venv/bin/python bench/analysis_stability.py [--seeds 0,1,2] [--backend tfidf|embeddings]

For each seed, 1/11 of the rows are held back at random (the "new" 10 %): run A sees the other
10/11, run B sees all rows with `--previous A`, run C sees all rows without it (for comparison).
Prints, per texts column and seed: the share of A's answers with the same theme id in B (target
>= 90 %) and in C, and whether every theme id of A carried over to the B theme holding most of its
answers. The data lives outside the repository; when absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "disaster-needs" / "dev.csv"
K = 8


def run_cli(source: Path, out: Path, backend: str, previous: Path | None = None) -> pd.Series:
    cmd = [sys.executable, "-m", "analysis", "themes", str(source), "--text-col", "text"]
    cmd += ["--k", str(K), "--backend", backend, "--out", str(out), "--quiet"]
    if previous is not None:
        cmd += ["--previous", str(previous)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    assigned = pd.read_csv(out / "assignments.csv", dtype=str, keep_default_na=False)
    return assigned.set_index("id")["theme_id"]


def carried(before: pd.Series, after: pd.Series) -> tuple[int, int]:
    """Themes of `before` whose answers mostly sit, in `after`, in a theme with the same id."""
    kept = 0
    themes = sorted(set(before))
    for theme in themes:
        members = before.index[before == theme]
        if after[members].value_counts().idxmax() == theme:
            kept += 1
    return kept, len(themes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--backend", default="tfidf", choices=("tfidf", "embeddings"))
    parser.add_argument("--columns", default="text_en,text_original")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"skipped: {DATA} not found (the shared data set lives beside the repository)")
        return 0
    data = pd.read_csv(DATA, dtype={"id": str})
    print(f"data: {DATA} ({len(data)} rows, k={K}, backend {args.backend})")
    print(
        f"{'texts':<14}{'seed':>5}{'A n':>7}{'B n':>7}{'kept, previous':>16}{'kept, fresh':>13}"
        f"{'ids carried':>13}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for column in args.columns.split(","):
            frame = data[data[column].fillna("").str.strip().astype(bool)]
            frame = frame[["id", column]].rename(columns={column: "text"}).reset_index(drop=True)
            shares = []
            for seed in (int(s) for s in args.seeds.split(",")):
                rng = np.random.default_rng(seed)
                new = rng.random(len(frame)) < 1 / 11
                frame[~new].to_csv(work / "a.csv", index=False)
                frame.to_csv(work / "all.csv", index=False)
                a = run_cli(work / "a.csv", work / "a", args.backend)
                b = run_cli(work / "all.csv", work / "b", args.backend, previous=work / "a")
                c = run_cli(work / "all.csv", work / "c", args.backend)
                with_prev = float((b[a.index] == a).mean())
                fresh = float((c[a.index] == a).mean())
                kept, total = carried(a, b)
                shares.append((with_prev, fresh))
                print(
                    f"{column:<14}{seed:>5}{len(a):>7}{len(b):>7}{with_prev:>15.1%}{fresh:>13.1%}"
                    f"{f'{kept}/{total}':>13}",
                    flush=True,
                )
            mean = np.mean(np.array(shares), axis=0)
            print(f"{column:<14}{'mean':>5}{'':>14}{mean[0]:>15.1%}{mean[1]:>13.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
