"""Held-out theme quality: 5-fold cross-validation on the disaster-needs dev split, beside the
in-sample figure (all of dev.csv in one run) and a plain TF-IDF + KMeans baseline, in one run.

The package learns nothing from labels at run time: its codebook and thresholds are fixed before
it sees any answer. So a fold is scored by theming that fold's answers alone, as a new survey
would be, and scoring them against their labels; no label of the scored fold is used anywhere.
`--codebook FILE` replaces the shipped codebook (same JSON shape), to compare word lists.
Prints figures only (no asserts); mean over seeds of the mean over folds.

    .venv/bin/python bench/analysis_cv.py [--seeds 0,1,2] [--folds 5] [--columns text_en,text_original]

The data lives outside the repository (../shared/data/disaster-needs/dev.csv from the repo root);
when it is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import (
    adjusted_mutual_info_score,
    adjusted_rand_score,
    normalized_mutual_info_score,
    v_measure_score,
)
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.codebook import Category, Codebook, load_codebook  # noqa: E402
from analysis.pipeline import ThemeOptions, find_themes  # noqa: E402
from analysis.prepare import prepare  # noqa: E402
from analysis.preprocess import fold_text, stemmer_for, tokenize  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "disaster-needs" / "dev.csv"
K = 8


def scores(labels: pd.Series, clusters: np.ndarray) -> tuple[float, float, float, float]:
    """NMI, ARI, V-measure and AMI. NMI rises by chance on small sets (a fold of 195 answers),
    AMI does not: compare in-sample and fold figures by AMI too."""
    return (
        normalized_mutual_info_score(labels, clusters),
        adjusted_rand_score(labels, clusters),
        v_measure_score(labels, clusters),
        adjusted_mutual_info_score(labels, clusters),
    )


def package(
    frame: pd.DataFrame,
    column: str,
    seed: int,
    codebook: Codebook,
    code_weight: float = 1.0,
    backend: str = "tfidf",
) -> np.ndarray:
    """The library in the CLI's default configuration (no language column: detected)."""
    options = ThemeOptions(
        k=K,
        codebook=codebook,
        id_col="id",
        text_col=column,
        lang_col=None,
        seed=seed,
        code_weight=code_weight,
        backend=backend,
    )
    result = find_themes(frame[["id", column]], options)
    theme = dict(zip(result.assignments["id"], result.assignments["theme_id"], strict=True))
    return frame["id"].astype(str).map(theme).to_numpy()


def baseline(frame: pd.DataFrame, column: str, seed: int, _codebook: Codebook) -> np.ndarray:
    """The README's plain baseline: English stop words, defaults otherwise."""
    matrix = TfidfVectorizer(stop_words="english").fit_transform(frame[column])
    return KMeans(n_clusters=K, random_state=seed, n_init=10).fit_predict(matrix)


def term_hits(frame: pd.DataFrame, column: str, codebook: Codebook) -> dict[tuple, np.ndarray]:
    """(category, lang, term) -> which rows the term matches (in the row's detected language)."""
    texts = frame[column].astype(str).tolist()
    weights = np.ones(len(texts), np.float32)
    langs, _, processed, _, _ = prepare([""] * len(texts), texts, weights, codebook, None, 1, print)
    hits: dict[tuple, np.ndarray] = {}
    for cat in codebook.categories:
        for lang, terms in cat.terms.items():
            stem = stemmer_for(lang)
            for term, _ in terms:
                phrase = tuple(stem(t) for t in tokenize(fold_text(term), lang))
                size = len(phrase)
                found = np.zeros(len(texts), bool)
                for i, (row_lang, p) in enumerate(zip(langs, processed, strict=True)):
                    if row_lang != lang or not size:
                        continue
                    st = p.stems
                    found[i] = any(tuple(st[j : j + size]) == phrase for j in range(len(st) - size + 1))
                hits[(cat.id, lang, term)] = found
    return hits


def seen_in(codebook: Codebook, hits: dict[tuple, np.ndarray], rows: np.ndarray) -> Codebook:
    """The codebook with only the terms that match at least one of `rows`: what word lists grown
    from those rows alone could hold. A term no row matches could not have been learnt from them."""
    cats = [
        Category(
            c.id,
            c.kind,
            dict(c.labels),
            {
                lang: [(t, w) for t, w in terms if hits[(c.id, lang, t)][rows].any()]
                for lang, terms in c.terms.items()
            },
        )
        for c in codebook.categories
    ]
    return Codebook(cats, dict(codebook.meta))


def tuned(
    frame: pd.DataFrame,
    column: str,
    seed: int,
    folds: int,
    codebook: Codebook,
    weights: list[float],
) -> tuple[float, ...]:
    """Each fold themed with the codebook weight that scores best on its training folds (themed
    and scored there); the held-out fold's labels choose nothing. Prints the choices."""
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    per_fold, chosen = [], []
    start = time.perf_counter()
    for train, held in split.split(frame, frame["label"]):
        fit = frame.iloc[train].reset_index(drop=True)
        nmi = {
            w: normalized_mutual_info_score(fit["label"], package(fit, column, seed, codebook, w))
            for w in weights
        }
        best = max(weights, key=lambda w: (nmi[w], -abs(w - 1.0)))
        chosen.append(best)
        part = frame.iloc[held].reset_index(drop=True)
        per_fold.append(scores(part["label"], package(part, column, seed, codebook, best)))
    print(f"  seed {seed}: code_weight chosen on training folds {chosen}", flush=True)
    return (*np.mean(np.array(per_fold), axis=0), time.perf_counter() - start)


def embeddings(frame: pd.DataFrame, column: str, seed: int, codebook: Codebook) -> np.ndarray:
    """The library with `--backend embeddings` (the optional extra)."""
    return package(frame, column, seed, codebook, backend="embeddings")


def remember_encodings() -> None:
    """Encode each distinct text once per bench run: an answer's embedding depends on its text
    alone, not on the fold it sits in, and re-encoding the same 3,022 texts for every fold and
    seed would multiply the run time by seven. The library's own `encode` does the encoding."""
    from analysis import embed

    original = embed.encode
    seen: dict[str, np.ndarray] = {}

    def encode(texts: list[str], model_path: object = None, batch_size: int = 64) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in seen))
        if todo:
            seen.update(zip(todo, original(todo, model_path, batch_size), strict=True))  # type: ignore[arg-type]
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([seen[t] for t in texts])

    embed.encode = encode  # type: ignore[assignment]


PIPELINES = {"package (tfidf)": package, "package (embeddings)": embeddings, "TF-IDF + KMeans": baseline}


def measure(
    frame: pd.DataFrame,
    column: str,
    seeds: list[int],
    folds: int,
    codebook: Codebook,
    hits: dict[tuple, np.ndarray] | None = None,
    weights: list[float] | None = None,
    pipelines: dict | None = None,
) -> dict[tuple[str, str], list[tuple[float, ...]]]:
    """(pipeline, setting) -> per-seed (NMI, ARI, V, AMI, seconds); CV figures are fold means."""
    if pipelines is None:
        pipelines = {n: r for n, r in PIPELINES.items() if n != "package (embeddings)"}
    found: dict[tuple[str, str], list[tuple[float, ...]]] = {}
    for seed in seeds:
        for name, run in pipelines.items():
            start = time.perf_counter()
            whole = scores(frame["label"], run(frame, column, seed, codebook))
            found.setdefault((name, "in-sample"), []).append((*whole, time.perf_counter() - start))
            split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
            per_fold = []
            start = time.perf_counter()
            for _, held in split.split(frame, frame["label"]):
                part = frame.iloc[held].reset_index(drop=True)
                per_fold.append(scores(part["label"], run(part, column, seed, codebook)))
            mean = np.mean(np.array(per_fold), axis=0)
            found.setdefault((name, f"{folds}-fold CV"), []).append((*mean, time.perf_counter() - start))
        if weights:
            found.setdefault(("package (tfidf)", "CV, tuned in train"), []).append(
                tuned(frame, column, seed, folds, codebook, weights)
            )
        if hits is None:
            continue
        # Word lists restricted to what the training folds could have taught.
        split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        per_fold = []
        start = time.perf_counter()
        for train, held in split.split(frame, frame["label"]):
            part = frame.iloc[held].reset_index(drop=True)
            taught = seen_in(codebook, hits, train)
            per_fold.append(scores(part["label"], package(part, column, seed, taught)))
        mean = np.mean(np.array(per_fold), axis=0)
        found.setdefault(("package (tfidf)", "CV, train terms"), []).append(
            (*mean, time.perf_counter() - start)
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--columns", default="text_en,text_original")
    parser.add_argument("--codebook", default=None, help="replace the shipped codebook")
    parser.add_argument(
        "--train-terms",
        action="store_true",
        help="also score each fold with only the codebook terms its training folds contain",
    )
    parser.add_argument(
        "--tune-code-weight",
        default="",
        help="e.g. 0.5,1,2: also choose ThemeOptions.code_weight inside the training folds",
    )
    parser.add_argument("--data", type=Path, default=DATA, help="dev.csv elsewhere (a worktree)")
    parser.add_argument(
        "--backends",
        default="tfidf",
        help="package backends to run beside the baseline: tfidf, embeddings or both (tfidf,embeddings)",
    )
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (the shared data set lives beside the repository)")
        return 0
    seeds = [int(s) for s in args.seeds.split(",")]
    backends = [b for b in args.backends.split(",") if b]
    unknown = set(backends) - {"tfidf", "embeddings"}
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    if "embeddings" in backends:
        from analysis import embed

        if not embed.available():
            print(f"skipped: {embed.MISSING}")
            return 0
        remember_encodings()
    pipelines = {f"package ({b})": PIPELINES[f"package ({b})"] for b in backends}
    pipelines["TF-IDF + KMeans"] = baseline
    codebook = load_codebook(args.codebook, include_shipped=False) if args.codebook else load_codebook()
    data = pd.read_csv(args.data, dtype={"id": str})
    present = data["text_original"].fillna("").str.strip().astype(bool)
    data["as_sent"] = data["text_original"].where(present, data["text_en"])
    source = args.codebook or "shipped"
    print(f"data: {args.data} ({len(data)} rows, k={K}, seeds {seeds}, codebook {source})")
    print(
        f"{'texts':<14}{'pipeline':<22}{'setting':<20}{'n':>6}{'NMI':>7}{'ARI':>7}{'V':>7}"
        f"{'AMI':>7}{'s/seed':>8}  per-seed NMI"
    )
    for column in args.columns.split(","):
        frame = data[data[column].fillna("").str.strip().astype(bool)].reset_index(drop=True)
        hits = term_hits(frame, column, codebook) if args.train_terms else None
        weights = [float(w) for w in args.tune_code_weight.split(",") if w]
        found = measure(frame, column, seeds, args.folds, codebook, hits, weights, pipelines)
        for (name, setting), rows in found.items():
            mean = np.mean(np.array(rows), axis=0)
            per_seed = " / ".join(f"{r[0]:.3f}" for r in rows)
            print(
                f"{column:<14}{name:<22}{setting:<20}{len(frame):>6}{mean[0]:>7.3f}"
                f"{mean[1]:>7.3f}{mean[2]:>7.3f}{mean[3]:>7.3f}{mean[4]:>8.1f}  {per_seed}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
