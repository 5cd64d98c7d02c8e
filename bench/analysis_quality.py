"""Theme quality on real labelled messages: the analysis CLI (default configuration, k=8) beside a
plain TF-IDF + KMeans baseline, NMI / ARI / V-measure against the labels, on text_en, on
text_original and on "as_sent" (the original where there is one, else the English: a mixed-language
set). Each backend of the CLI is a row; `embeddings` is measured only when its extra is installed.
Prints figures only (no asserts).

    .venv/bin/python bench/analysis_quality.py [--seeds 0,1,2] [--backends tfidf,embeddings]

The data lives outside the repository (../shared/data/disaster-needs/dev.csv from the repo root);
when it is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, v_measure_score

from analysis import embed

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "disaster-needs" / "dev.csv"
K = 8


def scores(labels: pd.Series, clusters: pd.Series) -> tuple[float, float, float]:
    return (
        normalized_mutual_info_score(labels, clusters),
        adjusted_rand_score(labels, clusters),
        v_measure_score(labels, clusters),
    )


def run_cli(
    frame: pd.DataFrame, column: str, seed: int, backend: str, workdir: Path
) -> tuple[pd.Series, float]:
    source = workdir / f"{column}.csv"
    frame[["id", column]].to_csv(source, index=False)
    out = workdir / f"out-{column}-{seed}-{backend}"
    cmd = [
        sys.executable,
        "-m",
        "analysis",
        "themes",
        str(source),
        "--id-col",
        "id",
        "--text-col",
        column,
        "--k",
        str(K),
        "--seed",
        str(seed),
        "--backend",
        backend,
        "--out",
        str(out),
        "--quiet",
    ]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    elapsed = time.perf_counter() - start
    assigned = pd.read_csv(out / "assignments.csv", dtype={"id": str})
    theme = dict(zip(assigned["id"], assigned["theme_id"], strict=True))
    return frame["id"].astype(str).map(theme), elapsed


def baseline(texts: pd.Series, seed: int) -> np.ndarray:
    # The README's "plain" baseline: English stop words, defaults otherwise (NMI ~0.25 on text_en).
    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    return KMeans(n_clusters=K, random_state=seed, n_init=10).fit_predict(matrix)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--backends", default="tfidf,embeddings")
    parser.add_argument("--columns", default="text_en,text_original,as_sent")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"skipped: {DATA} not found (the shared data set lives beside the repository)")
        return 0
    seeds = [int(s) for s in args.seeds.split(",")]
    backends = [b for b in args.backends.split(",") if b]
    if "embeddings" in backends and not embed.available():
        print("embeddings: extra not installed, measuring tfidf only")
        backends.remove("embeddings")
    data = pd.read_csv(DATA, dtype={"id": str})
    present = data["text_original"].fillna("").str.strip().astype(bool)
    data["as_sent"] = data["text_original"].where(present, data["text_en"])
    print(f"data: {DATA} ({len(data)} rows, k={K}, seeds {seeds})")
    print(f"{'texts':<14}{'pipeline':<30}{'n':>6}{'NMI':>8}{'ARI':>8}{'V':>8}{'time s':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for column in args.columns.split(","):
            frame = data[data[column].fillna("").str.strip().astype(bool)].reset_index(drop=True)
            rows: dict[str, list[tuple[float, ...]]] = {}
            for seed in seeds:
                for backend in backends:
                    clusters, elapsed = run_cli(frame, column, seed, backend, Path(tmp))
                    rows.setdefault(f"analysis CLI ({backend})", []).append(
                        (*scores(frame["label"], clusters), elapsed)
                    )
                start = time.perf_counter()
                predicted = baseline(frame[column], seed)
                rows.setdefault("TF-IDF + KMeans baseline", []).append(
                    (*scores(frame["label"], pd.Series(predicted)), time.perf_counter() - start)
                )
            for name, found in rows.items():
                mean = np.mean(np.array(found), axis=0)
                print(
                    f"{column:<14}{name:<30}{len(frame):>6}{mean[0]:>8.3f}{mean[1]:>8.3f}"
                    f"{mean[2]:>8.3f}{mean[3]:>9.1f}"
                )
            for name, found in rows.items():
                if name.startswith("analysis"):
                    nmis = ", ".join(f"{r[0]:.3f}" for r in found)
                    print(f"{'':<14}per-seed NMI, {name}: {nmis}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
