"""Theme quality on a second real multilingual set, SIB-200 (Flores-200 sentences labelled with 7
topics, the same sentences in every language): the package's analysis (default configuration,
k=7, languages detected) beside plain TF-IDF + KMeans, NMI / ARI / AMI against the topics, per
language and on the mixed set of the eight codebook languages (each sentence once per language),
mean of the seeds; for the mixed set also the cross-language agreement (share of sentences whose
eight translations got one theme) and the share of texts whose language was detected right.
Prints figures only (no asserts).

    .venv/bin/python bench/analysis_sib200.py --data /work/data/sib200 [--seeds 0,1,2] [--split test]

The data is not in the repository (its licence asks for attribution and share-alike): DIR holds
LANG/test.tsv as github.com/dadelani/sib-200 ships them under data/annotated/ (columns index_id,
category, text). When DIR is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, normalized_mutual_info_score

from analysis import ThemeOptions, find_themes

K = 7
# SIB-200 (Flores-200) language codes of the codebook's eight languages.
LANGS = {
    "eng_Latn": "en",
    "spa_Latn": "es",
    "fra_Latn": "fr",
    "hat_Latn": "ht",
    "vie_Latn": "vi",
    "arb_Arab": "ar",
    "som_Latn": "so",
    "npi_Deva": "ne",
}


def load(data: Path, split: str) -> pd.DataFrame:
    """One row per sentence and language: id (LANG:index_id), index_id, lang, category, text."""
    frames = []
    for code, lang in LANGS.items():
        path = data / code / f"{split}.tsv"
        if not path.is_file():
            print(f"{code}: {path} missing, left out")
            continue
        frame = pd.read_csv(path, sep="\t", dtype={"index_id": str}, keep_default_na=False)
        frame["lang"], frame["id"] = lang, code + ":" + frame["index_id"]
        frames.append(frame[["id", "index_id", "lang", "category", "text"]])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def check(frame: pd.DataFrame) -> None:
    """Every language holds the same sentence ids with the same topics, or the mixed set is wrong."""
    first = None
    for lang, part in frame.groupby("lang", sort=False):
        pairs = dict(zip(part["index_id"], part["category"], strict=True))
        first = first or pairs
        assert pairs == first, f"{lang}: sentence ids or topics differ from the first language"
        print(f"{lang}: {len(part)} sentences, {part['category'].nunique()} topics")


def scores(labels: pd.Series, clusters: pd.Series) -> np.ndarray:
    return np.array(
        [
            normalized_mutual_info_score(labels, clusters),
            adjusted_rand_score(labels, clusters),
            adjusted_mutual_info_score(labels, clusters),
        ]
    )


def package(frame: pd.DataFrame, seed: int) -> tuple[pd.Series, pd.Series]:
    """The analysis as the app runs it, languages detected (no lang column): themes, languages."""
    result = find_themes(frame[["id", "text"]], ThemeOptions(k=K, seed=seed))
    got = result.assignments.set_index(result.assignments["id"].astype(str))
    ids = frame["id"].astype(str)
    return ids.map(got["theme_id"]).reset_index(drop=True), ids.map(got["lang"]).reset_index(drop=True)


def baseline(frame: pd.DataFrame, seed: int) -> pd.Series:
    """Plain TF-IDF (no stop words: the set is multilingual) + KMeans with k=7."""
    matrix = TfidfVectorizer().fit_transform(frame["text"])
    return pd.Series(KMeans(n_clusters=K, random_state=seed, n_init=10).fit_predict(matrix))


def agreement(frame: pd.DataFrame, clusters: pd.Series) -> float:
    """Share of sentence ids whose translations all share one theme."""
    grouped = pd.DataFrame({"index_id": frame["index_id"].to_numpy(), "c": clusters.to_numpy()})
    return float((grouped.groupby("index_id")["c"].nunique() == 1).mean())


def measure(name: str, frame: pd.DataFrame, seeds: list[int], mixed: bool) -> None:
    frame = frame.reset_index(drop=True)
    found: dict[str, list[np.ndarray]] = {}
    detected: list[float] = []
    for seed in seeds:
        start = time.perf_counter()
        themes, langs = package(frame, seed)
        took = time.perf_counter() - start
        extra = [agreement(frame, themes)] if mixed else []
        found.setdefault("analysis (tfidf, default)", []).append(
            np.array([*scores(frame["category"], themes), *extra, took])
        )
        detected.append(float((langs == frame["lang"]).mean()))
        start = time.perf_counter()
        plain = baseline(frame, seed)
        took = time.perf_counter() - start
        extra = [agreement(frame, plain)] if mixed else []
        found.setdefault("TF-IDF + KMeans", []).append(
            np.array([*scores(frame["category"], plain), *extra, took])
        )
    for pipeline, rows in found.items():
        m = np.mean(rows, axis=0)
        agree = f"{m[3] * 100:>7.1f}%" if mixed else f"{'':>8}"
        lang_ok = f"{np.mean(detected) * 100:>7.1f}%" if pipeline.startswith("analysis") else f"{'':>8}"
        print(
            f"{name:<8}{pipeline:<28}{len(frame):>6}{m[0]:>7.3f}{m[1]:>7.3f}{m[2]:>7.3f}"
            f"{agree}{lang_ok}{m[-1]:>8.1f}",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--split", default="test")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} not found (the SIB-200 files live outside the repository)")
        return 0
    frame = load(args.data, args.split)
    if frame.empty:
        print(f"skipped: no LANG/{args.split}.tsv under {args.data}")
        return 0
    check(frame)
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"data: {args.data} ({args.split}, k={K}, seeds {seeds}, mean of seeds)")
    print(
        f"{'texts':<8}{'pipeline':<28}{'n':>6}{'NMI':>7}{'ARI':>7}{'AMI':>7}"
        f"{'agree':>8}{'lang ok':>8}{'time s':>8}"
    )
    for lang, part in frame.groupby("lang", sort=False):
        measure(str(lang), part, seeds, mixed=False)
    if frame["lang"].nunique() > 1:
        measure("mixed", frame, seeds, mixed=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
